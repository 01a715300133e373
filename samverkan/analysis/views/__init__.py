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
from .consolidation import create_initiative as consolidation_initiative  # noqa: F401
from .consolidation import finder as consolidation_finder  # noqa: F401
from .scenarios import (  # noqa: F401
    ScenarioDetailView,
    ScenarioEditView,
    add_step,
    compare_scenarios,
    move_step,
    remove_step,
)
