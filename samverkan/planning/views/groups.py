"""Pages for the steering groups of an object family, the portfolio and the programme: list,
the group with its mandate, seats, the objects it follows up and its meetings; the forms."""

from __future__ import annotations

import django_tables2 as tables
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverkan.core.exports import csv_response, xlsx_response
from samverkan.core.tables import TABLE_ATTRS, QuickRowsTable
from samverkan.core.views import (
    ChildDeleteView,
    ChildEditView,
    ObjectArchiveView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)

from .. import rollup
from ..calendar import group_calendar
from ..filtersets import SteeringGroupFilterSet
from ..group_forms import SteeringGroupForm, SteeringGroupSeatForm
from ..models import Meeting, SteeringGroup, SteeringGroupSeat


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

    def get(self, request, *args, **kwargs):
        fmt = request.GET.get("export")
        if fmt in ("xlsx", "csv"):
            group = self.get_object()
            header, rows = rollup.roll_up_rows(self.roll_up(group))
            name = f"lagesbild-{group.pk}"
            if fmt == "csv":
                return csv_response(name, header, rows)
            return xlsx_response(name, header, rows, title=_("Lägesbild"))
        return super().get(request, *args, **kwargs)

    def year(self) -> int:
        try:
            year = int(self.request.GET.get("ar", ""))
        except ValueError:
            return timezone.localdate().year
        return year if 1990 <= year <= 2100 else timezone.localdate().year

    def roll_up(self, group) -> rollup.RollUp:
        objects = group.covered_objects().for_user(self.request.user).filter(
            archived_at__isnull=True)
        return rollup.roll_up(objects, self.request.user, self.year())

    def extra_context(self, group) -> dict:
        result = self.roll_up(group)
        return {
            "seats": group.seats.select_related("person", "organisation"),
            "rollup": result,
            "statuses": [(code, rollup.Status.label(code), result.count(code))
                         for code in rollup.Status.ORDER],
            "meetings": Meeting.objects.for_user(self.request.user).filter(
                steering_group=group).order_by("-held_on"),
        }


def group_calendar_file(request, pk):
    """The group's meetings as an .ics file to import or subscribe to."""
    group = get_object_or_404(SteeringGroup.objects.for_user(request.user), pk=pk)
    response = HttpResponse(group_calendar(group, request.user),
                            content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="styrgrupp-{group.pk}.ics"'
    return response


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
