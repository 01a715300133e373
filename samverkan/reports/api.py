"""REST resources of the reports app: every document kind as a file, its subject named by the
kind's parameters (`GET /api/reports/steering-pack/?meeting=ID&format=pptx|xlsx|html
[&sections=a,b]`, `GET /api/reports/<kind>/?…` for the others) and the issued reports
(`/api/issued-reports/`, read-only; `…/ID/file/` gives the file as issued). A document holds
what the caller may see, as on the pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.response import Response

from samverkan.core import permissions
from samverkan.core import services as core_services
from samverkan.core.api import (
    ChildViewSet,
    ScopedSerializer,
    django_errors_as_drf,
    expected_version_of,
)

from . import api_analyses, registry, services
from . import basis as bases
from . import pack as packs
from .models import DecisionBasis, IssuedReport


def file_response(content: bytes, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=services.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class FileNegotiation(DefaultContentNegotiation):
    """`?format=` names the pack's file format here, not one of the API's renderers: answers
    other than the file (errors) are JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class DocumentViewSet(viewsets.ViewSet):
    """A document of the kind in the address (steering-pack, …), generated now (not kept as
    issued), about the subject its parameters name (for the steering pack: `meeting`)."""

    content_negotiation_class = FileNegotiation

    @extend_schema(parameters=[
        OpenApiParameter("kind", str, OpenApiParameter.PATH,
                         description="steering-pack och de övriga rapporttyperna."),
        OpenApiParameter("meeting", int, description="Mötet (styrgruppspaketet)."),
        OpenApiParameter("plan", int, description="Planen (statusrapporten, status-report)."),
        OpenApiParameter("group", int, description="Styrgruppen (lägesbilden, rollup)."),
        OpenApiParameter("organisation", int,
                         description="Kommunen eller samverkan (årsuppföljningen)."),
        OpenApiParameter("year", int, description="Året (årsuppföljningen, lägesbilden)."),
        OpenApiParameter("threshold", int,
                         description="Lägsta priorvärde för risker (årsuppföljningen)."),
        OpenApiParameter("format", str, enum=list(packs.FORMATS)),
        OpenApiParameter("sections", str, description="Avsnitt, kommaseparerade.")],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def list(self, request, kind=None):
        try:
            spec = registry.kind(kind)
        except KeyError:
            raise NotFound(_("Rapporttypen finns inte.")) from None
        fmt = request.query_params.get("format", "pptx")
        if fmt not in packs.FORMATS:
            raise ValidationError({"format": [_("Formatet ska vara pptx, xlsx eller html.")]})
        try:
            subject = spec.resolve(request.user, request.query_params)
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from None
        if subject is None:
            raise NotFound(_("Det rapporten gäller finns inte."))
        keys = [k for k in request.query_params.get("sections", "").split(",") if k]
        pack, content = services.document(request.user, spec.key, subject, keys, fmt)
        return file_response(content, fmt, packs.filename(pack, fmt))


class IssuedReportSerializer(serializers.ModelSerializer):
    issued_by = serializers.StringRelatedField()

    class Meta:
        model = IssuedReport
        fields = ["id", "kind", "title", "organisation", "subject", "meeting", "format",
                  "sections", "as_of", "issued_at", "issued_by", "filename", "sha256",
                  "contains_confidential"]


class IssuedReportViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = IssuedReport.objects.none()  # the schema's model; each reader's in get_queryset
    serializer_class = IssuedReportSerializer
    filterset_fields = ["meeting", "format", "kind", "organisation"]
    ordering_fields = ["issued_at", "id"]

    def get_queryset(self):
        return services.visible_issued(self.request.user)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def file(self, request, pk=None):
        issued = self.get_object()
        return file_response(bytes(issued.content), issued.format, issued.filename)


class DecisionBasisSerializer(ScopedSerializer):
    class Meta:
        model = DecisionBasis
        fields = ["id", "agenda_item", "state", "subject", "background", "management_object",
                  "current_note", "scenario", "initiative", "risk_note", "proposal",
                  "appendices", "decision", "version"]
        read_only_fields = ["state", "decision"]


class StateSerializer(serializers.Serializer):
    """A state change: `version` (or If-Match) is the basis's version it starts from."""

    state = serializers.ChoiceField(choices=DecisionBasis.State.choices)
    version = serializers.IntegerField(required=False)


class DecisionBasisViewSet(ChildViewSet):
    """Decision bases of agenda items: a part of the meeting (its editors write it), changed
    with the version it started from, never removed; `…/ID/state/` moves it utkast → beredd →
    beslutad (decided once the meeting's decision on the item exists)."""

    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    queryset = DecisionBasis.objects.select_related("agenda_item__meeting")
    serializer_class = DecisionBasisSerializer
    filterset_fields = ["agenda_item", "agenda_item__meeting", "state"]
    ordering_fields = ["id"]

    def parent_of(self, basis):
        return basis.agenda_item.meeting

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        response["ETag"] = f'"{response.data["version"]}"'
        return response

    def _save(self, serializer, expected_version=None):
        basis = serializer.instance or DecisionBasis()
        stored_parent = self.parent_of(basis) if basis.pk else None
        for name, value in serializer.validated_data.items():
            if name != "version":
                setattr(basis, name, value)
        with django_errors_as_drf(), transaction.atomic():
            if stored_parent is not None and stored_parent.pk != self.parent_of(basis).pk:
                core_services.check_can(self.request.user, permissions.CHANGE, stored_parent)
            bases.save_basis(self.request.user, basis, expected_version=expected_version)
        serializer.instance = basis

    @extend_schema(request=StateSerializer, responses=DecisionBasisSerializer)
    @action(detail=True, methods=["post"])
    def state(self, request, pk=None):
        basis = self.get_object()
        data = StateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        with django_errors_as_drf():
            bases.change_state(request.user, basis, data.validated_data["state"],
                               expected_version=expected_version_of(request))
        return Response(self.get_serializer(basis).data)


ROUTES = [
    (r"reports/(?P<kind>[a-z-]+)", DocumentViewSet, "report-document"),
    ("issued-reports", IssuedReportViewSet, "issued-report"),
    ("decision-bases", DecisionBasisViewSet, "decision-basis"),
    *api_analyses.ROUTES,
]
