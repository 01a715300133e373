from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "samverkan.initiatives"
    label = "initiatives"
    verbose_name = _("Initiativ och samverkansprojekt")

    def ready(self):
        from samverkan.core import navigation, search

        from .models import Initiative

        navigation.register(_("Initiativ"), "initiatives:initiatives", order=62,
                            group="planering")
        search.register(Initiative, ("name", "problem"), _("Initiativ"),
                        select_related=("organisation",))
