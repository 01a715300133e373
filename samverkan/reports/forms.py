"""A document's choice of sections and format, and the template upload."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from samverkan.core.forms import require_version, style

from . import analyses, registry
from .models import IssuedReport


class PackForm(forms.Form):
    sections = forms.MultipleChoiceField(label=_("Avsnitt"), widget=forms.CheckboxSelectMultiple)
    format = forms.ChoiceField(label=_("Format"), choices=IssuedReport.Format.choices,
                               initial=IssuedReport.Format.PPTX, widget=forms.RadioSelect)

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
