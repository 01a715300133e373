"""REST resources for the steering groups of an object family, the portfolio and the programme
(`/api/steering-groups/`) and their seats (`/api/steering-group-seats/`). A seat is a part of
its group: adding, changing or removing one is changing the group, with the seat's own version
against lost updates, as on the pages."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import viewsets
from rest_framework.exceptions import PermissionDenied

from samverkan.core import permissions
from samverkan.core import services as core_services
from samverkan.core.api import (
    ScopedSerializer,
    ScopedViewSet,
    django_errors_as_drf,
    expected_version_of,
)

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


class SteeringGroupSeatViewSet(viewsets.ModelViewSet):
    queryset = SteeringGroupSeat.objects.select_related("group", "person", "organisation")
    serializer_class = SteeringGroupSeatSerializer
    filterset_fields = ["group", "person", "organisation"]
    ordering_fields = ["id"]

    def get_queryset(self):
        return super().get_queryset().for_user(self.request.user).filter(
            group__archived_at__isnull=True)

    def _save(self, serializer, expected_version=None):
        seat = serializer.instance or SteeringGroupSeat()
        stored_group = seat.group if seat.pk else None
        for name, value in serializer.validated_data.items():
            if name != "version":
                setattr(seat, name, value)
        with django_errors_as_drf():
            if stored_group is not None and stored_group.pk != seat.group_id:
                core_services.check_can(self.request.user, permissions.CHANGE, stored_group)
            core_services.save_child(self.request.user, seat, seat.group,
                                     expected_version=expected_version)
        serializer.instance = seat

    def perform_create(self, serializer):
        self._save(serializer)

    def perform_update(self, serializer):
        self._save(serializer, expected_version_of(self.request))

    def perform_destroy(self, seat):
        if not permissions.can(self.request.user, permissions.CHANGE, seat.group):
            raise PermissionDenied(_("Du har inte behörighet att ändra styrgruppen."))
        with django_errors_as_drf():
            core_services.delete_child(self.request.user, seat, seat.group,
                                       expected_version=expected_version_of(self.request))


ROUTES = [
    ("steering-groups", SteeringGroupViewSet, "steering-group"),
    ("steering-group-seats", SteeringGroupSeatViewSet, "steering-group-seat"),
]
