"""REST resources of the finance app. Amounts are whole öre (`*_ore`), exactly as stored.

Approved distributions and invoicing bases are read-only snapshots: a member organisation's
users see the totals and their own lines, the organisation that runs a pool sees every line.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import MethodNotAllowed, PermissionDenied, ValidationError
from rest_framework.response import Response

from samverkan.core import permissions
from samverkan.core import services as core_services
from samverkan.core.api import (
    ConfidentialValuesMixin,
    PreconditionFailed,
    ScopedSerializer,
    ScopedViewSet,
    django_errors_as_drf,
    expected_version_of,
)
from samverkan.organisations.models import Organisation

from . import exports, services
from .allocation import AllocationError
from .filtersets import (
    AllocationKeyFilterSet,
    BudgetFilterSet,
    CostPoolFilterSet,
    DistributionFilterSet,
    InvoicingBasisFilterSet,
    ServiceFilterSet,
    ServiceVolumeFilterSet,
)
from .models import (
    AllocationKey,
    Budget,
    BudgetLine,
    CostPool,
    Distribution,
    DistributionLine,
    InvoicingBasis,
    InvoicingBasisLine,
    KeyShare,
    KeyVersion,
    PoolParticipant,
    Service,
    ServicePrice,
    ServiceVolume,
)


class ReadOnlyScopedViewSet(ScopedViewSet):
    """Snapshots: listed and read through the same scope, never written through the API."""

    http_method_names = ["get", "head", "options"]


# -- keys ------------------------------------------------------------------------------------------

class KeyShareSerializer(serializers.ModelSerializer):
    class Meta:
        model = KeyShare
        fields = ["organisation", "percent"]


class KeyVersionSerializer(serializers.ModelSerializer):
    shares = KeyShareSerializer(many=True, read_only=True)
    label = serializers.CharField(read_only=True)

    class Meta:
        model = KeyVersion
        fields = ["id", "valid_from", "method", "label", "equal_weight", "population_weight",
                  "users_weight", "custom_weight", "system",
                  "note", "shares"]


class AllocationKeySerializer(ScopedSerializer):
    versions = KeyVersionSerializer(many=True, read_only=True)

    class Meta:
        model = AllocationKey
        fields = ["id", "name", "organisation", "description", "versions", "version",
                  "created_at", "updated_at", "archived_at"]
        read_only_fields = ["created_at", "updated_at", "archived_at"]


class AllocationKeyViewSet(ScopedViewSet):
    queryset = AllocationKey.objects.select_related("organisation").prefetch_related(
        Prefetch("versions", queryset=KeyVersion.objects.select_related("system").prefetch_related(
            "shares")))
    serializer_class = AllocationKeySerializer
    filterset_class = AllocationKeyFilterSet
    ordering_fields = ["name"]


# -- pools -----------------------------------------------------------------------------------------

class ParticipantSerializer(serializers.ModelSerializer):
    class Meta:
        model = PoolParticipant
        fields = ["organisation", "reduction", "reduction_percent", "reduction_ore", "reason"]


class CostPoolSerializer(ScopedSerializer):
    participants = ParticipantSerializer(many=True, read_only=True)
    approved_distribution = serializers.SerializerMethodField()

    class Meta:
        model = CostPool
        fields = ["id", "name", "organisation", "purpose", "source", "year", "key", "amount_ore",
                  "management_object", "category", "service", "ledger_organisation", "contract",
                  "system", "decision", "description", "participants", "approved_distribution",
                  "version",
                  "created_at", "updated_at", "archived_at"]
        read_only_fields = ["created_at", "updated_at", "archived_at"]

    def get_approved_distribution(self, pool) -> int | None:
        approved = [d for d in pool.distributions.all() if d.status == Distribution.Status.APPROVED]
        return approved[0].pk if approved else None


def _line(line) -> dict:
    return {"organisation": line.organisation.pk, "organisation_name": line.organisation.name,
            "basis_value": str(line.basis_value) if line.basis_value is not None else None,
            "basis_text": line.basis_text, "share_percent": str(line.share_percent),
            "full_ore": line.full_ore, "adjustment_ore": line.adjustment_ore,
            "amount_ore": line.amount_ore, "extra_ore": line.extra_ore,
            "reduction_text": line.reduction_text, "population_year": line.population_year}


class CostPoolViewSet(ScopedViewSet):
    queryset = CostPool.objects.select_related("organisation").prefetch_related(
        "participants", "distributions")
    serializer_class = CostPoolSerializer
    filterset_class = CostPoolFilterSet
    ordering_fields = ["name", "year"]

    @action(detail=True, methods=["get"])
    def preview(self, request, pk=None):
        """The split as it would be approved now (for the pool's own organisation)."""
        pool = self.get_object()
        if not permissions.reads_for(request.user, pool.organisation_id):
            raise PermissionDenied(_("Fördelningen per medlem visas bara för %(org)s.")
                                   % {"org": pool.organisation})
        try:
            computation = services.compute(pool)
        except AllocationError as exc:
            raise ValidationError({"detail": str(exc)}) from None
        return Response({
            "total_ore": computation.total_ore, "amount_source": computation.amount_source,
            "key_label": computation.key_label, "key_name": computation.key_text,
            "key_version": computation.version.pk if computation.version else None,
            "fingerprint": computation.fingerprint, "explanation": computation.explanation,
            "population_year": computation.population.year,
            "population_source": computation.population.source,
            "population_note": computation.population.note,
            "lines": [_line(line) for line in computation.lines],
        })

    @action(detail=True, methods=["put"], serializer_class=ParticipantSerializer)
    def participants(self, request, pk=None):
        """Replace the participants (and their reductions) with the list given."""
        pool = self.get_object()
        if not permissions.can(request.user, permissions.CHANGE, pool):
            raise PermissionDenied(_("Du har inte behörighet att ändra den här poolen."))
        serializer = ParticipantSerializer(data=request.data, many=True,
                                           context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        organisations = [item["organisation"].pk for item in serializer.validated_data]
        if len(set(organisations)) != len(organisations):
            raise ValidationError({"detail": _("Samma organisation finns flera gånger.")})
        with django_errors_as_drf():
            services.replace_participants(request.user, pool, serializer.validated_data)
        participants = pool.participants.select_related("organisation")
        return Response(ParticipantSerializer(participants, many=True).data)

    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        """Fastställ. Give the `fingerprint` from the preview to make sure nothing changed since."""
        pool = self.get_object()
        if not permissions.can(request.user, permissions.CHANGE, pool):
            raise PermissionDenied(_("Du har inte behörighet att fastställa fördelningen."))
        try:
            with django_errors_as_drf():
                distribution = services.approve(
                    request.user, pool, fingerprint=request.data.get("fingerprint") or None)
        except services.StaleComputation as exc:
            raise PreconditionFailed(str(exc)) from None
        except AllocationError as exc:
            raise ValidationError({"detail": str(exc)}) from None
        data = DistributionSerializer(distribution, context=self.get_serializer_context()).data
        return Response(data, status=status.HTTP_201_CREATED)


# -- distributions ---------------------------------------------------------------------------------

class DistributionLineSerializer(serializers.ModelSerializer):
    adjustment_ore = serializers.IntegerField(read_only=True)

    class Meta:
        model = DistributionLine
        fields = ["organisation", "basis_value", "basis_text", "basis_detail", "share_percent",
                  "full_ore", "adjustment_ore", "amount_ore", "extra_ore", "remainder",
                  "reduction_text", "population_year"]


class DistributionSerializer(ConfidentialValuesMixin, serializers.ModelSerializer):
    lines = serializers.SerializerMethodField()
    key_name = serializers.CharField(source="key_text", read_only=True,
                                     help_text="Nyckelns namn, som på sidor och i exporter.")

    class Meta:
        model = Distribution
        fields = ["id", "pool", "pool_name", "year", "status", "total_ore", "amount_source", "key",
                  "key_version", "key_name", "key_label", "key_valid_from", "population_year",
                  "population_source", "population_note", "decision", "explanation",
                  "approved_at", "approved_by", "superseded_at", "superseded_by", "lines"]

    def get_lines(self, distribution) -> list[dict]:
        lines = getattr(distribution, "visible_lines", None)
        if lines is None:
            user = self.context["request"].user
            lines = DistributionLine.objects.for_user(user).filter(distribution=distribution)
        return DistributionLineSerializer(lines, many=True).data


class DistributionViewSet(ReadOnlyScopedViewSet):
    queryset = Distribution.objects.select_related("pool", "key")
    serializer_class = DistributionSerializer
    filterset_class = DistributionFilterSet
    ordering_fields = ["approved_at", "year"]

    def get_queryset(self):
        lines = DistributionLine.objects.for_user(self.request.user)
        return super().get_queryset().prefetch_related(
            Prefetch("lines", queryset=lines, to_attr="visible_lines"))


# -- invoicing bases -------------------------------------------------------------------------------

class InvoicingBasisLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = InvoicingBasisLine
        fields = ["text", "key_label", "basis_text", "share_percent", "amount_ore", "is_credit",
                  "distribution_line"]


class InvoicingBasisSerializer(serializers.ModelSerializer):
    lines = InvoicingBasisLineSerializer(many=True, read_only=True)
    reference = serializers.CharField(read_only=True)

    class Meta:
        model = InvoicingBasis
        fields = ["id", "reference", "issuer", "recipient", "year", "number", "voucher_date",
                  "total_ore", "created_at", "created_by", "lines"]


class IssueSerializer(serializers.Serializer):
    issuer = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all())
    year = serializers.IntegerField(min_value=1990, max_value=2100)
    voucher_date = serializers.DateField()
    recipient = serializers.PrimaryKeyRelatedField(queryset=Organisation.objects.all(),
                                                   required=False, allow_null=True)


class InvoicingBasisViewSet(ReadOnlyScopedViewSet):
    """Read the bases; `issue` creates the numbered bases of a year; `sie` is one basis as a
    SIE 4I voucher for the member's finance system (`?ksumma=0` leaves out the checksum)."""

    http_method_names = ["get", "post", "head", "options"]
    queryset = InvoicingBasis.objects.prefetch_related("lines")
    serializer_class = InvoicingBasisSerializer
    filterset_class = InvoicingBasisFilterSet
    ordering_fields = ["year", "number"]

    def create(self, request, *args, **kwargs):
        raise MethodNotAllowed("POST")

    @action(detail=False, methods=["post"], serializer_class=IssueSerializer)
    def issue(self, request):
        serializer = IssueSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        with django_errors_as_drf():
            bases = services.issue_bases(request.user, data["issuer"], data["year"],
                                         data["voucher_date"], data.get("recipient"))
        return Response(InvoicingBasisSerializer(bases, many=True).data,
                        status=status.HTTP_201_CREATED)

    @action(detail=True, methods=["get"])
    def sie(self, request, pk=None):
        basis = self.get_object()
        lines = list(basis.lines.all())
        try:
            content = exports.basis_sie(basis, lines, services.basis_accounts(basis),
                                        with_checksum=request.query_params.get("ksumma") != "0",
                                        generated_by=request.user.get_username())
        except AllocationError as exc:
            raise ValidationError({"detail": str(exc)}) from None
        return exports.sie_response(content, basis)


# -- service catalogue -----------------------------------------------------------------------------

class ServicePriceSerializer(serializers.ModelSerializer):
    class Meta:
        model = ServicePrice
        fields = ["year", "unit_price_ore", "budget_ore"]


class ServiceSerializer(ScopedSerializer):
    prices = ServicePriceSerializer(many=True, read_only=True)

    class Meta:
        model = Service
        fields = ["id", "code", "name", "organisation", "unit", "category", "description", "prices",
                  "version", "created_at", "updated_at", "archived_at"]
        read_only_fields = ["created_at", "updated_at", "archived_at"]


class ServiceViewSet(ScopedViewSet):
    queryset = Service.objects.prefetch_related("prices")
    serializer_class = ServiceSerializer
    filterset_class = ServiceFilterSet
    ordering_fields = ["code", "name"]


class ServiceVolumeSerializer(ScopedSerializer):
    version = None  # a volume is a part of its service; no version of its own

    class Meta:
        model = ServiceVolume
        fields = ["id", "service", "organisation", "year", "month", "volume", "note"]


class ServiceVolumeViewSet(ScopedViewSet):
    """Volumes are written by the service's provider (e.g. pushed from its systems) and read by
    the provider and by the organisation they concern."""

    queryset = ServiceVolume.objects.all()
    serializer_class = ServiceVolumeSerializer
    filterset_class = ServiceVolumeFilterSet
    ordering_fields = ["year", "month"]

    def destroy(self, request, *args, **kwargs):
        volume = self.get_object()
        with django_errors_as_drf():
            core_services.delete_child(request.user, volume, volume.service,
                                       expected_version=expected_version_of(request))
        return Response(status=status.HTTP_204_NO_CONTENT)


# -- budgets ---------------------------------------------------------------------------------------

class BudgetLineSerializer(serializers.ModelSerializer):
    class Meta:
        model = BudgetLine
        fields = ["category", "amount_ore", "forecast_ore", "note"]


class BudgetSerializer(ScopedSerializer):
    lines = BudgetLineSerializer(many=True, read_only=True)

    class Meta:
        model = Budget
        fields = ["id", "management_object", "year", "key", "note", "lines", "version",
                  "created_at", "updated_at", "archived_at"]
        read_only_fields = ["created_at", "updated_at", "archived_at"]


class BudgetViewSet(ScopedViewSet):
    queryset = Budget.objects.prefetch_related("lines")
    serializer_class = BudgetSerializer
    filterset_class = BudgetFilterSet
    ordering_fields = ["year"]


ROUTES = [
    ("allocation-keys", AllocationKeyViewSet, "allocation-key"),
    ("cost-pools", CostPoolViewSet, "cost-pool"),
    ("distributions", DistributionViewSet, "distribution"),
    ("invoicing-bases", InvoicingBasisViewSet, "invoicing-basis"),
    ("services", ServiceViewSet, "service"),
    ("service-volumes", ServiceVolumeViewSet, "service-volume"),
    ("budgets", BudgetViewSet, "budget"),
]
