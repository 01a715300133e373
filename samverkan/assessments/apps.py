from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "samverkan.assessments"
    label = "assessments"
    verbose_name = _("Bedömningar")

    def ready(self):
        import datetime

        from samverkan.core import navigation, schedule

        from .tasks import send_assessment_reminders

        navigation.register(_("Bedömningar"), "assessments:assessments", order=66,
                            group="planering")
        navigation.register(_("TIME och ej bedömda system"), "assessments:time", order=67,
                            group="planering")
        navigation.register(_("Frågeformulär"), "assessments:questionnaires", order=68,
                            group="planering")
        # each respondent is reminded at most once a week (recorded), so a missed run costs nothing
        schedule.register("assessment-reminders", send_assessment_reminders,
                          every=datetime.timedelta(hours=6))
