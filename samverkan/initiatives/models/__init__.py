"""The initiatives app's models, one module per part."""

from .benefits import Benefit, BenefitYear, CostYear
from .initiatives import Initiative, StageChange
from .participation import Agreement, ExternalParty, Participation, Payment
from .prioritisation import (
    DEFAULT_CRITERIA,
    Criterion,
    PrioritisationDecision,
    Routine,
    Score,
)

__all__ = [
    "DEFAULT_CRITERIA", "Agreement", "Benefit", "BenefitYear", "CostYear", "Criterion",
    "ExternalParty", "Initiative", "Participation", "Payment", "PrioritisationDecision", "Routine",
    "Score",
    "StageChange",
]
