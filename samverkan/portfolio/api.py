from rest_framework import serializers

from samverkan.core.api import ScopedSerializer, ScopedViewSet

from .filtersets import (
    CapabilityFilterSet,
    ManagementObjectFilterSet,
    ProductFilterSet,
    SupplierFilterSet,
    SystemFilterSet,
)
from .models import (
    Capability,
    ManagementObject,
    ObjectRole,
    Product,
    SteeringGroupMember,
    Supplier,
    System,
    SystemUsage,
)


class UsageSerializer(serializers.ModelSerializer):
    class Meta:
        model = SystemUsage
        fields = ["organisation", "users", "note"]


class SystemSerializer(ScopedSerializer):
    usages = UsageSerializer(many=True, read_only=True)

    class Meta:
        model = System
        fields = ["id", "name", "description", "organisation", "owner_person", "product",
                  "capability", "management_object", "lifecycle", "criticality",
                  "confidentiality", "integrity", "availability", "personal_data", "dpa",
                  "hosting", "service_window", "url", "usages", "version", "created_at",
                  "updated_at", "archived_at"]
        read_only_fields = ["created_at", "updated_at", "archived_at"]


class SystemViewSet(ScopedViewSet):
    queryset = System.objects.select_related("organisation").prefetch_related("usages")
    serializer_class = SystemSerializer
    filterset_class = SystemFilterSet
    ordering_fields = ["name", "updated_at"]


class RoleSerializer(serializers.ModelSerializer):
    class Meta:
        model = ObjectRole
        fields = ["role", "person", "organisation", "valid_from", "valid_to"]


class SteeringSerializer(serializers.ModelSerializer):
    class Meta:
        model = SteeringGroupMember
        fields = ["person", "organisation", "mandate", "is_chair"]


class ManagementObjectSerializer(ScopedSerializer):
    roles = RoleSerializer(many=True, read_only=True)
    steering_group = SteeringSerializer(many=True, read_only=True)
    systems = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = ManagementObject
        fields = ["id", "name", "organisation", "capability", "description", "established_on",
                  "systems", "roles", "steering_group", "version", "archived_at"]
        read_only_fields = ["archived_at"]


class ManagementObjectViewSet(ScopedViewSet):
    queryset = ManagementObject.objects.prefetch_related("roles", "steering_group", "systems")
    serializer_class = ManagementObjectSerializer
    filterset_class = ManagementObjectFilterSet
    ordering_fields = ["name"]


class SupplierSerializer(ScopedSerializer):
    class Meta:
        model = Supplier
        fields = ["id", "name", "org_number", "website", "notes", "version", "archived_at"]
        read_only_fields = ["archived_at"]


class SupplierViewSet(ScopedViewSet):
    queryset = Supplier.objects.all()
    serializer_class = SupplierSerializer
    filterset_class = SupplierFilterSet
    ordering_fields = ["name"]


class ProductSerializer(ScopedSerializer):
    class Meta:
        model = Product
        fields = ["id", "name", "supplier", "description", "version", "archived_at"]
        read_only_fields = ["archived_at"]


class ProductViewSet(ScopedViewSet):
    queryset = Product.objects.all()
    serializer_class = ProductSerializer
    filterset_class = ProductFilterSet
    ordering_fields = ["name"]


class CapabilitySerializer(ScopedSerializer):
    class Meta:
        model = Capability
        fields = ["id", "name", "code", "parent", "description", "version", "archived_at"]
        read_only_fields = ["archived_at"]


class CapabilityViewSet(ScopedViewSet):
    queryset = Capability.objects.all()
    serializer_class = CapabilitySerializer
    filterset_class = CapabilityFilterSet
    ordering_fields = ["name", "code"]


ROUTES = [
    ("capabilities", CapabilityViewSet, "capability"),
    ("suppliers", SupplierViewSet, "supplier"),
    ("products", ProductViewSet, "product"),
    ("systems", SystemViewSet, "system"),
    ("management-objects", ManagementObjectViewSet, "management-object"),
]
