from django import forms
from django.contrib.auth import get_user_model, password_validation
from django.utils.translation import gettext_lazy as _

from samverkan.core.forms import ChildForm, GovernedModelForm, style
from samverkan.core.permissions import Role, organisations_where

from .models import Membership, Organisation, OrganisationRole, Person


class OrganisationForm(GovernedModelForm):
    owner_choice_field = None

    class Meta:
        model = Organisation
        fields = ["name", "short_name", "kind", "municipality_code", "county_code", "org_number",
                  "website", "description"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.user.is_superuser:
            for name in Organisation.administered_fields:
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Ändras av installationens administratörer.")


class PersonForm(GovernedModelForm):
    class Meta:
        model = Person
        fields = ["name", "organisation", "title", "email", "phone"]


class MembershipForm(ChildForm):
    class Meta:
        model = Membership
        fields = ["member", "valid_from", "valid_to", "is_host"]
        widgets = {"valid_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                   "valid_to": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = self.fields["member"].queryset.exclude(pk=self.parent.pk)


class PopulationImportForm(forms.Form):
    file = forms.FileField(label=_("Fil från SCB (CSV)"), help_text=_(
        "Tabellen ”Folkmängd efter region och år” från SCB:s statistikdatabas, sparad som CSV."))
    source = forms.CharField(label=_("Källa"), initial="SCB, Folkmängd 31 december",
                             max_length=200)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        style(self)


class UserCreateForm(forms.Form):
    username = forms.RegexField(label=_("Användarnamn"), max_length=150, regex=r"^[\w.@+-]+$")
    first_name = forms.CharField(label=_("Förnamn"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Efternamn"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-post"), required=False)
    password = forms.CharField(label=_("Lösenord"), widget=forms.PasswordInput, strip=False)
    organisation = forms.ModelChoiceField(label=_("Organisation"), queryset=Organisation.objects.none())
    role = forms.TypedChoiceField(label=_("Roll"), choices=Role.choices, coerce=int)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = administered(user)
        style(self)

    def clean_username(self):
        name = self.cleaned_data["username"]
        if get_user_model().objects.filter(username__iexact=name).exists():
            raise forms.ValidationError(_("Användarnamnet är upptaget."))
        return name

    def clean(self):
        data = super().clean()
        if data.get("password"):
            candidate = get_user_model()(username=data.get("username", ""),
                                         email=data.get("email", ""))
            password_validation.validate_password(data["password"], candidate)
        return data


class RoleForm(forms.ModelForm):
    class Meta:
        model = OrganisationRole
        fields = ["organisation", "role"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = administered(user)
        style(self)


def administered(user):
    """Organisations whose users and roles `user` manages."""
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=organisations_where(user, Role.ADMIN))

