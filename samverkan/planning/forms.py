"""Forms for plans and their parts, meetings, decisions and actions. Amounts are typed in kronor
(stored in öre), hours the Swedish way (`173,5`)."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext_lazy as _

from samverkan.contracts.models import Contract, ContractExtensionOption
from samverkan.core.formatting import kronor_to_ore, ore_to_kronor
from samverkan.core.forms import ChildForm, GovernedModelForm, KronorField, style
from samverkan.organisations.models import Organisation, Person
from samverkan.portfolio.models import ManagementObject, System

from .models import (
    Action,
    Activity,
    AgendaItem,
    Decision,
    Estimate,
    Goal,
    Meeting,
    Plan,
    PlanSteeringMember,
    Release,
    Risk,
    SteeringGroup,
    TimeReport,
    risk_scale,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
TEXT = forms.Textarea(attrs={"rows": 3})


def person_with_organisation(person) -> str:
    return f"{person.name} ({person.organisation})" if person.organisation_id else person.name


class HoursField(forms.DecimalField):
    """Hours typed with a comma or a point: `173,5`."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_digits", 9)
        kwargs.setdefault("decimal_places", 2)
        kwargs.setdefault("min_value", 0)
        super().__init__(*args, **kwargs)
        self.widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
        try:
            return super().to_python(value)
        except (InvalidOperation, forms.ValidationError):
            raise forms.ValidationError(_("Skriv ett antal timmar, t.ex. 173,5."),
                                        code="invalid") from None

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return f"{value.normalize():f}".replace(".", ",")
        return value


def kronor_field(label, required=True):
    return KronorField(label=label, required=required)


class OreMixin:
    """Form fields in kronor for model fields in öre: {form field: model field}."""

    ore_fields: dict[str, str] = {}

    def init_ore(self):
        for name, ore in self.ore_fields.items():
            value = getattr(self.instance, ore, None)
            if value is not None and (self.instance.pk or value):
                self.fields[name].initial = ore_to_kronor(value)

    def clean_ore(self, data):
        for name, ore in self.ore_fields.items():
            value = data.get(name)
            setattr(self.instance, ore, kronor_to_ore(value) if value is not None else 0)


# -- plans -----------------------------------------------------------------------------------------

class PlanForm(GovernedModelForm):
    class Meta:
        model = Plan
        fields = ["kind", "name", "management_object", "year", "organisation", "starts_on",
                  "ends_on", "mission", "stakeholders", "processes", "change_handling",
                  "reporting_frequency", "participants"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "mission": TEXT, "stakeholders": TEXT,
                   "processes": TEXT, "change_handling": TEXT, "participants": TEXT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].required = False
        self.fields["organisation"].help_text = _(
            "Förvaltningsplan: lämna tomt, planen ägs av förvaltningsobjektets ägare. "
            "Projektplan: den organisation som äger projektet.")
        if self.instance.pk:  # a plan does not change kind or object; revise or start anew
            for name in ("kind", "management_object"):
                self.fields[name].disabled = True
        if not self.instance.pk and not self.initial.get("year"):
            self.fields["year"].initial = datetime.date.today().year

    def clean(self):
        data = super().clean()
        obj = data.get("management_object")
        if data.get("kind") == Plan.Kind.MANAGEMENT and obj is not None:
            if data.get("organisation") not in (None, obj.organisation):
                self.add_error("organisation", _(
                    "En förvaltningsplan ägs av förvaltningsobjektets ägare (%(owner)s).") % {
                    "owner": obj.organisation})
            data["organisation"] = obj.organisation
            self.instance.organisation = obj.organisation
        elif data.get("kind") == Plan.Kind.PROJECT:
            data["management_object"] = None
            if data.get("organisation") is None:
                self.add_error("organisation", _("Ange vilken organisation som äger projektet."))
        return data


class TransitionForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ApproveForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    decision = forms.ModelChoiceField(
        label=_("Beslut (§) på styrgruppsmöte"), required=False, queryset=Decision.objects.none(),
        help_text=_("Lämna tomt när objektägaren fastställer planen utan möte."))
    approved_on = forms.DateField(label=_("Datum"), required=False, widget=DATE,
                                  help_text=_("Tomt: mötets datum, eller i dag."))
    reference = forms.CharField(label=_("Beslutsreferens"), max_length=100, required=False,
                                help_text=_("T.ex. diarienummer, när beslutet inte finns här."))

    def __init__(self, *args, plan: Plan, user, **kwargs):
        super().__init__(*args, **kwargs)
        decisions = Decision.objects.for_user(user).filter(plan__isnull=True) | \
            Decision.objects.for_user(user).filter(plan=plan)
        if plan.kind == Plan.Kind.MANAGEMENT:
            decisions = decisions.filter(meeting__management_object=plan.management_object_id)
        else:
            decisions = decisions.filter(meeting__project=plan)
        self.fields["decision"].queryset = decisions.select_related("meeting").order_by(
            "-year", "-number")
        style(self)


class SteeringMemberForm(ChildForm):
    class Meta:
        model = PlanSteeringMember
        fields = ["person", "organisation", "mandate", "is_chair"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.for_user(self.user).filter(
            archived_at__isnull=True).select_related("organisation")


class GoalForm(ChildForm):
    class Meta:
        model = Goal
        fields = ["title", "indicator", "baseline", "target", "follow_up", "light", "percent",
                  "outcome", "comment"]
        widgets = {"comment": TEXT}


class ActivityForm(OreMixin, ChildForm):
    budget = kronor_field(_("Budget (kr)"), required=False)
    internal_hours = HoursField(label=_("Budget interna timmar"), required=False)
    external_hours = HoursField(label=_("Budget externa konsulttimmar"), required=False)
    ore_fields = {"budget": "budget_ore"}

    class Meta:
        model = Activity
        fields = ["title", "description", "kind", "responsible", "participants", "planned_start",
                  "planned_end", "actual_start", "actual_end", "internal_hours", "external_hours",
                  "budget", "status", "decision_basis", "decision"]
        widgets = {"description": TEXT, "decision_basis": TEXT, "planned_start": DATE,
                   "planned_end": DATE,
                   "actual_start": DATE, "actual_end": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.init_ore()
        plan = self.parent
        self.fields["decision"].queryset = Decision.objects.for_user(self.user).filter(
            meeting__in=_group_meetings(plan)).select_related("meeting")
        for name in ("responsible", "participants"):  # a person with their organisation
            self.fields[name].queryset = self.fields[name].queryset.select_related(
                "organisation")
            self.fields[name].label_from_instance = person_with_organisation

    def clean(self):
        data = super().clean()
        self.clean_ore(data)
        for name in ("internal_hours", "external_hours"):
            if data.get(name) is None:
                data[name] = Decimal(0)
                self.instance.__dict__[name] = Decimal(0)
        return data


def _group_meetings(plan: Plan):
    if plan.kind == Plan.Kind.MANAGEMENT:
        return Meeting.objects.filter(management_object_id=plan.management_object_id)
    return Meeting.objects.filter(project=plan)


class TimeReportForm(OreMixin, ChildForm):
    hours = HoursField(label=_("Timmar"))
    cost = kronor_field(_("Kostnad (kr)"), required=False)
    ore_fields = {"cost": "cost_ore"}

    class Meta:
        model = TimeReport
        fields = ["activity", "date", "category", "hours", "cost", "person", "note"]
        widgets = {"date": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.init_ore()
        self.fields["activity"].queryset = self.parent.activities.all()
        if not self.instance.pk:
            self.fields["date"].initial = datetime.date.today()

    def clean(self):
        data = super().clean()
        self.clean_ore(data)
        return data


class EstimateForm(OreMixin, ChildForm):
    remaining_hours = HoursField(label=_("Bedömt återstående (timmar)"))
    remaining = kronor_field(_("Bedömd återstående kostnad (kr)"), required=False)
    ore_fields = {"remaining": "remaining_ore"}

    class Meta:
        model = Estimate
        fields = ["as_of", "category", "remaining_hours", "remaining", "comment"]
        widgets = {"as_of": DATE, "comment": TEXT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.init_ore()

    def clean(self):
        data = super().clean()
        self.clean_ore(data)
        clash = Estimate.objects.filter(plan=self.parent, as_of=data.get("as_of"),
                                        category=data.get("category")).exclude(pk=self.instance.pk)
        if clash.exists():
            self.add_error("as_of", _("Det finns redan en bedömning för den dagen och kategorin."))
        return data


class RiskForm(ChildForm):
    class Meta:
        model = Risk
        fields = ["number", "description", "probability", "impact", "measure", "owner",
                  "owner_initials", "affected", "status", "occurred", "outcome", "outcome_on"]
        widgets = {"description": TEXT, "measure": TEXT, "outcome": TEXT, "outcome_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["affected"].queryset = Organisation.objects.order_by("name")
        self.fields["affected"].widget.attrs["class"] = "form-select"
        scale = risk_scale()
        for name in ("probability", "impact"):
            self.fields[name].widget.attrs.update(min=1, max=scale)
            self.fields[name].help_text = _("1 (lägst) till %(max)s (högst).") % {"max": scale}
        if not self.instance.pk:
            highest = self.parent.risks.order_by("-number").values_list("number", flat=True)
            self.fields["number"].initial = (highest.first() or 0) + 1

    def clean(self):
        data = super().clean()
        clash = Risk.objects.filter(plan=self.parent, number=data.get("number")).exclude(
            pk=self.instance.pk)
        if clash.exists():
            self.add_error("number", _("Planen har redan en risk med det numret."))
        return data


class ReleaseForm(ChildForm):
    class Meta:
        model = Release
        fields = ["kind", "title", "starts_at", "ends_at", "recurrence", "preferred_by", "systems",
                  "notes",
                  "communicated_on", "test_result", "test_notes", "incidents"]
        widgets = {"starts_at": DATETIME, "ends_at": DATETIME, "notes": TEXT,
                   "communicated_on": DATE, "test_notes": TEXT, "incidents": TEXT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        systems = System.objects.for_user(self.user).filter(archived_at__isnull=True)
        if self.parent.management_object_id:  # the object's systems, live from the register
            systems = systems.filter(management_object_id=self.parent.management_object_id)
        self.fields["systems"].queryset = systems.order_by("name")
        self.fields["systems"].widget.attrs["class"] = "form-select"


# -- meetings --------------------------------------------------------------------------------------

class MeetingForm(GovernedModelForm):
    class Meta:
        model = Meeting
        fields = ["management_object", "project", "steering_group", "title", "held_on", "place",
                  "attendees", "documents", "agenda", "minutes"]
        widgets = {"held_on": DATE, "attendees": TEXT, "documents": TEXT,
                   "agenda": forms.Textarea(attrs={"rows": 8}),
                   "minutes": forms.Textarea(attrs={"rows": 8})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = self.fields["project"].queryset.filter(
            kind=Plan.Kind.PROJECT)
        self.fields["management_object"].queryset = ManagementObject.objects.for_user(
            self.user).filter(archived_at__isnull=True)
        self.fields["steering_group"].queryset = SteeringGroup.objects.for_user(
            self.user).filter(archived_at__isnull=True)

    def clean(self):
        data = super().clean()
        group = data.get("management_object") or data.get("project") or data.get("steering_group")
        if group is not None:
            self.instance.organisation = group.organisation
        return data


class DecisionForm(ChildForm):
    class Meta:
        model = Decision
        fields = ["agenda_item", "title", "text", "mandate", "exceeds_mandate", "escalated_to",
                  "plan", "contract_option", "cost_pool"]
        widgets = {"text": TEXT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        meeting = self.parent
        plans = Plan.objects.for_user(self.user).filter(archived_at__isnull=True)
        self.fields["plan"].queryset = plans.filter(
            management_object_id=meeting.management_object_id) if meeting.management_object_id \
            else plans.filter(pk=meeting.project_id)
        self.fields["agenda_item"].queryset = meeting.agenda_items.filter(
            kind=AgendaItem.Kind.DECISION)
        # an extension option of a contract the user sees (the option has no owner of its own)
        self.fields["contract_option"].queryset = ContractExtensionOption.objects.filter(
            contract__in=Contract.objects.for_user(self.user).filter(archived_at__isnull=True)
        ).select_related("contract")
        self.fields["contract_option"].label_from_instance = lambda o: f"{o.contract} – {o}"


class AgendaItemForm(ChildForm):
    class Meta:
        model = AgendaItem
        fields = ["order", "title", "kind", "presenter", "documents", "content", "note"]
        widgets = {"documents": TEXT, "note": TEXT}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False


class ActionForm(ChildForm):
    class Meta:
        model = Action
        fields = ["title", "owner", "due_on", "done_on", "note"]
        widgets = {"due_on": DATE, "done_on": DATE}
