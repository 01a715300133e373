from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samverkan.core import permissions
from samverkan.core.tabular import FileRejected
from samverkan.core.views import (
    ChildDeleteView,
    ChildEditView,
    ObjectArchiveView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)

from . import forms
from . import services as org_services
from .filtersets import OrganisationFilterSet, PersonFilterSet
from .models import Membership, Organisation, OrganisationRole, Person
from .tables import OrganisationTable, PersonTable


class OrganisationListView(ObjectListView):
    model = Organisation
    table_class = OrganisationTable
    filterset_class = OrganisationFilterSet
    title = gettext_lazy("Organisationer")
    add_url_name = "organisations:organisation_add"
    export_name = "organisationer"

    def user_can_add(self):
        return self.request.user.is_superuser

    def extra_context(self):
        return {"population_import_url": reverse("organisations:population_import")}


class OrganisationDetailView(ObjectDetailView):
    model = Organisation
    template_name = "organisations/organisation_detail.html"

    def extra_context(self, obj):
        return {
            "members": obj.member_links.select_related("member"),
            "cooperations": obj.memberships.select_related("cooperation"),
            "populations": obj.populations.all()[:10],
            "people": obj.people.filter(archived_at__isnull=True)[:50],
            "system_count": obj.systems.filter(archived_at__isnull=True).count(),
            "object_count": obj.management_objects.filter(archived_at__isnull=True).count(),
            "can_change_members": permissions.can(self.request.user, permissions.ADD,
                                                  Membership(cooperation=obj)),
        }


class OrganisationEditView(ObjectEditView):
    model = Organisation
    form_class = forms.OrganisationForm

    def may_add(self):
        return self.request.user.is_superuser


class OrganisationArchiveView(ObjectArchiveView):
    model = Organisation


class MembershipEditView(ChildEditView):
    parent_model = Organisation
    model = Membership
    form_class = forms.MembershipForm
    parent_field = "cooperation"


class MembershipDeleteView(ChildDeleteView, MembershipEditView):
    pass


class PersonListView(ObjectListView):
    model = Person
    queryset = Person.objects.select_related("organisation")
    table_class = PersonTable
    filterset_class = PersonFilterSet
    title = gettext_lazy("Personer")
    add_url_name = "organisations:person_add"
    export_name = "personer"


class PersonDetailView(ObjectDetailView):
    model = Person
    queryset = Person.objects.select_related("organisation", "user")
    template_name = "organisations/person_detail.html"

    def extra_context(self, obj):
        return {
            "object_roles": obj.object_roles.select_related("management_object", "organisation"),
            "steering": obj.steering_groups.select_related("management_object", "organisation"),
            "owned_systems": obj.owned_systems.filter(archived_at__isnull=True),
        }


class PersonEditView(ObjectEditView):
    model = Person
    form_class = forms.PersonForm


class PersonArchiveView(ObjectArchiveView):
    model = Person


def population_import(request):
    if not permissions.is_editor_anywhere(request.user):
        raise PermissionDenied(_("Du behöver vara redaktör för att importera folkmängd."))
    form = forms.PopulationImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > 10 * 1024 * 1024:
                raise FileRejected(_("Filen är för stor för en folkmängdstabell."))
            result = org_services.import_population(request.user, upload.read(),
                                                    form.cleaned_data["source"])
        except (FileRejected, PermissionDenied) as exc:
            form.add_error("file", str(exc))
        else:
            messages.success(request, _(
                "Folkmängd importerad: %(created)s nya, %(updated)s ändrade, %(unchanged)s oförändrade."
            ) % vars(result))
            return HttpResponseRedirect(reverse("organisations:organisations"))
    return render(request, "organisations/population_import.html", {
        "form": form, "title": _("Importera folkmängd"),
    }, status=400 if form.errors else 200)


# -- users and roles -------------------------------------------------------------------------

def users(request):
    administered = forms.administered(request.user)
    if not request.user.is_superuser and not administered.exists():
        raise PermissionDenied(_("Bara administratörer hanterar användare."))
    User = get_user_model()
    roles = OrganisationRole.objects.filter(organisation__in=administered).select_related("organisation")
    people = (
        User.objects.filter(organisation_roles__organisation__in=administered).distinct()
        if not request.user.is_superuser else User.objects.all()
    ).prefetch_related(Prefetch("organisation_roles", queryset=roles, to_attr="visible_roles"))
    return render(request, "organisations/users.html", {
        "users": people.order_by("username"), "title": _("Användare och roller"),
    })


def user_add(request):
    form = forms.UserCreateForm(request.POST or None, user=request.user)
    if not form.fields["organisation"].queryset.exists():
        raise PermissionDenied(_("Bara administratörer lägger till användare."))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        new_user = org_services.create_user(
            request.user, username=data["username"], email=data["email"],
            password=data["password"], first_name=data["first_name"],
            last_name=data["last_name"], organisation=data["organisation"], role=data["role"])
        messages.success(request, _("Användaren %(name)s är skapad.") % {"name": new_user})
        return HttpResponseRedirect(reverse("organisations:users"))
    return render(request, "core/object_form.html", {
        "form": form, "title": _("Ny användare"), "cancel_url": reverse("organisations:users"),
    }, status=400 if form.errors else 200)


def _managed_user(request, pk):
    user = get_object_or_404(get_user_model(), pk=pk)
    if user.is_superuser and not request.user.is_superuser:
        raise PermissionDenied
    return user


def role_add(request, user_pk):
    target = _managed_user(request, user_pk)
    form = forms.RoleForm(request.POST or None, user=request.user,
                          instance=OrganisationRole(user=target))
    if not form.fields["organisation"].queryset.exists():
        raise PermissionDenied(_("Bara administratörer ändrar roller."))
    if request.method == "POST" and form.is_valid():
        org_services.set_role(request.user, target, form.cleaned_data["organisation"],
                              form.cleaned_data["role"])
        messages.success(request, _("Rollen är sparad."))
        return HttpResponseRedirect(reverse("organisations:users"))
    return render(request, "core/object_form.html", {
        "form": form, "title": _("Roll för %(user)s") % {"user": target},
        "cancel_url": reverse("organisations:users"),
    }, status=400 if form.errors else 200)


def role_remove(request, pk):
    role = get_object_or_404(OrganisationRole.objects.select_related("user", "organisation"), pk=pk)
    if not permissions.can(request.user, permissions.MANAGE, role.organisation):
        raise PermissionDenied(_("Bara organisationens administratörer ändrar dess roller."))
    if request.method == "POST":
        org_services.remove_role(request.user, role)
        messages.success(request, _("Rollen är borttagen."))
        return HttpResponseRedirect(reverse("organisations:users"))
    return render(request, "core/child_delete.html", {"object": role, "parent": role.organisation})

