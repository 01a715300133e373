from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "samverkan.organisations"
    label = "organisations"
    verbose_name = _("Organisationer")

    def ready(self):
        from samverkan.core import navigation, search

        from . import oidc  # noqa: F401 (registers the check of the single sign-on settings)
        from .models import Organisation, Person

        search.register(Organisation, ("name", "municipality_code", "org_number"),
                        _("Organisationer"))
        search.register(Person, ("name", "email", "title"), _("Personer"),
                        select_related=("organisation",))
        navigation.register(_("Organisationer"), "organisations:organisations", order=91,
                            group="register")
        navigation.register(_("Personer"), "organisations:people", order=92, group="register")
        navigation.register(_("Användare och roller"), "organisations:users", order=97,
                            group="register")
        navigation.register(_("API-nycklar"), "organisations:api_tokens", order=99,
                            group="register")
