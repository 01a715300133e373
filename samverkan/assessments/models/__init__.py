from .questionnaires import (  # noqa: F401
    AREA_RESPONDENTS,
    AXIS_OF_AREA,
    Area,
    EconomyField,
    Questionnaire,
    Statement,
    SubArea,
)
from .rounds import (  # noqa: F401
    Answer,
    Assessment,
    AssessmentReminder,
    Disposition,
    EconomyValue,
    Respondent,
    ResultRow,
)
