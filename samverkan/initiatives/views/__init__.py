from .pages import (  # noqa: F401
    InitiativeAddView,
    InitiativeArchiveView,
    InitiativeDetailView,
    InitiativeEditView,
    InitiativeListView,
    change_stage,
    register_interest,
)
