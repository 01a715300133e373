"""REST resources of the reports app: the steering pack of a meeting as a file
(`GET /api/reports/steering-pack/?meeting=ID&format=pptx|xlsx|html[&sections=a,b]`) and the
issued reports (`/api/issued-reports/`, read-only; `…/ID/file/` gives the file as issued). A
pack holds what the caller may see, as on the pages."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.negotiation import DefaultContentNegotiation

from samverkan.planning.models import Meeting

from . import pack as packs
from . import services
from .models import IssuedReport


def file_response(content: bytes, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=services.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class FileNegotiation(DefaultContentNegotiation):
    """`?format=` names the pack's file format here, not one of the API's renderers: answers
    other than the file (errors) are JSON."""

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class SteeringPackViewSet(viewsets.ViewSet):
    """The steering pack of one meeting, generated now (not kept as issued)."""

    content_negotiation_class = FileNegotiation

    @extend_schema(parameters=[
        OpenApiParameter("meeting", int, required=True),
        OpenApiParameter("format", str, enum=list(packs.FORMATS)),
        OpenApiParameter("sections", str, description="Avsnitt, kommaseparerade.")],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def list(self, request):
        meeting_id = request.query_params.get("meeting", "")
        fmt = request.query_params.get("format", "pptx")
        if not meeting_id.isdigit():
            raise ValidationError({"meeting": [_("Ange mötets id.")]})
        if fmt not in packs.FORMATS:
            raise ValidationError({"format": [_("Formatet ska vara pptx, xlsx eller html.")]})
        meeting = Meeting.objects.for_user(request.user).filter(pk=int(meeting_id)).first()
        if meeting is None:
            raise NotFound(_("Mötet finns inte."))
        keys = [k for k in request.query_params.get("sections", "").split(",") if k]
        pack, content = services.steering_pack(request.user, meeting, keys, fmt)
        return file_response(content, fmt, packs.filename(pack, fmt))


class IssuedReportSerializer(serializers.ModelSerializer):
    issued_by = serializers.StringRelatedField()

    class Meta:
        model = IssuedReport
        fields = ["id", "kind", "meeting", "format", "sections", "as_of", "issued_at",
                  "issued_by", "filename", "sha256", "contains_confidential"]


class IssuedReportViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = IssuedReport.objects.none()  # the schema's model; each reader's in get_queryset
    serializer_class = IssuedReportSerializer
    filterset_fields = ["meeting", "format", "kind"]
    ordering_fields = ["issued_at", "id"]

    def get_queryset(self):
        return services.visible_issued(self.request.user)

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def file(self, request, pk=None):
        issued = self.get_object()
        return file_response(bytes(issued.content), issued.format, issued.filename)


ROUTES = [
    ("reports/steering-pack", SteeringPackViewSet, "steering-pack"),
    ("issued-reports", IssuedReportViewSet, "issued-report"),
]
