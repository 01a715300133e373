"""REST resources for the steering groups of an object family, the portfolio and the programme
(`/api/steering-groups/`) and their seats (`/api/steering-group-seats/`). A seat is a part of
its group: adding, changing or removing one is changing the group, with the seat's own version
against lost updates, as on the pages."""

from __future__ import annotations

from samverkan.core.api import ChildViewSet, ScopedSerializer, ScopedViewSet

from .filtersets import SteeringGroupFilterSet
from .models import SteeringGroup, SteeringGroupSeat


class SteeringGroupSerializer(ScopedSerializer):
    class Meta:
        model = SteeringGroup
        fields = ["id", "organisation", "level", "name", "mandate", "management_objects",
                  "version", "created_at", "updated_at", "archived_at"]
        read_only_fields = ["created_at", "updated_at", "archived_at"]


class SteeringGroupViewSet(ScopedViewSet):
    queryset = SteeringGroup.objects.select_related("organisation").prefetch_related(
        "management_objects")
    serializer_class = SteeringGroupSerializer
    filterset_class = SteeringGroupFilterSet
    ordering_fields = ["name", "level"]


class SteeringGroupSeatSerializer(ScopedSerializer):
    class Meta:
        model = SteeringGroupSeat
        fields = ["id", "group", "person", "organisation", "mandate", "is_chair", "version"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and "group" in self.fields:
            self.fields["group"].queryset = SteeringGroup.objects.for_user(request.user).filter(
                archived_at__isnull=True)


class SteeringGroupSeatViewSet(ChildViewSet):
    queryset = SteeringGroupSeat.objects.select_related("group", "person", "organisation")
    serializer_class = SteeringGroupSeatSerializer
    filterset_fields = ["group", "person", "organisation"]
    ordering_fields = ["id"]

    def get_queryset(self):
        return super().get_queryset().filter(group__archived_at__isnull=True)

    def parent_of(self, seat):
        return seat.group


ROUTES = [
    ("steering-groups", SteeringGroupViewSet, "steering-group"),
    ("steering-group-seats", SteeringGroupSeatViewSet, "steering-group-seat"),
]
