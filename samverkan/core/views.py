"""Generic views: list, detail, edit, archive and import. Concrete views are short subclasses.

Scope is applied here, once: every queryset goes through `for_user`, every object through `can`.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Model, ProtectedError, QuerySet
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django_tables2 import RequestConfig

from . import imports, permissions, services
from .exports import csv_response, table_response, xlsx_response
from .forms import ConfirmForm, ImportUploadForm
from .history import history_for
from .models import ImportBatch
from .redirects import safe_next
from .tasks import analyse_import, commit_import, importer_path

PER_PAGE = 50


class ListPaginator(Paginator):
    """Django's Paginator over a table's rows, except that a page of a longer list with related
    records first reads just its primary keys and then only those rows with their joins: with
    OFFSET, or with a sort (a search, a filter), the database would otherwise build every skipped
    or sorted row with all its joins (page 100, or a search among 60 000 systems). A list that
    fits on one page is read in one query, as before.

    The order is made unique with the primary key last: rows that tie on the sorted columns (cost
    lines of one date, systems of one name) would otherwise come back in any order, and a row
    could show on two pages or on none."""

    def __init__(self, object_list, *args, **kwargs):
        queryset = getattr(object_list, "data", None)
        if isinstance(queryset, QuerySet):
            object_list.data = unique_order(queryset)
        super().__init__(object_list, *args, **kwargs)

    def page(self, number):
        page = super().page(number)
        shown = getattr(page.object_list, "data", None)  # the page's slice of the queryset
        everything = getattr(getattr(self.object_list, "data", None), "data", None)
        if (isinstance(shown, QuerySet) and isinstance(everything, QuerySet)
                and (shown.query.low_mark or self.count > self.per_page)
                and shown.query.select_related and not shown.query.distinct
                and shown.query.group_by is None):  # with GROUP BY both reads would aggregate
            pks = list(shown.values_list("pk", flat=True))
            records = everything.in_bulk(pks)
            page.object_list.data = [records[pk] for pk in pks if pk in records]
        return page


def unique_order(queryset: QuerySet) -> QuerySet:
    """The queryset in its order with the primary key as the last tie-breaker."""
    query = queryset.query
    if query.distinct_fields or query.combinator:
        return queryset
    if query.order_by:
        ordering = list(query.order_by)
    elif query.default_ordering:
        ordering = list(queryset.model._meta.ordering)
    else:
        ordering = []
    pk_names = {"pk", "-pk", queryset.model._meta.pk.name, f"-{queryset.model._meta.pk.name}"}
    if any(isinstance(entry, str) and entry in pk_names for entry in ordering):
        return queryset
    return queryset.order_by(*ordering, "pk")


class ScopedMixin:
    model: type[Model]
    queryset: QuerySet | None = None

    def get_queryset(self) -> QuerySet:
        queryset = self.queryset if self.queryset is not None else self.model._default_manager
        return queryset.all()

    def scoped(self, action: str = permissions.VIEW) -> QuerySet:
        return self.get_queryset().for_user(self.request.user, action)

    def get_object(self, action: str = permissions.VIEW):
        obj = get_object_or_404(self.scoped(permissions.VIEW), pk=self.kwargs["pk"])
        if action != permissions.VIEW and not permissions.can(self.request.user, action, obj):
            raise PermissionDenied(_("Du har inte behörighet att ändra den här posten."))
        return obj


class ObjectListView(ScopedMixin, View):
    table_class = None
    filterset_class = None
    template_name = "core/object_list.html"
    title = ""
    add_url_name: str | None = None
    import_url_name: str | None = None
    export_name = "export"
    show_archived_filter = True

    def get(self, request, *args, **kwargs):
        queryset = self.scoped(permissions.VIEW)
        if hasattr(queryset, "masked_for"):  # the page and its export show no hidden value
            queryset = queryset.masked_for(request.user)
        if hasattr(self.model, "archived_at") and request.GET.get("arkiverade") != "1":
            queryset = queryset.filter(archived_at__isnull=True)
        filterset = self.filterset_class(request.GET or None, queryset=queryset, request=request)
        rows = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
        table = self.table_class(rows, request=request)
        export = request.GET.get("export")
        if export in ("xlsx", "csv"):
            RequestConfig(request, paginate=False).configure(table)
            return table_response(table, self.export_name, export)
        RequestConfig(request, paginate={"per_page": PER_PAGE, "paginator_class": ListPaginator}
                      ).configure(table)
        context = {
            "title": self.title,
            "table": table,
            "filter": filterset,
            "model": self.model,
            "can_add": self.add_url_name and self.user_can_add(),
            "add_url": reverse(self.add_url_name) if self.add_url_name else None,
            "import_url": reverse(self.import_url_name) if self.import_url_name else None,
            "export_query": _query_without(request, "page", "export"),
            "show_archived_filter": self.show_archived_filter and hasattr(self.model, "archived_at"),
        }
        context.update(self.extra_context())
        template = "core/_table.html" if request.htmx and not request.htmx.boosted else self.template_name
        return render(request, template, context)

    def user_can_add(self) -> bool:
        user = self.request.user
        if getattr(self.model, "owner_field", None) is None:
            return permissions.is_editor_anywhere(user)
        return user.is_superuser or bool(
            permissions.organisations_where(user, permissions.Role.EDITOR)
        )

    def extra_context(self) -> dict:
        return {}


def add_model_errors(form, error: ValidationError) -> None:
    """A model's validation error on the form, by field where the form has the field."""
    errors = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
    for name, texts in errors.items():
        form.add_error(name if name in form.fields else None, texts)


def save_or_report(form, save):
    """Run `save` in one transaction and return what it saved; the errors of the service layer
    (a stale version, a refused permission, rules the form could not check such as unique
    constraints) go onto the form instead, and None is returned."""
    try:
        with transaction.atomic():
            return save()
    except services.StaleVersionError as exc:
        form.add_error(None, str(exc))
    except PermissionDenied as exc:
        form.add_error(None, str(exc) or _("Du har inte behörighet."))
    except ValidationError as exc:
        add_model_errors(form, exc)
    except ProtectedError as exc:
        # a part others still point at (a party with payments) stays; say which ones point at it
        names = sorted({str(obj) for obj in exc.protected_objects})
        form.add_error(None, _("Kan inte tas bort: %(names)s hänvisar hit. Ta bort dem först.")
                       % {"names": ", ".join(names[:3]) + (" …" if len(names) > 3 else "")})
    return None


def form_title(instance) -> str:
    if instance.pk:
        return _("Ändra %(name)s") % {"name": instance}
    return _("Lägg till %(kind)s") % {"kind": instance._meta.verbose_name}


def _query_without(request, *names) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()


class ObjectDetailView(ScopedMixin, View):
    template_name = ""

    def get(self, request, *args, **kwargs):
        obj = self.get_object()
        context = {
            "object": obj,
            "can_change": permissions.can(request.user, permissions.CHANGE, obj),
            "can_delete": permissions.can(request.user, permissions.DELETE, obj),
            "history": history_for(obj, request.user, limit=50),
        }
        context.update(self.extra_context(obj))
        return render(request, self.template_name, context)

    def extra_context(self, obj) -> dict:
        return {}


class ObjectEditView(ScopedMixin, View):
    form_class = None
    template_name = "core/object_form.html"

    def get_instance(self):
        if "pk" in self.kwargs:
            return self.get_object(permissions.CHANGE)
        return self.model()

    def get(self, request, *args, **kwargs):
        instance = self.get_instance()
        if not instance.pk and not self.may_add():
            raise PermissionDenied(_("Du har inte behörighet att lägga till poster."))
        form = self.form_class(instance=instance, user=request.user, initial=self.initial())
        return self.render_form(form, instance)

    def post(self, request, *args, **kwargs):
        instance = self.get_instance()
        if not instance.pk and not self.may_add():
            raise PermissionDenied(_("Du har inte behörighet att lägga till poster."))
        form = self.form_class(request.POST, request.FILES, instance=instance, user=request.user)
        if form.is_valid():
            obj = save_or_report(form, lambda: self.save_visible(form))
            if obj is not None:
                messages.success(request, _("Sparat: %(name)s") % {"name": obj})
                return HttpResponseRedirect(self.success_url(obj))
        return self.render_form(form, instance, status=400 if request.method == "POST" else 200)

    def save_visible(self, form):
        obj = self.save(form)
        # the saved record must still be within what the user may see, or the change is undone
        if not permissions.can(self.request.user, permissions.VIEW, obj):
            raise PermissionDenied(_(
                "Ändringen skulle flytta posten utanför det du får se. Ingenting sparades."))
        return obj

    def may_add(self) -> bool:
        user = self.request.user
        if getattr(self.model, "owner_field", None) is None:
            return permissions.is_editor_anywhere(user)
        return user.is_superuser or bool(
            permissions.organisations_where(user, permissions.Role.EDITOR)
        )

    def initial(self) -> dict:
        return {}

    def save(self, form):
        expected = form.cleaned_data.get("expected_version")
        obj = form.save(commit=False)
        obj = services.save_record(self.request.user, obj, expected_version=expected)
        form.save_m2m()
        return obj

    def success_url(self, obj) -> str:
        return obj.get_absolute_url()

    def render_form(self, form, instance, status=200):
        context = {"form": form, "object": instance if instance.pk else None,
                   "model": self.model, "cancel_url": self.cancel_url(instance),
                   "title": form_title(instance)}
        return render(self.request, self.template_name, context, status=status)

    def cancel_url(self, instance) -> str:
        return instance.get_absolute_url() if instance.pk else safe_next(self.request, "/")


class ObjectArchiveView(ScopedMixin, View):
    template_name = "core/object_archive.html"

    def get(self, request, *args, **kwargs):
        obj = self.get_object(permissions.DELETE)
        return render(request, self.template_name,
                      {"object": obj, "form": ConfirmForm(initial={"expected_version": obj.version})})

    def post(self, request, *args, **kwargs):
        obj = self.get_object(permissions.DELETE)
        form = ConfirmForm(request.POST)
        form.is_valid()
        restoring = obj.archived_at is not None
        try:
            self.archive_or_restore(obj, form.cleaned_data.get("expected_version"))
        except services.StaleVersionError as exc:
            messages.error(request, str(exc))
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, self.done_message(obj, restored=restoring))
        return HttpResponseRedirect(obj.get_absolute_url())

    def archive_or_restore(self, obj, expected_version: int | None) -> None:
        """Archive `obj`, or restore it when it is archived; a record whose archiving changes
        more (a matching rule re-matches the ledger) overrides this."""
        if obj.archived_at:
            services.restore_record(self.request.user, obj)
        else:
            services.archive_record(self.request.user, obj, expected_version=expected_version)

    def done_message(self, obj, *, restored: bool) -> str:
        return (_("Återställd: %(name)s") if restored else _("Arkiverad: %(name)s")) % {
            "name": obj}


class ChildEditView(View):
    """Add or change a part of a record (usage row, PM3 role, document)."""

    parent_model: type[Model]
    model: type[Model]
    form_class = None
    parent_field = ""
    template_name = "core/object_form.html"

    def get_parent(self):
        parent = get_object_or_404(
            self.parent_model._default_manager.for_user(self.request.user), pk=self.kwargs["parent"]
        )
        if not permissions.can(self.request.user, permissions.CHANGE, parent):
            raise PermissionDenied(_("Du har inte behörighet att ändra den här posten."))
        return parent

    def get_instance(self, parent):
        if "pk" in self.kwargs:
            instance = get_object_or_404(self.model, pk=self.kwargs["pk"],
                                         **{self.parent_field: parent})
        else:
            instance = self.model(**{self.parent_field: parent})
        services.check_part(self.request.user, instance, self.child_action(instance))
        return instance

    def child_action(self, instance) -> str:
        return permissions.CHANGE if instance.pk else permissions.ADD

    def get(self, request, *args, **kwargs):
        parent = self.get_parent()
        instance = self.get_instance(parent)
        form = self.form_class(instance=instance, user=request.user, parent=parent)
        return self.render_child_form(form, parent, instance)

    def post(self, request, *args, **kwargs):
        parent = self.get_parent()
        instance = self.get_instance(parent)
        form = self.form_class(request.POST, request.FILES, instance=instance, user=request.user,
                               parent=parent)
        saved = save_or_report(form, lambda: self.save(form, parent)) if form.is_valid() \
            else None
        if saved is not None:
            messages.success(request, _("Sparat."))
            return HttpResponseRedirect(self.success_url(saved, parent))
        return self.render_child_form(form, parent, instance, status=400)

    def success_url(self, child, parent) -> str:
        """Where a saved part leads: its record's page, unless the part has a page of its own."""
        return parent.get_absolute_url()

    @staticmethod
    def expected_version(form) -> int | None:
        """The version the form was opened on (None for a new part)."""
        if not form.instance.pk:
            return None
        return form.cleaned_data.get("expected_version")

    def save(self, form, parent):
        child = form.save(commit=False)
        setattr(child, self.parent_field, parent)
        services.save_child(self.request.user, child, parent,
                            expected_version=self.expected_version(form))
        form.save_m2m()
        return child

    def render_child_form(self, form, parent, instance, status=200):
        return render(self.request, self.template_name, {
            "form": form, "object": instance if instance.pk else None, "parent": parent,
            "model": self.model, "cancel_url": parent.get_absolute_url(),
            "title": form_title(instance),
        }, status=status)


class ChildDeleteView(ChildEditView):
    template_name = "core/child_delete.html"

    def child_action(self, instance) -> str:
        return permissions.DELETE

    def get(self, request, *args, **kwargs):
        parent = self.get_parent()
        child = self.get_instance(parent)
        return render(request, self.template_name, {
            "object": child, "parent": parent,
            "form": ConfirmForm(initial={"expected_version": getattr(child, "version", None)})})

    def post(self, request, *args, **kwargs):
        parent = self.get_parent()
        child = self.get_instance(parent)
        form = ConfirmForm(request.POST)
        expected = form.cleaned_data.get("expected_version") if form.is_valid() else None
        def remove():
            services.delete_child(request.user, child, parent, expected_version=expected)
            return True

        if save_or_report(form, remove) is None:
            return render(request, self.template_name,
                          {"object": child, "parent": parent, "form": form}, status=400)
        messages.success(request, _("Borttagen: %(name)s") % {"name": child})
        return HttpResponseRedirect(parent.get_absolute_url())


class EditorRequiredMixin:
    """Pages only for users who edit in some organisation; `editor_required_message` says what
    the refused user would have needed the role for."""

    editor_required_message = gettext_lazy("Du behöver vara redaktör för att importera.")

    def dispatch(self, request, *args, **kwargs):
        if not permissions.is_editor_anywhere(request.user):
            raise PermissionDenied(self.editor_required_message)
        return super().dispatch(request, *args, **kwargs)


class ImportView(EditorRequiredMixin, View):
    """Step 1: upload. Step 2 (ImportPreviewView): preview and confirm."""

    importer_class: type[imports.RowImporter]
    template_name = "core/import_upload.html"
    preview_url_name = ""

    def get(self, request):
        if request.GET.get("mall") in ("xlsx", "csv"):  # an empty file to fill in
            return import_template_response(self.importer_class, request.GET["mall"])
        return self.render_upload(ImportUploadForm())

    def post(self, request):
        form = ImportUploadForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                batch = imports.stage(request.user, self.importer_class, form.cleaned_data["file"])
            except imports.FileRejected as exc:
                form.add_error("file", str(exc))
            else:
                return HttpResponseRedirect(reverse(self.preview_url_name, args=[batch.pk]))
        return self.render_upload(form, status=400)

    def render_upload(self, form, status=200):
        importer = self.importer_class(self.request.user)
        return render(self.request, self.template_name, {
            "form": form, "importer": importer, "columns": importer.columns,
            "recent": ImportBatch.objects.filter(kind=importer.kind, created_by=self.request.user)[:10],
        }, status=status)


class ImportPreviewView(View):
    importer_class: type[imports.RowImporter]
    template_name = "core/import_preview.html"
    done_url_name = ""

    def get_batch(self) -> ImportBatch:
        batch = get_object_or_404(ImportBatch, pk=self.kwargs["pk"], kind=self.importer_class.kind)
        if batch.created_by_id != self.request.user.pk and not self.request.user.is_superuser:
            raise Http404
        return batch

    def get(self, request, pk):
        batch = self.get_batch()
        importer = self.importer_class(request.user)
        if batch.status == batch.Status.PREVIEW and imports.stored_preview(batch) is None:
            if batch.file_size > imports.background_bytes():
                batch.status = batch.Status.QUEUED
                batch.save(update_fields=["status"])
                analyse_import.enqueue(batch.pk, importer_path(self.importer_class),
                                       request.user.pk)
                batch.refresh_from_db()
            else:
                imports.analyse(importer, batch)
        validation = imports.stored_preview(batch) if batch.status == batch.Status.PREVIEW \
            else None
        return render(request, self.template_name, {
            "batch": batch, "importer": importer, "validation": validation,
            "plans": validation.plans if validation else [],
            "errors": batch.errors,
            "running": batch.status in (batch.Status.QUEUED, batch.Status.RUNNING),
            "earlier": imports.previous_import(batch),
        })

    def post(self, request, pk):
        batch = self.get_batch()
        importer = self.importer_class(request.user)
        if batch.status in (batch.Status.QUEUED, batch.Status.RUNNING):
            messages.error(request, _("Filen granskas eller importeras redan; vänta tills den "
                                      "är klar."))
            return HttpResponseRedirect(request.path)
        if batch.status == batch.Status.PREVIEW and batch.file_size > imports.background_bytes() \
                and imports.previous_import(batch) is None:
            batch.status = batch.Status.QUEUED
            batch.save(update_fields=["status"])
            commit_import.enqueue(batch.pk, importer_path(self.importer_class), request.user.pk)
            return HttpResponseRedirect(request.path)
        try:
            imports.commit(importer, batch)
        except imports.ImportFailed:
            messages.error(request, _("Importen innehåller fel och har inte sparats."))
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, batch.message or _(
                "Importen är klar: %(created)s nya, %(updated)s ändrade, %(unchanged)s oförändrade."
            ) % {"created": batch.created_count, "updated": batch.updated_count,
                 "unchanged": batch.unchanged_count})
            return HttpResponseRedirect(reverse(self.done_url_name))
        return HttpResponseRedirect(request.path)


def import_template_response(importer_class, fmt: str):
    """An empty file with the importer's columns, so users start from the right layout."""
    header = importer_class(None).template_header()
    name = f"mall-{importer_class.kind}"
    if fmt == "csv":
        return csv_response(name, header, [])
    return xlsx_response(name, header, [], title=str(importer_class.title))
