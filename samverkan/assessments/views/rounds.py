"""The rounds: list with filters and export, the round's page (respondents, progress, result,
planned disposition), the answer form per respondent, closing and «skapa initiativ»."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from samverkan.core import permissions
from samverkan.core.services import StaleVersionError
from samverkan.core.views import (
    ChildDeleteView,
    ChildEditView,
    ObjectArchiveView,
    ObjectDetailView,
    ObjectEditView,
    ObjectListView,
)

from ..filtersets import AssessmentFilterSet
from ..forms import AnswerForm, AssessmentForm, RespondentForm
from ..models import Area, Assessment, Respondent
from ..services import initiatives, rounds, scoring
from ..tables import AssessmentTable

QUERY = Assessment.objects.select_related("system", "organisation", "questionnaire")


class AssessmentListView(ObjectListView):
    model = Assessment
    queryset = QUERY
    table_class = AssessmentTable
    filterset_class = AssessmentFilterSet
    title = gettext_lazy("Bedömningar")
    add_url_name = "assessments:assessment_add"
    export_name = "bedomningar"


class AssessmentDetailView(ObjectDetailView):
    model = Assessment
    queryset = QUERY
    template_name = "assessments/assessment_detail.html"

    def extra_context(self, assessment) -> dict:
        respondents = list(assessment.respondents.select_related("person"))
        for respondent in respondents:
            respondent.may_answer = not assessment.is_closed and rounds.may_answer(
                self.request.user, respondent)
        if assessment.is_closed:
            result_rows = list(assessment.result_rows.all())
        else:
            live = rounds.live_result(assessment)
            result_rows = [{"area": spec.area, "get_area_display": Area(spec.area).label,
                            "sub_area": spec.name, "mean": s.mean_rounded,
                            "minimum": s.minimum, "maximum": s.maximum, "n": s.n}
                           for spec, s in live.sub_areas] + [
                {"area": area, "get_area_display": Area(area).label, "sub_area": "",
                 "mean": s.mean_rounded, "minimum": s.minimum, "maximum": s.maximum, "n": s.n}
                for area, s in live.areas.items()]
            assessment.live = live
            assessment.live_business = scoring.to_decimal(live.business_value)
            assessment.live_technical = scoring.to_decimal(live.technical_fit)
        members = Assessment.objects.for_user(self.request.user).filter(
            system=assessment.system, state=Assessment.State.CLOSED,
            archived_at__isnull=True).select_related("organisation").order_by(
            "organisation__name", "-closed_at")
        return {
            "respondents": respondents,
            "answered": sum(1 for r in respondents if r.answered_at),
            "result_rows": result_rows,
            "economy": assessment.economy_values.select_related("field"),
            "dependencies": rounds.dependency_count(assessment.system),
            "members": members,
            "can_change_open": not assessment.is_closed and permissions.can(
                self.request.user, permissions.CHANGE, assessment),
        }


class AssessmentEditView(ObjectEditView):
    model = Assessment
    form_class = AssessmentForm


class AssessmentArchiveView(ObjectArchiveView):
    model = Assessment


class RespondentEditView(ChildEditView):
    parent_model = Assessment
    model = Respondent
    form_class = RespondentForm
    parent_field = "assessment"


class RespondentDeleteView(ChildDeleteView, RespondentEditView):
    pass


@login_required
def answer(request, pk: int):
    respondent = get_object_or_404(
        Respondent.objects.select_related("assessment__questionnaire", "person"), pk=pk,
        assessment__in=Assessment.objects.for_user(request.user))
    if not rounds.may_answer(request.user, respondent):
        raise PermissionDenied(_("Du kan inte svara för den här personen."))
    assessment = respondent.assessment
    if assessment.is_closed:
        raise Http404(_("Bedömningen är avslutad."))
    statements = rounds.statements_for(respondent)
    economy_fields = assessment.questionnaire.economy_fields.all() \
        if Area.ECONOMY in respondent.areas else []
    stored = {ev.field_id: (ev.value, ev.source) for ev in assessment.economy_values.all()}
    prefilled = rounds.prefill(request.user, assessment) if economy_fields else {}
    kwargs = {"statements": statements, "economy_fields": economy_fields,
              "answers": dict(respondent.answers.values_list("statement_id", "value")),
              "economy": {**prefilled, **stored}}
    form = AnswerForm(request.POST or None, initial={"expected_version": respondent.version},
                      **kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            rounds.save_answers(request.user, respondent, form.answers(), form.economy(),
                                expected_version=form.cleaned_data["expected_version"])
        except (ValidationError, StaleVersionError) as exc:
            form.add_error(None, exc.messages if hasattr(exc, "messages") else str(exc))
        else:
            messages.success(request, _("Dina svar är sparade."))
            return HttpResponseRedirect(assessment.get_absolute_url())
    return render(request, "assessments/answer.html",
                  {"form": form, "respondent": respondent, "object": assessment})


def _post_version(request) -> int | None:
    value = request.POST.get("expected_version")
    return int(value) if value and value.isdigit() else None


@require_POST
@login_required
def close_round(request, pk: int):
    assessment = get_object_or_404(Assessment.objects.for_user(request.user), pk=pk)
    try:
        rounds.close(request.user, assessment, expected_version=_post_version(request))
    except (ValidationError, StaleVersionError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("Bedömningen är avslutad och resultatet sparat."))
    return HttpResponseRedirect(assessment.get_absolute_url())


@require_POST
@login_required
def create_initiative(request, pk: int):
    assessment = get_object_or_404(Assessment.objects.for_user(request.user), pk=pk)
    if not permissions.can(request.user, permissions.CHANGE, assessment):
        raise PermissionDenied(_("Du har inte behörighet att ändra bedömningen."))
    try:
        initiative = initiatives.from_assessment(request.user, assessment,
                                                 request.build_absolute_uri(
                                                     assessment.get_absolute_url()))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return HttpResponseRedirect(assessment.get_absolute_url())
    messages.success(request, _("Initiativet är skapat med bedömningen som underlag."))
    return HttpResponseRedirect(initiative.get_absolute_url())
