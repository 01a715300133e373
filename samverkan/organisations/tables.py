import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from samverkan.core.tables import QuickRowsTable

from .models import Organisation, Person


class OrganisationTable(QuickRowsTable):
    name = tables.Column(linkify=True, verbose_name=_("Namn"))
    kind = tables.Column(verbose_name=_("Typ"))
    municipality_code = tables.Column(verbose_name=_("Kommunkod"))
    org_number = tables.Column(verbose_name=_("Organisationsnummer"))

    class Meta:
        model = Organisation
        fields = ("name", "kind", "municipality_code", "county_code", "org_number")
        attrs = {"class": "table table-sm table-hover"}
        empty_text = _("Inga organisationer matchar filtret.")


class PersonTable(QuickRowsTable):
    name = tables.Column(linkify=True, verbose_name=_("Namn"))

    class Meta:
        model = Person
        fields = ("name", "title", "organisation", "email", "phone")
        attrs = {"class": "table table-sm table-hover"}
        empty_text = _("Inga personer matchar filtret.")
