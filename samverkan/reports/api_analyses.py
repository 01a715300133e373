"""`/api/meeting-analyses/`: the analyses a meeting's steering pack shows (the page
«Analyser i paketet»), as a resource: the saved calculations and scenarios chosen and the year of
the licence comparison. A part of the meeting: everyone signed in reads it, the meeting's
editors choose, among the calculations and scenarios of the meeting's organisation and its
related organisations that they may see; changed with the version it started from; removing it
returns the pack to its default (the organisation's own analyses)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework import serializers

from samverkan.analysis.models import Calculation, Scenario
from samverkan.core.api import ChildViewSet, ScopedSerializer, django_errors_as_drf

from . import analyses
from .models import MeetingAnalyses


class MeetingAnalysesSerializer(ScopedSerializer):
    calculations = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=Calculation.objects.filter(archived_at__isnull=True))
    scenarios = serializers.PrimaryKeyRelatedField(
        many=True, required=False, queryset=Scenario.objects.filter(archived_at__isnull=True))

    class Meta:
        model = MeetingAnalyses
        fields = ["id", "meeting", "calculations", "scenarios", "licence_year", "version"]

    def validate_meeting(self, meeting):
        if self.instance is not None and meeting.pk != self.instance.meeting_id:
            raise serializers.ValidationError(_("Valet hör till sitt möte och kan inte flyttas."))
        if self.instance is None and analyses.stored(meeting) is not None:
            raise serializers.ValidationError(
                _("Mötet har redan ett val av analyser; ändra det i stället."))
        return meeting

    def validate(self, attrs):
        meeting = attrs.get("meeting") or self.instance.meeting
        calculations, scenarios = analyses.candidates(meeting, self.context["request"].user)
        errors = {}
        for name, allowed in (("calculations", calculations), ("scenarios", scenarios)):
            chosen = attrs.get(name, [])
            outside = {item.pk for item in chosen} - set(
                allowed.filter(pk__in=[item.pk for item in chosen]).values_list("pk", flat=True))
            if outside:
                errors[name] = [_("Välj bland mötets organisations och dess samverkans och "
                                  "medlemmars analyser.")]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class MeetingAnalysesViewSet(ChildViewSet):
    queryset = MeetingAnalyses.objects.select_related("meeting").prefetch_related(
        "calculations", "scenarios").order_by("pk")
    serializer_class = MeetingAnalysesSerializer
    filterset_fields = ["meeting"]
    ordering_fields = ["id"]

    def parent_of(self, record):
        return record.meeting

    def retrieve(self, request, *args, **kwargs):
        response = super().retrieve(request, *args, **kwargs)
        response["ETag"] = f'"{response.data["version"]}"'
        return response

    def _save(self, serializer, expected_version=None):
        data = serializer.validated_data
        record = serializer.instance
        meeting = record.meeting if record is not None else data["meeting"]
        with django_errors_as_drf(), transaction.atomic():
            serializer.instance = analyses.save_choice(
                self.request.user, meeting,
                data.get("calculations", list(record.calculations.all()) if record else []),
                data.get("scenarios", list(record.scenarios.all()) if record else []),
                data.get("licence_year", record.licence_year if record else None),
                expected_version=expected_version)


ROUTES = [("meeting-analyses", MeetingAnalysesViewSet, "meeting-analyses")]
