from .overview import time_overview  # noqa: F401
from .questionnaires import (  # noqa: F401
    QuestionnaireDetailView,
    QuestionnaireListView,
    copy_questionnaire,
    edit_weights,
)
from .rounds import (  # noqa: F401
    AssessmentArchiveView,
    AssessmentDetailView,
    AssessmentEditView,
    AssessmentListView,
    RespondentDeleteView,
    RespondentEditView,
    answer,
    close_round,
    create_initiative,
)
