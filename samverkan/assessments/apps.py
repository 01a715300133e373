from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AssessmentsConfig(AppConfig):
    name = "samverkan.assessments"
    label = "assessments"
    verbose_name = _("Bedömningar")

    def ready(self):
        import datetime

        from django.db.models.signals import post_delete, post_save, pre_save

        from samverkan.core import navigation, schedule

        from .models import Assessment
        from .services import latest
        from .tasks import send_assessment_reminders

        pre_save.connect(latest.before_save, sender=Assessment,
                         dispatch_uid="assessment-latest")
        post_save.connect(latest.on_save, sender=Assessment, dispatch_uid="assessment-latest")
        post_delete.connect(latest.on_delete, sender=Assessment,
                            dispatch_uid="assessment-latest")
        navigation.register(_("Bedömningar"), "assessments:assessments", order=66,
                            group="planering")
        navigation.register(_("TIME och ej bedömda system"), "assessments:time", order=67,
                            group="planering")
        navigation.register(pgettext_lazy("flera", "Frågeformulär"), "assessments:questionnaires", order=68,
                            group="planering")
        # each respondent is reminded at most once a week (recorded), so a missed run costs nothing
        schedule.register("assessment-reminders", send_assessment_reminders,
                          every=datetime.timedelta(hours=6))
