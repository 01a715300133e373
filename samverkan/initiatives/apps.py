from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class InitiativesConfig(AppConfig):
    name = "samverkan.initiatives"
    label = "initiatives"
    verbose_name = _("Initiativ och samverkansprojekt")

    def ready(self):
        from samverkan.core import navigation, panels, search
        from samverkan.portfolio.models import ManagementObject

        from .models import Initiative
        from .panels import object_panel

        navigation.register(pgettext_lazy("flera", "Initiativ"), "initiatives:initiatives", order=63,
                            group="planering")
        navigation.register(_("Initiativ per steg"), "initiatives:pipeline", order=64,
                            group="planering")
        navigation.register(_("Nyttouppföljning"), "initiatives:benefits", order=65,
                            group="planering")
        panels.register(ManagementObject, "initiatives/_object_panel.html", object_panel)
        search.register(Initiative, ("name", "problem"), pgettext_lazy("flera", "Initiativ"),
                        select_related=("organisation",))
