from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "samverkan.initiatives"
    label = "initiatives"
    verbose_name = _("Initiativ och samverkansprojekt")

    def ready(self):
        from samverkan.core import navigation, panels, search
        from samverkan.portfolio.models import ManagementObject

        from .models import Initiative
        from .panels import object_panel

        navigation.register(_("Initiativ"), "initiatives:initiatives", order=63,
                            group="planering")
        navigation.register(_("Initiativ per steg"), "initiatives:pipeline", order=64,
                            group="planering")
        navigation.register(_("Nyttouppföljning"), "initiatives:benefits", order=65,
                            group="planering")
        panels.register(ManagementObject, "initiatives/_object_panel.html", object_panel)
        search.register(Initiative, ("name", "problem"), _("Initiativ"),
                        select_related=("organisation",))
