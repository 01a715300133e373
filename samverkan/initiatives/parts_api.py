"""REST resources for the parts of the programme's prioritisation and the benefit register:
`/api/prioritisation-criteria/` (a cooperation's weighted criteria), `/api/initiative-scores/`
(an initiative's score per criterion) and `/api/benefit-values/` (a benefit's target and realised
value per year, money in öre). Each is changed through its parent's permission, with its own
version against lost updates."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import serializers

from samverkan.core.api import ChildViewSet, ScopedSerializer

from .models import BenefitYear, Criterion, Score


class CriterionSerializer(ScopedSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "organisation", "code", "name", "weight", "version"]


class CriterionViewSet(ChildViewSet):
    queryset = Criterion.objects.select_related("organisation")
    serializer_class = CriterionSerializer
    filterset_fields = ["organisation"]
    ordering_fields = ["id"]

    def parent_of(self, criterion):
        return criterion  # a criterion is a record of its cooperation, changed by its editors


class ScoreSerializer(ScopedSerializer):
    class Meta:
        model = Score
        fields = ["id", "initiative", "criterion", "score", "note", "version"]

    def validate(self, data):
        initiative = data.get("initiative") or getattr(self.instance, "initiative", None)
        criterion = data.get("criterion") or getattr(self.instance, "criterion", None)
        if initiative and criterion and criterion.organisation_id != initiative.organisation_id:
            raise serializers.ValidationError({"criterion": _(
                "Kriteriet hör till en annan samverkan än initiativet.")})
        return data


class ScoreViewSet(ChildViewSet):
    queryset = Score.objects.select_related("initiative", "criterion").order_by("pk")
    serializer_class = ScoreSerializer
    filterset_fields = ["initiative", "criterion"]
    ordering_fields = ["id"]

    def parent_of(self, score):
        return score.initiative


class BenefitYearSerializer(ScopedSerializer):
    class Meta:
        model = BenefitYear
        fields = ["id", "benefit", "year", "target", "realised", "realised_on", "comment",
                  "version"]


class BenefitYearViewSet(ChildViewSet):
    queryset = BenefitYear.objects.select_related("benefit__initiative")
    serializer_class = BenefitYearSerializer
    filterset_fields = ["benefit", "year", "benefit__initiative"]
    ordering_fields = ["year", "id"]

    def parent_of(self, row):
        return row.benefit.initiative


ROUTES = [
    ("prioritisation-criteria", CriterionViewSet, "prioritisation-criterion"),
    ("initiative-scores", ScoreViewSet, "initiative-score"),
    ("benefit-values", BenefitYearViewSet, "benefit-value"),
]
