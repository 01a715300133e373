"""REST resources of the ledger, under the same permission layer as the pages:
/api/cost-lines/, /api/ledger-imports/, /api/matching-rules/, /api/reconciliation/."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from samverkan.core import permissions
from samverkan.core.api import (
    ScopedSerializer,
    ScopedViewSet,
    django_errors_as_drf,
    query_int,
)
from samverkan.core.models import ImportBatch
from samverkan.core.tabular import FileRejected
from samverkan.organisations.models import Organisation

from . import reconciliation, services
from .filtersets import CostLineFilterSet, MatchingRuleFilterSet
from .importers import FORMATS, SIE
from .models import CostLine, MatchingRule, Reconciliation
from .tasks import analyse_ledger_file, background_bytes, import_ledger_file
from .views import ledger_batches


class CostLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = CostLine
        fields = ["id", "organisation", "batch", "line_no", "date", "year", "account",
                  "amount_ore", "supplier_name", "supplier_org_number", "invoice_number",
                  "cost_centre", "project", "dimensions", "text", "voucher_series",
                  "voucher_number", "voucher_date", "cost_category", "contract", "match_method",
                  "matched_rule", "matched_by", "matched_at"]
        read_only_fields = fields


class CostLineViewSet(viewsets.ReadOnlyModelViewSet):
    """Imported cost lines (read-only: lines are never edited by hand). Amounts in whole öre.
    Lines of a contract whose prices are confidential are left out for those who may not see
    them, except in their own organisation's ledger."""

    serializer_class = CostLineSerializer
    filterset_class = CostLineFilterSet
    ordering_fields = ["date", "amount_ore", "account"]

    def get_queryset(self):
        return CostLine.objects.for_user(self.request.user).order_by("date", "pk")


class LedgerImportSerializer(serializers.ModelSerializer):
    format = serializers.SerializerMethodField()
    period = serializers.SerializerMethodField()
    preview = serializers.SerializerMethodField()

    class Meta:
        model = ImportBatch
        fields = ["id", "kind", "format", "organisation", "file_name", "file_sha256", "file_size",
                  "status", "rows_total", "created_count", "error_count", "errors", "message",
                  "period", "preview", "created_by", "created_at", "finished_at"]
        read_only_fields = fields

    def get_format(self, batch) -> str:
        return (batch.options or {}).get("format", "")

    def get_period(self, batch) -> list[str] | None:
        return (batch.options or {}).get("period")

    def get_preview(self, batch) -> dict | None:
        preview = dict((batch.options or {}).get("preview") or {})
        request = self.context.get("request")
        if preview and not (request and services.can_import_for(request.user, batch.organisation)):
            preview.pop("matched", None)  # amounts per contract: for those who import only
        return preview or None


class LedgerUploadSerializer(serializers.Serializer):
    organisation = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    file = serializers.FileField()
    format = serializers.ChoiceField(choices=FORMATS, required=False)


class CommitSerializer(serializers.Serializer):
    replace = serializers.BooleanField(default=False)


class LedgerImportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                          viewsets.GenericViewSet):
    """Ledger imports of the organisations the user belongs to. POST a file (multipart:
    organisation, file, format) to stage and check it: the answer has every error or a
    preview. Then POST .../commit/ (with `replace: true` to replace an already imported
    period). Supplier-ledger files must have their columns confirmed once on the upload page."""

    serializer_class = LedgerImportSerializer
    parser_classes = [MultiPartParser, FormParser, JSONParser]
    filterset_fields = ["organisation", "status"]

    def get_queryset(self):
        return ledger_batches(self.request.user).select_related("organisation").order_by(
            "-created_at")

    @extend_schema(request=LedgerUploadSerializer, responses=LedgerImportSerializer)
    def create(self, request):
        upload = LedgerUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        organisation = upload.validated_data["organisation"]
        if not services.can_import_for(request.user, organisation):
            raise PermissionDenied(_("Du får inte importera bokföring för den här organisationen."))
        try:
            batch = services.stage_file(request.user, organisation, upload.validated_data["file"],
                                        fmt=upload.validated_data.get("format"))
        except FileRejected as exc:
            raise ValidationError({"file": [str(exc)]}) from None
        options = batch.options or {}
        if options.get("format") != SIE and not options.get("mapping_confirmed"):
            batch.message = _("Bekräfta filens kolumner en gång på sidan för import; därefter "
                              "känns filtypen igen.")
            batch.save(update_fields=["message"])
        elif batch.file_size > background_bytes():
            batch.status = ImportBatch.Status.QUEUED
            batch.options = {**options, "phase": "validating"}
            batch.save(update_fields=["status", "options"])
            analyse_ledger_file.enqueue(batch.pk)
            batch.refresh_from_db()
        else:
            services.analyse(batch)
            batch.refresh_from_db()
        return Response(self.get_serializer(batch).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CommitSerializer, responses=LedgerImportSerializer)
    @action(detail=True, methods=["post"])
    def commit(self, request, pk=None):
        batch = self.get_object()
        if batch.created_by_id != request.user.pk and not request.user.is_superuser:
            raise PermissionDenied(_("Bara den som laddade upp filen kan slutföra importen."))
        body = CommitSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        if batch.status != ImportBatch.Status.PREVIEW or batch.error_count:
            raise ValidationError({"status": [_("Importen kan inte slutföras i det här läget.")]})
        if batch.file_size > background_bytes():
            batch.status = ImportBatch.Status.QUEUED
            batch.save(update_fields=["status"])
            import_ledger_file.enqueue(batch.pk, request.user.pk, body.validated_data["replace"])
            batch.refresh_from_db()
            return Response(self.get_serializer(batch).data, status=status.HTTP_202_ACCEPTED)
        try:
            with django_errors_as_drf():
                services.run_import(batch, request.user, replace=body.validated_data["replace"])
        except services.LedgerImportError as exc:
            batch.refresh_from_db()
            return Response({**self.get_serializer(batch).data, "detail": exc.message},
                            status=status.HTTP_409_CONFLICT
                            if isinstance(exc, services.NeedsReplaceConfirmation)
                            else status.HTTP_400_BAD_REQUEST)
        return Response(self.get_serializer(batch).data)


class MatchingRuleSerializer(ScopedSerializer):
    class Meta:
        model = MatchingRule
        fields = ["id", "organisation", "contract", "name", "supplier_org_number",
                  "supplier_pattern", "account_from", "account_to", "cost_centre", "project",
                  "dimension_object", "text_pattern", "priority", "version", "created_at",
                  "updated_at", "archived_at"]
        read_only_fields = ["created_at", "updated_at", "archived_at"]


class MatchingRuleViewSet(ScopedViewSet):
    """Matching rules; every change applies the organisation's rules to its lines again.
    DELETE archives the rule (and un-matches what only it matched)."""

    queryset = MatchingRule.objects.select_related("organisation", "contract")
    serializer_class = MatchingRuleSerializer
    filterset_class = MatchingRuleFilterSet
    ordering_fields = ["priority", "name"]

    @transaction.atomic
    def _save(self, serializer, expected_version=None):
        previous = serializer.instance.organisation_id if serializer.instance else None
        super()._save(serializer, expected_version)
        services.apply_rules_soon(serializer.instance.organisation_id)
        if previous and previous != serializer.instance.organisation_id:
            services.apply_rules_soon(previous)

    def destroy(self, request, *args, **kwargs):
        rule = self.get_object()
        if not permissions.can(request.user, permissions.DELETE, rule):
            raise PermissionDenied(_("Du har inte behörighet att arkivera den här posten."))
        with django_errors_as_drf():
            services.archive_rule(request.user, rule)
        return Response(status=status.HTTP_204_NO_CONTENT)


class ReconciliationRowSerializer(serializers.Serializer):
    contract = serializers.IntegerField(source="contract_id")
    contract_title = serializers.CharField(source="contract.title")
    supplier = serializers.IntegerField(source="supplier.pk")
    supplier_name = serializers.CharField(source="supplier.name")
    organisation = serializers.IntegerField(source="organisation.pk")
    organisation_name = serializers.CharField(source="organisation.name")
    year = serializers.IntegerField()
    is_party = serializers.BooleanField()
    prices_visible = serializers.BooleanField(
        help_text="Falskt när avtalets priser omfattas av sekretess för användaren.")
    contracted_ore = serializers.IntegerField(allow_null=True)
    contracted_missing = serializers.BooleanField(
        help_text="Sant när inget avtalat belopp finns (då saknas också differensen).")
    invoiced_ore = serializers.IntegerField(allow_null=True)
    difference_ore = serializers.IntegerField(allow_null=True)
    population = serializers.IntegerField(allow_null=True)
    population_note = serializers.CharField(
        help_text="Tomt när årets egen folkmängd används; annars vilket år som används i stället.")
    invoiced_per_inhabitant = serializers.DecimalField(source="per_inhabitant", max_digits=14,
                                                       decimal_places=2, allow_null=True)
    line_count = serializers.IntegerField(
        allow_null=True, help_text="Saknas när det fakturerade beloppet omfattas av sekretess.")


FILTERS = [OpenApiParameter(name, int, description=text) for name, text in (
    ("year", "År (standard: senaste året med bokföring)"), ("organisation", "Organisation"),
    ("contract", "Avtal"), ("system", "System"), ("management_object", "Förvaltningsobjekt"),
    ("supplier", "Leverantör"), ("page", "Sida"), ("page_size", "Rader per sida (högst 500)"))]


class ReconciliationViewSet(viewsets.GenericViewSet):
    """Contracted against invoiced per contract × organisation × year, largest deviation
    first. A missing contracted amount is null with `contracted_missing`; its difference is
    null too. Amounts under commercial secrecy are null with `prices_visible` false."""

    serializer_class = ReconciliationRowSerializer
    queryset = Reconciliation.objects.none()  # rows come from reconciliation.report

    @extend_schema(parameters=FILTERS)
    def list(self, request):
        def number(name):
            return query_int(request, name)

        page = number("page") or 1
        size = min(max(number("page_size") or 50, 1), 500)
        result = reconciliation.report(
            request.user, year=number("year"), organisation=number("organisation"),
            contract=number("contract"), system=number("system"),
            management_object=number("management_object"), supplier=number("supplier"),
            invoiced_only=request.query_params.get("invoiced_only") in ("1", "true"),
            page=page, page_size=size)
        totals = result.totals
        return Response({
            "year": result.year, "count": result.row_count, "page": result.page,
            "pages": result.pages,
            "results": self.get_serializer(result.rows, many=True).data,
            "totals": {
                "contracted_ore": totals.contracted_ore,
                "contracted_missing_rows": totals.contracted_missing,
                "invoiced_ore": totals.invoiced_ore,
                "invoiced_without_contracted_ore": totals.invoiced_without_contract_ore,
                "difference_ore": totals.difference_ore,
                "over_invoiced_ore": totals.over_invoiced_ore,
                "under_invoiced_ore": totals.under_invoiced_ore,
                "confidential_rows_left_out": totals.hidden,
            },
        })


ROUTES = [
    ("cost-lines", CostLineViewSet, "cost-line"),
    ("ledger-imports", LedgerImportViewSet, "ledger-import"),
    ("matching-rules", MatchingRuleViewSet, "matching-rule"),
    ("reconciliation", ReconciliationViewSet, "reconciliation"),
]
