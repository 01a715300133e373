from .calculations import (  # noqa: F401
    CalculationArchiveView,
    CalculationDetailView,
    CalculationEditView,
    HourlyCostEditView,
    index,
    licence_comparison,
)
from .scenarios import ScenarioDetailView, ScenarioEditView, add_step, compare_scenarios  # noqa: F401
