from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "samverkan.core"
    label = "core"
    verbose_name = _("Grund")

    def ready(self):
        from . import authentication  # noqa: F401 (connects its signal receivers)
