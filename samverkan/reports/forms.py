"""A document's choice of sections and format, and the template upload."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samverkan.core.forms import ChildForm, require_version, style
from samverkan.organisations.models import related_organisation_ids

from . import analyses, registry
from .models import DecisionBasis, IssuedReport


class PackForm(forms.Form):
    sections = forms.MultipleChoiceField(label=_("Avsnitt"), widget=forms.CheckboxSelectMultiple)
    format = forms.ChoiceField(label=_("Format"), choices=IssuedReport.Format.choices,
                               initial=IssuedReport.Format.PPTX, widget=forms.RadioSelect)
    background = forms.BooleanField(
        label=_("Ta fram i bakgrunden och visa förloppet (för stora rapporter)"), required=False)

    def __init__(self, *args, kind: str = registry.STEERING_PACK, **kwargs):
        super().__init__(*args, **kwargs)
        sections = registry.sections(kind)
        self.fields["sections"].choices = [(s.key, s.label) for s in sections]
        self.fields["sections"].initial = [s.key for s in sections if s.default]
        style(self)


class TemplateForm(forms.Form):
    template = forms.FileField(label=_("PowerPoint-mall (.pptx)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)

    def clean_template(self):
        upload = self.cleaned_data["template"]
        from pptx import Presentation

        if not upload.name.lower().endswith(".pptx"):
            raise forms.ValidationError(_("Välj en PowerPoint-fil (.pptx)."))
        try:
            Presentation(upload)
        except Exception as exc:  # any unreadable file is the same error for the user
            raise forms.ValidationError(_("Filen går inte att läsa som PowerPoint.")) from exc
        upload.seek(0)
        return upload


class AnalysesForm(forms.Form):
    """The analyses chosen for a meeting's pack; none chosen: its organisation's own."""

    calculations = forms.ModelMultipleChoiceField(
        label=_("Beräkningar"), queryset=None, required=False,
        widget=forms.CheckboxSelectMultiple)
    scenarios = forms.ModelMultipleChoiceField(
        label=_("Scenarier"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple)
    licence_year = forms.IntegerField(
        label=_("Licensjämförelsens år"), required=False, min_value=1990, max_value=2100,
        help_text=_("Tomt: beräkningarnas år, annars det senaste avstämda året före mötet."))
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, meeting, user, **kwargs):
        self.record = analyses.stored(meeting)
        if self.record is not None and "data" not in kwargs and not args:
            kwargs["initial"] = {
                "calculations": list(self.record.calculations.values_list("pk", flat=True)),
                "scenarios": list(self.record.scenarios.values_list("pk", flat=True)),
                "licence_year": self.record.licence_year}
        super().__init__(*args, **kwargs)
        calculations, scenarios = analyses.candidates(meeting, user)
        self.fields["calculations"].queryset = calculations
        self.fields["scenarios"].queryset = scenarios
        if self.record is not None:
            require_version(self.fields["expected_version"], self.record.version)
        for name in ("calculations", "scenarios"):
            self.fields[name].widget.attrs["class"] = "form-check-input"
        style(self)


TEXT = forms.Textarea(attrs={"rows": 4})


class DecisionBasisForm(ChildForm):
    """A decision basis of an agenda item (the form's parent): its texts and what its figures
    come from, among the records of the meeting's organisation, its members and cooperations."""

    class Meta:
        model = DecisionBasis
        fields = ["subject", "background", "management_object", "current_note", "scenario",
                  "initiative", "risk_note", "proposal", "appendices"]
        widgets = {name: TEXT for name in ("subject", "background", "current_note", "risk_note",
                                           "proposal", "appendices")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        related = related_organisation_ids(self.parent.meeting.organisation_id)
        for name in ("management_object", "scenario", "initiative"):
            field = self.fields[name]
            field.queryset = field.queryset.filter(organisation_id__in=related)
