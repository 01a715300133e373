"""Base classes for the REST API: the same scope and the same service functions as the UI.

Updates must name the version they start from (`If-Match: "<version>"` or `version` in the
body); a stale one is refused with 412 Precondition Failed, a missing one with 428.
"""

from __future__ import annotations

from collections.abc import Mapping
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, transaction
from django.utils.translation import gettext as _
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import APIException, PermissionDenied, ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from . import permissions, schema, services  # noqa: F401 (schema registers its extensions)


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "stale_version"


class PreconditionRequired(APIException):
    status_code = 428
    default_detail = "Ange versionen du utgår från (If-Match eller fältet version)."
    default_code = "version_required"


def exception_handler(exc, context):
    """DRF's, plus: a value the database cannot hold (an id or year beyond 64 bits, a text too
    long for its column) is the client's mistake, a 400, wherever it reaches the database."""
    if isinstance(exc, OverflowError | DataError):
        exc = ValidationError(_("Ett värde i begäran är för stort eller för långt för att sparas "
                                "eller sökas på."))
    return drf_exception_handler(exc, context)


class ConfidentialValuesMixin:
    """Confidential values the requesting user may not see go out as null, and (for models that
    have any) their names as `hidden_fields`, so a client can tell hidden from missing."""

    def get_fields(self):
        fields = super().get_fields()
        if permissions.confidential_fields(self.Meta.model):
            fields["hidden_fields"] = serializers.SerializerMethodField(
                help_text=_("Värden som är sekretessbelagda för dig (de visas som null)."))
        return fields

    def _user(self):
        return getattr(self.context.get("request"), "user", None)

    def get_hidden_fields(self, obj) -> list[str]:
        return sorted(permissions.hidden_fields(self._user(), obj))

    def to_representation(self, instance):
        data = super().to_representation(instance)
        for name in permissions.hidden_fields(self._user(), instance):
            if name in data:
                data[name] = None
        return data


class ScopedSerializer(ConfidentialValuesMixin, serializers.ModelSerializer):
    """Related-object choices are limited to what the requesting user may see; confidential
    values are masked."""

    version = serializers.IntegerField(required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is None:
            return
        for field in self.fields.values():
            target = getattr(field, "child_relation", field)
            queryset = getattr(target, "queryset", None)
            if queryset is not None and hasattr(queryset, "for_user"):
                target.queryset = queryset.for_user(request.user)


@contextmanager
def django_errors_as_drf():
    """The service layer's errors as the API's: a stale version is 412, a refused permission
    403 and a failed validation 400 with the messages by field where the model gave fields."""
    try:
        yield
    except services.StaleVersionError as exc:
        raise PreconditionFailed(str(exc)) from None
    except DjangoPermissionDenied as exc:
        raise PermissionDenied(str(exc)) from None
    except DjangoValidationError as exc:
        raise ValidationError(exc.message_dict if hasattr(exc, "error_dict")
                              else exc.messages) from None


def query_int(request, name: str) -> int | None:
    """A query parameter as a whole number; None when absent or empty; a field error (400)
    when it is not a number."""
    value = request.query_params.get(name)
    if value in (None, ""):
        return None
    try:
        return int(value)
    except ValueError:
        raise ValidationError({name: [_("Ange ett heltal.")]}) from None


def expected_version_of(request) -> int:
    header = request.headers.get("If-Match", "").strip().strip('W/').strip('"')
    value = header or request.data.get("version")
    if value in (None, ""):
        raise PreconditionRequired()
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationError({"version": _("Versionen måste vara ett heltal.")}) from None


class ScopedViewSet(viewsets.ModelViewSet):
    """DELETE archives (public records are never hard-deleted)."""

    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # creating or changing a record takes it as a JSON object; a list, a number or a string
        # is refused here, before anything reads fields from it (an app's own actions may take
        # other shapes and check them themselves)
        if (self.action in ("create", "update", "partial_update")
                and not isinstance(request.data, Mapping)):
            raise ValidationError({"non_field_errors": [
                _("Skicka posten som ett JSON-objekt med fältnamn och värden.")]})

    def get_queryset(self):
        queryset = super().get_queryset().for_user(self.request.user)
        if self.action == "list" and hasattr(queryset, "masked_for"):
            queryset = queryset.masked_for(self.request.user)  # ?ordering= by a hidden value
        model = queryset.model
        if hasattr(model, "archived_at") and self.action == "list":
            if self.request.query_params.get("archived") != "true":
                queryset = queryset.filter(archived_at__isnull=True)
        return queryset

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        if "version" in response.data:
            response["ETag"] = f'"{response.data["version"]}"'
        return response

    def _save(self, serializer, expected_version=None):
        instance = serializer.instance or serializer.Meta.model()
        data = {k: v for k, v in serializer.validated_data.items() if k != "version"}
        many = {}
        for name, value in data.items():
            field = instance._meta.get_field(name)
            if field.many_to_many:
                many[name] = value
            else:
                setattr(instance, name, value)
        with django_errors_as_drf(), transaction.atomic():
            saved = services.save_record(self.request.user, instance,
                                         expected_version=expected_version)
            for name, value in many.items():
                getattr(saved, name).set(value)
            # the saved record must still be within what the user may see, or it is undone
            if not permissions.can(self.request.user, permissions.VIEW, saved):
                raise DjangoPermissionDenied(_(
                    "Ändringen skulle flytta posten utanför det du får se. "
                    "Ingenting sparades."))
        serializer.instance = saved

    def perform_create(self, serializer):
        self._save(serializer)

    def update(self, request, *args, **kwargs):
        instance = self.get_object()
        if not permissions.can(request.user, permissions.CHANGE, instance):
            raise PermissionDenied(_("Du har inte behörighet att ändra den här posten."))
        expected = expected_version_of(request) if hasattr(instance, "version") else None
        serializer = self.get_serializer(instance, data=request.data,
                                         partial=kwargs.pop("partial", False))
        serializer.is_valid(raise_exception=True)
        self._save(serializer, expected)
        response = Response(self.get_serializer(serializer.instance).data)
        if hasattr(serializer.instance, "version"):
            response["ETag"] = f'"{serializer.instance.version}"'
        return response

    def destroy(self, request, *args, **kwargs):
        instance = self.get_object()
        if not permissions.can(request.user, permissions.DELETE, instance):
            raise PermissionDenied(_("Du har inte behörighet att arkivera den här posten."))
        expected = expected_version_of(request) if hasattr(instance, "version") else None
        with django_errors_as_drf():
            services.archive_record(request.user, instance, expected_version=expected)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ChildViewSet(viewsets.ModelViewSet):
    """A part of a record (a seat, a score, a benefit's year): changing it is changing its
    parent (`parent_of`), through `services.save_child` and `delete_child`, with the part's own
    version against lost updates (If-Match or `version`) on every change and removal."""

    def parent_of(self, part):
        raise NotImplementedError

    def get_queryset(self):
        return super().get_queryset().for_user(self.request.user)

    def _save(self, serializer, expected_version=None):
        part = serializer.instance or serializer.Meta.model()
        stored_parent = self.parent_of(part) if part.pk else None
        for name, value in serializer.validated_data.items():
            if name != "version":
                setattr(part, name, value)
        with django_errors_as_drf(), transaction.atomic():
            parent = self.parent_of(part)
            if stored_parent is not None and stored_parent.pk != parent.pk:
                services.check_can(self.request.user, permissions.CHANGE, stored_parent)
            services.save_child(self.request.user, part, parent,
                                expected_version=expected_version)
        serializer.instance = part

    def perform_create(self, serializer):
        self._save(serializer)

    def perform_update(self, serializer):
        self._save(serializer, expected_version_of(self.request))

    def perform_destroy(self, part):
        parent = self.parent_of(part)
        if not permissions.can(self.request.user, permissions.CHANGE, parent):
            raise PermissionDenied(_("Du har inte behörighet att ändra den här posten."))
        with django_errors_as_drf():
            services.delete_child(self.request.user, part, parent,
                                  expected_version=expected_version_of(self.request))
