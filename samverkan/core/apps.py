import datetime

from django.apps import AppConfig
from django.db.models import fields
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "samverkan.core"
    label = "core"
    verbose_name = _("Grund")

    def ready(self):
        from . import (
            authentication,  # noqa: F401 (connects its signal receivers)
            navigation,
            schedule,
            tasks,
        )

        # Django 6.1's empty choice "- Select an option -" has no Swedish translation
        fields.BLANK_CHOICE_LABEL = _("– Välj –")
        navigation.register_group("register", _("Register"), order=90)
        navigation.register(_("Importer"), "core:imports", order=96, group="register")
        navigation.register(_("API-dokumentation"), "api-docs", order=98, group="register")
        schedule.register("prune-task-results", tasks.prune_task_results,
                          every=datetime.timedelta(days=1))
