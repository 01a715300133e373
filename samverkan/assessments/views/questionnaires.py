"""Questionnaires: the list, a version's page, copying to a new version, editing its weights."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_POST

from samverkan.core import permissions
from samverkan.core.views import ObjectDetailView, ObjectListView

from ..filtersets import QuestionnaireFilterSet
from ..forms import WeightsForm
from ..models import AREA_RESPONDENTS, Area, Questionnaire
from ..services import questionnaires
from ..tables import QuestionnaireTable


class QuestionnaireListView(ObjectListView):
    model = Questionnaire
    table_class = QuestionnaireTable
    filterset_class = QuestionnaireFilterSet
    title = pgettext_lazy("flera", "Frågeformulär")
    export_name = "frageformular"


class QuestionnaireDetailView(ObjectDetailView):
    model = Questionnaire
    template_name = "assessments/questionnaire_detail.html"

    def extra_context(self, questionnaire) -> dict:
        areas = []
        for area in Area:
            if area == Area.ECONOMY:
                continue
            subs = [s for s in questionnaire.sub_areas.prefetch_related("statements")
                    if s.area == area]
            areas.append({"label": area.label, "respondents": AREA_RESPONDENTS[area],
                          "sub_areas": subs})
        return {"areas": areas, "economy_respondents": AREA_RESPONDENTS[Area.ECONOMY],
                "economy_fields": questionnaire.economy_fields.all(),
                "weight_errors": questionnaire.weight_errors(),
                "in_use": questionnaire.assessments.exists()}


def _editable(request, pk: int) -> Questionnaire:
    questionnaire = get_object_or_404(Questionnaire.objects.for_user(request.user), pk=pk)
    if not permissions.can(request.user, permissions.CHANGE, questionnaire):
        raise PermissionDenied(_("Du har inte behörighet att ändra frågeformulär."))
    return questionnaire


@require_POST
@login_required
def copy_questionnaire(request, pk: int):
    questionnaire = get_object_or_404(Questionnaire.objects.for_user(request.user), pk=pk)
    copy = questionnaires.copy(request.user, questionnaire)
    messages.success(request, _("En ny version är skapad. Anpassa vikterna här."))
    return HttpResponseRedirect(copy.get_absolute_url())


@login_required
def edit_weights(request, pk: int):
    questionnaire = _editable(request, pk)
    form = WeightsForm(request.POST or None, sub_areas=questionnaire.sub_areas.all())
    if request.method == "POST" and form.is_valid():
        weights = {sub.pk: form.cleaned_data[f"w{sub.pk}"] for sub in form.sub_areas}
        try:
            questionnaires.set_weights(request.user, questionnaire, weights)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Vikterna är sparade."))
            return HttpResponseRedirect(questionnaire.get_absolute_url())
    return render(request, "assessments/weights.html",
                  {"form": form, "object": questionnaire})
