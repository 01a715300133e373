from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganisationsConfig(AppConfig):
    name = "samverkan.organisations"
    label = "organisations"
    verbose_name = _("Organisationer")

    def ready(self):
        from samverkan.core import search

        from . import oidc  # noqa: F401 (registers the check of the single sign-on settings)
        from .models import Organisation, Person

        search.register(Organisation, ("name", "municipality_code", "org_number"),
                        _("Organisationer"))
        search.register(Person, ("name", "email", "title"), _("Personer"),
                        select_related=("organisation",))
