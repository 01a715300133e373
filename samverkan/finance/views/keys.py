"""Pages for allocation keys and their versions."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from samverkan.core import permissions
from samverkan.core import services as core_services
from samverkan.core.views import (
    EditorRequiredMixin,
    ObjectArchiveView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)

from .. import forms, services
from ..allocation import AllocationError, fraction_to_decimal
from ..filtersets import (
    AllocationKeyFilterSet,
)
from ..models import (
    AllocationKey,
    Distribution,
    KeyVersion,
)
from ..tables import (
    AllocationKeyTable,
)
from .common import OwnerInitialMixin, single_organisation, this_year

# -- allocation keys -------------------------------------------------------------------------------

class AllocationKeyListView(ObjectListView):
    template_name = "finance/list.html"
    model = AllocationKey
    queryset = AllocationKey.objects.select_related("organisation").prefetch_related(
        Prefetch("versions", queryset=KeyVersion.objects.select_related("system")))
    table_class = AllocationKeyTable
    filterset_class = AllocationKeyFilterSet
    title = gettext_lazy("Fördelningsnycklar")
    add_url_name = "finance:key_add"
    export_name = "fordelningsnycklar"


class AllocationKeyDetailView(ObjectDetailView):
    model = AllocationKey
    queryset = AllocationKey.objects.select_related("organisation").prefetch_related(
        Prefetch("versions", queryset=KeyVersion.objects.select_related("system").prefetch_related(
            "shares__organisation")))
    template_name = "finance/key_detail.html"

    def extra_context(self, obj):
        today = datetime.date.today()
        current = obj.version_on(today)
        preview, error = [], ""
        members = list(obj.organisation.members_on(today).order_by("name"))
        if current is not None and members:
            try:
                bases = services.key_bases(current, members, today.year)
                weight_sum = sum(b.weight for b in bases.values())
                preview = [(m, bases[m.pk], _percent(bases[m.pk].weight, weight_sum)) for m in members]
            except AllocationError as exc:
                error = str(exc)
        used = set(Distribution.objects.filter(key=obj).values_list("key_version", flat=True))
        return {
            "versions": services.versions_with_end(obj), "current": current, "used": used,
            "preview": preview, "preview_error": error, "members": members,
            "pools": obj.pools.filter(archived_at__isnull=True).select_related("organisation")[:50],
        }


def _percent(weight, total):
    return fraction_to_decimal(weight / total * 100, 4) if total else None


class AllocationKeyEditView(OwnerInitialMixin, ObjectEditView):
    model = AllocationKey
    form_class = forms.AllocationKeyForm


class AllocationKeyArchiveView(ObjectArchiveView):
    model = AllocationKey


class KeyCreateView(EditorRequiredMixin, View):
    """A new key and its first version in one form (a key without rules is no use)."""

    template_name = "finance/key_form.html"

    editor_required_message = gettext_lazy("Du har inte behörighet att lägga till poster.")

    def forms(self, data=None):
        key = AllocationKey()
        key_form = forms.AllocationKeyForm(data, instance=key, user=self.request.user,
                                           initial=single_organisation(self.request.user))
        version_form = forms.KeyVersionForm(data, instance=KeyVersion(key=key), user=self.request.user,
                                            prefix="v")
        shares = forms.share_formset(data, user=self.request.user, rows=6)
        return key_form, version_form, shares

    def get(self, request):
        return self.render(*self.forms())

    def post(self, request):
        key_form, version_form, shares = self.forms(request.POST)
        if key_form.is_valid() and version_form.is_valid() and shares.is_valid():
            try:
                with transaction.atomic():
                    key = core_services.save_record(request.user, key_form.save(commit=False))
                    version = version_form.save(commit=False)
                    version.key = key
                    services.save_key_version(request.user, version, shares.shares())
            except (AllocationError, ValidationError, PermissionDenied) as exc:
                _form_error(version_form, exc)
            else:
                messages.success(request, _("Sparat: %(name)s") % {"name": key})
                return HttpResponseRedirect(key.get_absolute_url())
        return self.render(key_form, version_form, shares, status=400)

    def render(self, key_form, version_form, shares, status=200):
        return render(self.request, self.template_name, {
            "title": _("Lägg till fördelningsnyckel"), "form": key_form,
            "version_form": version_form, "shares": shares,
            "cancel_url": reverse("finance:keys")}, status=status)


def _form_error(form, exc) -> None:
    if isinstance(exc, ValidationError) and hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages[0] if isinstance(exc, ValidationError) else str(exc))


class KeyVersionEditView(View):
    """A new version of a key from a date, or a change to one that no approval has used."""

    template_name = "finance/key_version_form.html"

    def setup_objects(self, request, parent, pk=None):
        key = get_object_or_404(AllocationKey.objects.for_user(request.user), pk=parent)
        if not permissions.can(request.user, permissions.CHANGE, key):
            raise PermissionDenied(_("Du har inte behörighet att ändra den här nyckeln."))
        if pk is None:
            latest = key.versions.order_by("-valid_from").first()
            version = KeyVersion(key=key)
            if latest is not None:  # start from the rules in force; the user changes what differs
                for name in ("method", "equal_weight", "population_weight", "users_weight",
                             "custom_weight", "system_id"):
                    setattr(version, name, getattr(latest, name))
            return key, version
        version = get_object_or_404(KeyVersion, pk=pk, key=key)
        if Distribution.objects.filter(key_version=version).exists():
            raise PermissionDenied(_("Versionen har använts i en fastställd fördelning och kan inte "
                                     "ändras. Lägg till en ny version."))
        return key, version

    def get(self, request, parent, pk=None):
        key, version = self.setup_objects(request, parent, pk)
        initial = {} if version.pk else {"valid_from": datetime.date(this_year() + 1, 1, 1)}
        form = forms.KeyVersionForm(instance=version, user=request.user, initial=initial)
        shares = forms.share_formset(version=version, key=key, user=request.user, rows=3)
        return self.render(key, version, form, shares)

    def post(self, request, parent, pk=None):
        key, version = self.setup_objects(request, parent, pk)
        form = forms.KeyVersionForm(request.POST, instance=version, user=request.user)
        shares = forms.share_formset(request.POST, version=version, key=key, user=request.user)
        if form.is_valid() and shares.is_valid():
            try:
                services.save_key_version(request.user, form.save(commit=False), shares.shares())
            except (AllocationError, ValidationError, PermissionDenied) as exc:
                _form_error(form, exc)
            else:
                messages.success(request, _("Sparat: %(name)s") % {"name": version})
                return HttpResponseRedirect(key.get_absolute_url())
        return self.render(key, version, form, shares, status=400)

    def render(self, key, version, form, shares, status=200):
        title = _("Ändra version") if version.pk else _("Ny version av %(key)s") % {"key": key}
        return render(self.request, self.template_name, {
            "title": title, "key": key, "form": form, "shares": shares,
            "cancel_url": key.get_absolute_url()}, status=status)
