"""Pages for the steering groups of an object family, the portfolio and the programme: list,
the group with its mandate, seats, the objects it follows up and its meetings; the forms."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from samverkan.core.tables import TABLE_ATTRS, QuickRowsTable
from samverkan.core.views import (
    ChildDeleteView,
    ChildEditView,
    ObjectArchiveView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)

from ..filtersets import SteeringGroupFilterSet
from ..group_forms import SteeringGroupForm, SteeringGroupSeatForm
from ..models import Meeting, Plan, SteeringGroup, SteeringGroupSeat


class SteeringGroupTable(QuickRowsTable):
    name = tables.Column(linkify=True, verbose_name=_("Styrgrupp"))
    level = tables.Column(verbose_name=_("Nivå"))
    organisation = tables.Column(verbose_name=_("Ägare"))
    mandate = tables.Column(verbose_name=_("Mandat"))

    class Meta:
        model = SteeringGroup
        fields = ("name", "level", "organisation", "mandate")
        attrs = TABLE_ATTRS
        empty_text = _("Inga styrgrupper matchar filtret.")


class SteeringGroupListView(ObjectListView):
    model = SteeringGroup
    queryset = SteeringGroup.objects.select_related("organisation")
    table_class = SteeringGroupTable
    filterset_class = SteeringGroupFilterSet
    title = _("Styrgrupper")
    add_url_name = "planning:group_add"
    export_name = "styrgrupper"


class SteeringGroupDetailView(ObjectDetailView):
    model = SteeringGroup
    queryset = SteeringGroup.objects.select_related("organisation")
    template_name = "planning/group_detail.html"

    def extra_context(self, group) -> dict:
        user = self.request.user
        objects = list(group.covered_objects().for_user(user).filter(
            archived_at__isnull=True).select_related("organisation").order_by("name"))
        plans = {}
        for plan in Plan.objects.for_user(user).filter(
                management_object__in=objects, archived_at__isnull=True).exclude(
                state=Plan.State.REVISED).order_by("year", "revision"):
            plans[plan.management_object_id] = plan  # the latest year's plan in force
        return {
            "seats": group.seats.select_related("person", "organisation"),
            "objects": [(obj, plans.get(obj.pk)) for obj in objects],
            "meetings": Meeting.objects.for_user(user).filter(
                steering_group=group).order_by("-held_on"),
        }


class SteeringGroupEditView(ObjectEditView):
    model = SteeringGroup
    form_class = SteeringGroupForm


class SteeringGroupArchiveView(ObjectArchiveView):
    model = SteeringGroup


class SeatEditView(ChildEditView):
    model = SteeringGroupSeat
    parent_model = SteeringGroup
    parent_field = "group"
    form_class = SteeringGroupSeatForm


class SeatDeleteView(ChildDeleteView, SeatEditView):
    pass
