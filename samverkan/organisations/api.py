from rest_framework import serializers

from samverkan.core.api import ScopedSerializer, ScopedViewSet

from .filtersets import OrganisationFilterSet, PersonFilterSet
from .models import Membership, Organisation, Person, Population


class PopulationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Population
        fields = ["year", "inhabitants", "source"]


class MembershipSerializer(serializers.ModelSerializer):
    class Meta:
        model = Membership
        fields = ["member", "valid_from", "valid_to", "is_host"]


class OrganisationSerializer(ScopedSerializer):
    populations = PopulationSerializer(many=True, read_only=True)
    members = MembershipSerializer(source="member_links", many=True, read_only=True)

    class Meta:
        model = Organisation
        fields = ["id", "name", "short_name", "kind", "municipality_code", "county_code",
                  "org_number", "website", "description", "version", "archived_at",
                  "populations", "members"]
        read_only_fields = ["archived_at"]


class OrganisationViewSet(ScopedViewSet):
    queryset = Organisation.objects.prefetch_related("populations", "member_links")
    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilterSet
    ordering_fields = ["name", "municipality_code"]


class PersonSerializer(ScopedSerializer):
    class Meta:
        model = Person
        fields = ["id", "name", "organisation", "title", "email", "phone", "version",
                  "archived_at"]
        read_only_fields = ["archived_at"]


class PersonViewSet(ScopedViewSet):
    queryset = Person.objects.all()
    serializer_class = PersonSerializer
    filterset_class = PersonFilterSet
    ordering_fields = ["name"]


ROUTES = [
    ("organisations", OrganisationViewSet, "organisation"),
    ("people", PersonViewSet, "person"),
]
