import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from samverkan.core.tables import NUM, TABLE_ATTRS, QuickRowsTable

from .models import Assessment, Questionnaire


class AssessmentTable(QuickRowsTable):
    system = tables.Column(linkify=lambda record: record.get_absolute_url(),
                           verbose_name=_("System"))
    organisation = tables.Column(verbose_name=_("Kommun"))
    opened_on = tables.DateColumn(verbose_name=_("Startad"))
    state = tables.Column(verbose_name=_("Status"))
    business_value = tables.Column(verbose_name=_("Verksamhetsvärde"), attrs=NUM)
    technical_fit = tables.Column(verbose_name=_("Teknik och leverantör"), attrs=NUM)
    disposition = tables.Column(verbose_name=_("TIME"))
    legal_knock_out = tables.BooleanColumn(verbose_name=_("Brister i legala krav"))

    class Meta:
        model = Assessment
        fields = ("system", "organisation", "opened_on", "state", "business_value",
                  "technical_fit", "disposition", "legal_knock_out")
        attrs = TABLE_ATTRS
        empty_text = _("Inga bedömningar matchar filtret.")


class QuestionnaireTable(QuickRowsTable):
    name = tables.Column(linkify=True, verbose_name=_("Namn"))
    edition = tables.Column(verbose_name=_("Version"), attrs=NUM)
    is_default = tables.BooleanColumn(verbose_name=_("Standardversion"))

    class Meta:
        model = Questionnaire
        fields = ("name", "edition", "is_default")
        attrs = TABLE_ATTRS
        empty_text = _("Inga frågeformulär.")
