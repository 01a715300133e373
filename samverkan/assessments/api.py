"""REST resources of the assessments app: questionnaires (read, and `copy` to a new version),
assessment rounds with their respondents and answers (`answer` for one respondent, `close`),
and the results of closed rounds. The same permission layer, domain rules and version checks
(If-Match or `version`) as the pages."""

from __future__ import annotations

from django.db import transaction
from django.shortcuts import get_object_or_404
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response

from samverkan.core.api import (
    ScopedSerializer,
    ScopedViewSet,
    django_errors_as_drf,
    expected_version_of,
)

from .filtersets import AssessmentFilterSet
from .models import Assessment, Questionnaire, Respondent, Statement, SubArea
from .services import questionnaires, rounds


class StatementSerializer(serializers.ModelSerializer):
    class Meta:
        model = Statement
        fields = ["id", "code", "text", "knock_out"]


class SubAreaSerializer(serializers.ModelSerializer):
    statements = StatementSerializer(many=True, read_only=True)

    class Meta:
        model = SubArea
        fields = ["id", "area", "name", "weight", "statements"]


class QuestionnaireSerializer(ScopedSerializer):
    sub_areas = SubAreaSerializer(many=True, read_only=True)
    economy_fields = serializers.SerializerMethodField()

    class Meta:
        model = Questionnaire
        fields = ["id", "name", "edition", "previous", "description", "is_default",
                  "sub_areas", "economy_fields", "version"]

    def get_economy_fields(self, obj) -> list[dict]:
        return [{"id": f.pk, "code": f.code, "label": f.label, "unit": f.unit,
                 "source": f.source} for f in obj.economy_fields.all()]


class QuestionnaireViewSet(ScopedViewSet):
    """Read; `copy` makes a new version to adapt."""

    http_method_names = ["get", "post", "head", "options"]
    queryset = Questionnaire.objects.prefetch_related("sub_areas__statements", "economy_fields")
    serializer_class = QuestionnaireSerializer

    def create(self, request, *args, **kwargs):
        from rest_framework.exceptions import MethodNotAllowed
        raise MethodNotAllowed("POST")

    @action(detail=True, methods=["post"])
    def copy(self, request, pk=None):
        with django_errors_as_drf():
            new = questionnaires.copy(request.user, self.get_object())
        return Response(QuestionnaireSerializer(new, context=self.get_serializer_context()).data,
                        status=201)


class RespondentSerializer(serializers.ModelSerializer):
    answers = serializers.SerializerMethodField()

    class Meta:
        model = Respondent
        fields = ["id", "person", "areas", "answered_at", "version", "answers"]

    def get_answers(self, obj) -> dict:
        return {a.statement.code: a.value for a in obj.answers.all()}


class AssessmentSerializer(ScopedSerializer):
    respondents = RespondentSerializer(many=True, read_only=True)

    class Meta:
        model = Assessment
        fields = ["id", "organisation", "system", "questionnaire", "opened_on", "due_on",
                  "state", "closed_at", "business_value", "technical_fit", "disposition",
                  "legal_knock_out", "planned_disposition", "planned_on", "planned_reason",
                  "respondents", "version", "created_at", "updated_at", "archived_at"]
        read_only_fields = ["state", "closed_at", "business_value", "technical_fit",
                            "disposition", "legal_knock_out", "created_at", "updated_at",
                            "archived_at"]


class AnswerSerializer(serializers.Serializer):
    """`answers`: statement code → 1–5 or null («Vet ej»); `economy`: field code → value."""

    respondent = serializers.IntegerField()
    answers = serializers.DictField(child=serializers.IntegerField(allow_null=True,
                                                                   min_value=1, max_value=5))
    economy = serializers.DictField(child=serializers.DecimalField(
        max_digits=17, decimal_places=5, allow_null=True), required=False)
    version = serializers.IntegerField(required=False)


class AssessmentViewSet(ScopedViewSet):
    queryset = Assessment.objects.select_related("system", "organisation").prefetch_related(
        "respondents__answers__statement")
    serializer_class = AssessmentSerializer
    filterset_class = AssessmentFilterSet
    ordering_fields = ["opened_on", "system__name"]

    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        assessment = self.get_object()
        with django_errors_as_drf():
            result = rounds.close(request.user, assessment,
                                  expected_version=expected_version_of(request))
        return Response(AssessmentSerializer(result, context=self.get_serializer_context()).data)

    @action(detail=True, methods=["post"], serializer_class=AnswerSerializer)
    def answer(self, request, pk=None):
        """One respondent's answers; `version` is the respondent's version."""
        assessment = self.get_object()
        serializer = AnswerSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        respondent = get_object_or_404(assessment.respondents, pk=data["respondent"])
        codes = dict(assessment.questionnaire.statements.values_list("code", "pk"))
        fields = dict(assessment.questionnaire.economy_fields.values_list("code", "pk"))
        unknown = [c for c in data["answers"] if c not in codes] + [
            c for c in data.get("economy", {}) if c not in fields]
        if unknown:
            raise serializers.ValidationError({"answers": f"Okända id: {', '.join(unknown)}"})
        with django_errors_as_drf(), transaction.atomic():
            rounds.save_answers(
                request.user, respondent, {codes[c]: v for c, v in data["answers"].items()},
                {fields[c]: (v, "API") for c, v in data.get("economy", {}).items()},
                expected_version=expected_version_of(request))
        assessment = self.get_queryset().get(pk=assessment.pk)
        return Response(AssessmentSerializer(assessment,
                                             context=self.get_serializer_context()).data)


class ResultSerializer(ScopedSerializer):
    rows = serializers.SerializerMethodField()

    class Meta:
        model = Assessment
        fields = ["id", "organisation", "system", "questionnaire", "closed_at",
                  "business_value", "technical_fit", "disposition", "legal_knock_out",
                  "planned_disposition", "planned_on", "planned_reason", "rows"]

    def get_rows(self, obj) -> list[dict]:
        return [{"area": r.area, "sub_area": r.sub_area, "mean": r.mean, "min": r.minimum,
                 "max": r.maximum, "n": r.n} for r in obj.result_rows.all()]


class AssessmentResultViewSet(ScopedViewSet):
    """The results of closed rounds, as they were at closing (read only)."""

    http_method_names = ["get", "head", "options"]
    queryset = Assessment.objects.filter(state=Assessment.State.CLOSED).prefetch_related(
        "result_rows")
    serializer_class = ResultSerializer
    filterset_fields = ["system", "organisation", "disposition", "legal_knock_out"]


ROUTES = [
    ("questionnaires", QuestionnaireViewSet, "questionnaire"),
    ("assessments", AssessmentViewSet, "assessment"),
    ("assessment-results", AssessmentResultViewSet, "assessment-result"),
]
