"""Base forms: carry the version the user started from, and offer only choices within scope."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms
from django.conf import settings
from django.db.models import Case, Value, When
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from . import permissions
from .formatting import swedish_sort_key

# a choice of more organisations than this is grouped and gets a search field (with JavaScript)
SEARCHABLE_AFTER = 15


class GovernedModelForm(forms.ModelForm):
    """A model form for a governed record.

    Every foreign-key choice is limited to what the user may see, and the owning organisation to
    those where the user may add records, so a hand-made POST cannot point outside the scope.
    """

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    owner_choice_field = "organisation"

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if self.instance.pk and hasattr(self.instance, "version"):
            require_version(self.fields["expected_version"], self.instance.version)
        for name, field in self.fields.items():
            if isinstance(field, (forms.ModelChoiceField, forms.ModelMultipleChoiceField)):
                queryset = field.queryset
                if hasattr(queryset, "for_user"):
                    queryset = queryset.for_user(user, permissions.VIEW)
                    if hasattr(queryset.model, "archived_at"):
                        queryset = queryset.filter(archived_at__isnull=True)
                if name == self.owner_choice_field:
                    queryset = queryset_where_user_can_add(queryset, user)
                field.queryset = own_organisations_first(queryset, user)
                organisation_picker(field, user)
        owner = self.fields.get(self.owner_choice_field)
        if owner is not None and not self.instance.pk:
            choices = list(owner.queryset[:2])
            if len(choices) == 1:
                owner.initial = choices[0]
        style(self)


DOCUMENT_SUFFIXES = (".pdf", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".txt", ".csv", ".png",
                     ".jpg", ".vsdx")


class KronorField(forms.Field):
    """An amount in kronor typed the Swedish way: `1 234 567,50` (or with a point); two decimals
    at most, since öre is the smallest unit."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
    default_error_messages = {
        "invalid": _("Skriv ett belopp i kronor, t.ex. 1 234 567,50."),
        "decimals": _("Högst två decimaler (ören)."),
        "negative": _("Beloppet kan inte vara negativt."),
    }

    def __init__(self, *args, allow_negative: bool = False, **kwargs):
        self.allow_negative = allow_negative
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, Decimal):
            return value
        text = str(value).strip().replace("\u00a0", "").replace(" ", "").replace("kr", "")
        text = text.replace("\u2212", "-").replace(",", ".")
        try:
            amount = Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from None
        if not amount.is_finite():
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if amount != amount.quantize(Decimal("0.01")):
            raise forms.ValidationError(self.error_messages["decimals"], code="decimals")
        if amount < 0 and not self.allow_negative:
            raise forms.ValidationError(self.error_messages["negative"], code="negative")
        if abs(amount) >= Decimal("1e13"):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return amount

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return f"{value:.2f}".replace(".", ",")
        return value


def check_document(upload):
    """An uploaded document within the size limit and of a type people open (not a program)."""
    if upload and hasattr(upload, "size"):
        if upload.size > settings.SAMVERKAN_MAX_DOCUMENT_BYTES:
            raise forms.ValidationError(_("Filen är för stor."))
        if not upload.name.lower().endswith(DOCUMENT_SUFFIXES):
            raise forms.ValidationError(_("Filtypen tillåts inte. Tillåtna: %(types)s") % {
                "types": ", ".join(DOCUMENT_SUFFIXES)})
    return upload


def require_version(field, version: int) -> None:
    """A change to an existing record must say which version it was made on: a form (or a
    hand-made POST) without it would otherwise overwrite whatever was saved in between."""
    field.initial, field.required = version, True
    field.error_messages["required"] = _(
        "Formuläret saknar postens version. Ladda om sidan och gör ändringen igen.")


def style(form) -> None:
    """Bootstrap classes on every widget, so templates can render fields plainly."""
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select")
        elif not isinstance(widget, forms.HiddenInput):
            widget.attrs.setdefault("class", "form-control")


class ChildForm(forms.ModelForm):
    """A part of a record (usage row, role, document); choices limited to what the user sees.
    A change carries the part's version, so a stale form is refused instead of overwriting."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, parent, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.parent = user, parent
        if self.instance.pk and hasattr(self.instance, "version"):
            require_version(self.fields["expected_version"], self.instance.version)
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and hasattr(queryset, "for_user"):
                queryset = queryset.for_user(user)
                if hasattr(queryset.model, "archived_at"):
                    queryset = queryset.filter(archived_at__isnull=True)
                field.queryset = own_organisations_first(queryset, user)
                organisation_picker(field, user)
        style(self)


def own_organisations_first(queryset, user):
    """A list of organisations (the model that owns itself) starts with those where the user
    has a role, then the rest by name: 311 municipalities and regions, and one's own on top."""
    if getattr(queryset.model, "owner_field", None) != "":
        return queryset
    own = permissions.organisations_where(user, permissions.Role.READER)
    if not own:
        return queryset
    return queryset.order_by(Case(When(pk__in=own, then=Value(0)), default=Value(1)), "name")


class OrganisationChoiceIterator(ModelChoiceIterator):
    """A long choice of organisations, usable without JavaScript: the user's own organisations
    first, then their cooperations and those cooperations' members, then one group per kind
    (the model's `choice_group`: (order, label)), each in Swedish alphabetical order. A short
    one stays a plain list, own organisations first."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        objects = list(self.queryset)
        if len(objects) <= SEARCHABLE_AFTER:
            yield from (self.choice(obj) for obj in objects)
            return
        own = getattr(self.field, "own_ids", set())
        partners_of = getattr(self.queryset.model, "partner_ids", None)
        partners = partners_of(own) if partners_of else set()
        groups: dict[tuple, list] = {}
        for obj in objects:
            if obj.pk in own:
                group = (-2, str(_("Dina organisationer")))
            elif obj.pk in partners:
                group = (-1, str(_("Era samverkansparter")))
            else:
                group = getattr(obj, "choice_group", (0, ""))
            groups.setdefault(group, []).append(obj)
        for (_order, label), members in sorted(groups.items()):
            members.sort(key=lambda o: swedish_sort_key(str(o)))
            yield (label, [self.choice(obj) for obj in members])

    def __len__(self):
        return self.queryset.count() + (1 if self.field.empty_label is not None else 0)


def organisation_picker(field, user) -> None:
    """Make a choice of organisations (the model that owns itself) grouped and searchable:
    `samverkan.js` adds a search field to a select marked `data-searchable`."""
    model = getattr(getattr(field, "queryset", None), "model", None)
    if getattr(model, "owner_field", None) != "":
        return
    field.own_ids = set(permissions.organisations_where(user, permissions.Role.READER))
    field.iterator = OrganisationChoiceIterator
    field.widget.choices = field.choices
    field.widget.attrs.update({"data-searchable": "organisation",
                               "data-search-label": _("Sök organisation"),
                               "data-search-count": _("{n} organisationer matchar sökningen."),
                               "data-search-none": _("Ingen organisation matchar sökningen.")})


def queryset_where_user_can_add(queryset, user):
    if user.is_superuser:
        return queryset
    allowed = permissions.organisations_where(user, permissions.Role.EDITOR)
    return queryset.filter(pk__in=allowed)


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        widget=forms.ClearableFileInput(attrs={"class": "form-control"}),
        label=_("Fil"),
        help_text=_("Excel (.xlsx) eller CSV med semikolon eller komma, UTF-8 eller Windows-1252."),
    )


class ConfirmForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)
