from .basis import member_basis  # noqa: F401
from .benefits import benefit_follow_up  # noqa: F401
from .pages import (  # noqa: F401
    InitiativeAddView,
    InitiativeArchiveView,
    InitiativeDetailView,
    InitiativeEditView,
    InitiativeListView,
    change_stage,
    register_interest,
)
from .parts import (  # noqa: F401
    BenefitDeleteView,
    BenefitEditView,
    BenefitYearDeleteView,
    BenefitYearEditView,
    CostYearDeleteView,
    CostYearEditView,
    ExternalPartyDeleteView,
    ExternalPartyEditView,
    PaymentDeleteView,
    PaymentEditView,
    agreement_document,
    invoice,
    sign,
)
from .pipeline import pipeline  # noqa: F401
from .priorities import priorities  # noqa: F401
