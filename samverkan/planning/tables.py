import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from samverkan.core.tables import TABLE_ATTRS, DateColumn, QuickRowsTable

from .models import Meeting, Plan


class PlanTable(QuickRowsTable):
    name = tables.Column(linkify=True, verbose_name=_("Namn"))
    kind = tables.Column(verbose_name=_("Typ"))
    year = tables.Column(verbose_name=_("År"))
    management_object = tables.Column(verbose_name=_("Förvaltningsobjekt"))
    organisation = tables.Column(verbose_name=_("Ägare"))
    revision = tables.Column(verbose_name=_("Version"))
    state = tables.Column(verbose_name=_("Status"))
    approved_on = DateColumn(verbose_name=_("Fastställd"))

    class Meta:
        model = Plan
        fields = ("name", "kind", "year", "management_object", "organisation", "revision",
                  "state", "approved_on")
        attrs = TABLE_ATTRS
        empty_text = _("Inga planer matchar filtret.")


class MeetingTable(QuickRowsTable):
    title = tables.Column(linkify=True, verbose_name=_("Möte"))
    held_on = DateColumn(verbose_name=_("Datum"))
    management_object = tables.Column(verbose_name=_("Förvaltningsobjekt"))
    project = tables.Column(verbose_name=_("Projekt"))
    organisation = tables.Column(verbose_name=_("Ägare"))
    place = tables.Column(verbose_name=_("Plats"))
    minutes_approved_on = DateColumn(verbose_name=_("Justerat"))

    class Meta:
        model = Meeting
        fields = ("title", "held_on", "management_object", "project", "organisation", "place",
                  "minutes_approved_on")
        attrs = TABLE_ATTRS
        empty_text = _("Inga möten matchar filtret.")
