from .benchmarks import (  # noqa: F401
    ITCostCategoryArchiveView,
    ITCostCategoryEditView,
    KeyFigureImportPreviewView,
    KeyFigureImportView,
    benchmark,
)
from .calculations import (  # noqa: F401
    CalculationArchiveView,
    CalculationDetailView,
    CalculationEditView,
    HourlyCostEditView,
    index,
    licence_comparison,
)
from .scenarios import (  # noqa: F401
    ScenarioDetailView,
    ScenarioEditView,
    add_step,
    compare_scenarios,
    move_step,
    remove_step,
)
