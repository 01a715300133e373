"""REST resources of this app: /api/contracts/ and /api/contract-parties/.

Derived values (status, term end, notice deadlines, flags) are read-only fields. When a
contract's prices are confidential and the requesting user is not a member of the owning
organisation, every amount and price detail is null and `prices_hidden` is true.
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError

from samverkan.core import permissions
from samverkan.core import services as core_services
from samverkan.core.api import ScopedSerializer, ScopedViewSet, django_errors_as_drf

from . import services
from .filtersets import ContractFilterSet, ContractPartyFilterSet
from .models import Contract, ContractExtensionOption, ContractParty


class OptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ContractExtensionOption
        fields = ["id", "ordering", "length_months", "used_on", "note"]


class NestedPartySerializer(serializers.ModelSerializer):
    class Meta:
        model = ContractParty
        fields = ["id", "organisation", "role", "annual_amount_ore", "valid_from", "valid_to",
                  "note"]


class ContractSerializer(ScopedSerializer):
    parties = NestedPartySerializer(many=True, read_only=True)
    extension_options = OptionSerializer(many=True, read_only=True)
    status = serializers.SerializerMethodField()
    status_since = serializers.SerializerMethodField()
    current_term_end = serializers.SerializerMethodField()
    notice_deadline = serializers.SerializerMethodField()
    internal_deadline = serializers.SerializerMethodField()
    flags = serializers.SerializerMethodField()
    years_since_procurement = serializers.SerializerMethodField()
    prices_hidden = serializers.SerializerMethodField()

    class Meta:
        model = Contract
        fields = [
            "id", "organisation", "supplier", "number", "diary_number", "title", "description",
            "procurement_form", "is_framework", "framework_provider", "framework_reference",
            "signed_on", "start_date", "original_end_date", "renewal_period_months",
            "notice_period_months", "internal_lead_days", "terminated_on",
            "termination_effective_date", "price_model", "price_details", "prices_confidential",
            "prices_hidden", "index_clause", "sla", "data_exit_clause", "data_exit_terms", "dpa",
            "systems", "management_objects", "responsible_people", "parties",
            "extension_options", "status", "status_since", "current_term_end",
            "notice_deadline", "internal_deadline", "flags", "years_since_procurement",
            "version", "created_at", "updated_at", "archived_at",
        ]
        read_only_fields = ["created_at", "updated_at", "archived_at"]

    def _summary(self, obj) -> services.Summary:
        cache = self.__dict__.setdefault("_summaries", {})
        if obj.pk not in cache:
            cache[obj.pk] = services.summary(obj, timezone.localdate(), user=self._user())
        return cache[obj.pk]

    def _user(self):
        request = self.context.get("request")
        return getattr(request, "user", None)

    def get_status(self, obj) -> str:
        return self._summary(obj).status.kind.value

    def get_status_since(self, obj) -> datetime.date | None:
        return self._summary(obj).status.since

    def get_current_term_end(self, obj) -> datetime.date | None:
        return self._summary(obj).term_end

    def get_notice_deadline(self, obj) -> datetime.date | None:
        return self._summary(obj).notice_deadline

    def get_internal_deadline(self, obj) -> datetime.date | None:
        return self._summary(obj).internal_deadline

    def get_flags(self, obj) -> list[str]:
        return [flag.value for flag in self._summary(obj).flags]

    def get_years_since_procurement(self, obj) -> int | None:
        return self._summary(obj).years_since_procurement

    def get_prices_hidden(self, obj) -> bool:
        return not services.can_see_prices(self._user(), obj)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if data.get("prices_hidden"):
            data["price_details"] = None
            for party in data.get("parties", []):
                party["annual_amount_ore"] = None
        return data

    def validate(self, attrs):
        attrs = super().validate(attrs)
        instance = self.instance

        def current(name):
            if name in attrs:
                return attrs[name]
            if instance is None:
                return []
            return list(getattr(instance, name).all())

        organisation = attrs.get("organisation", getattr(instance, "organisation", None))
        errors = services.unrelated_references(
            organisation.pk if organisation else None, systems=current("systems"),
            management_objects=current("management_objects"),
            people=current("responsible_people"))
        if errors:
            raise ValidationError(errors)
        return attrs


class ContractViewSet(ScopedViewSet):
    queryset = Contract.objects.select_related("organisation", "supplier").prefetch_related(
        "extension_options", "parties", "systems", "management_objects", "responsible_people")
    serializer_class = ContractSerializer
    filterset_class = ContractFilterSet
    ordering_fields = ["title", "number", "start_date", "original_end_date", "updated_at"]


class ContractPartySerializer(serializers.ModelSerializer):
    prices_hidden = serializers.SerializerMethodField()

    class Meta:
        model = ContractParty
        fields = ["id", "contract", "organisation", "role", "annual_amount_ore", "valid_from",
                  "valid_to", "note", "prices_hidden"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and "contract" in self.fields:
            self.fields["contract"].queryset = Contract.objects.for_user(request.user).filter(
                archived_at__isnull=True)

    def get_prices_hidden(self, obj) -> bool:
        request = self.context.get("request")
        return not services.can_see_prices(getattr(request, "user", None), obj.contract)

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if data["prices_hidden"]:
            data["annual_amount_ore"] = None
        return data


class ContractPartyViewSet(viewsets.ModelViewSet):
    """Parties are parts of a contract: changing one is changing the contract."""

    queryset = ContractParty.objects.select_related("contract", "organisation")
    serializer_class = ContractPartySerializer
    filterset_class = ContractPartyFilterSet
    ordering_fields = ["id", "contract"]

    def get_queryset(self):
        return super().get_queryset().for_user(self.request.user).filter(
            contract__archived_at__isnull=True)

    def _save(self, serializer):
        instance = serializer.instance or ContractParty()
        stored_contract = instance.contract if instance.pk else None
        for name, value in serializer.validated_data.items():
            setattr(instance, name, value)
        with django_errors_as_drf():
            if stored_contract is not None and stored_contract.pk != instance.contract_id:
                core_services.check_can(self.request.user, permissions.CHANGE, stored_contract)
            core_services.save_child(self.request.user, instance, instance.contract)
        serializer.instance = instance

    def perform_create(self, serializer):
        self._save(serializer)

    def perform_update(self, serializer):
        self._save(serializer)

    def perform_destroy(self, instance):
        if not permissions.can(self.request.user, permissions.CHANGE, instance.contract):
            raise PermissionDenied(_("Du har inte behörighet att ändra det här avtalet."))
        core_services.delete_child(self.request.user, instance, instance.contract)


ROUTES = [
    ("contracts", ContractViewSet, "contract"),
    ("contract-parties", ContractPartyViewSet, "contract-party"),
]
