"""Assessment rounds: answering, economy prefill, closing with the result kept as it was."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from samverkan.contracts.models import Contract, ContractParty
from samverkan.core import permissions
from samverkan.core.services import _bump_version, check_can, save_record
from samverkan.ledger.models import CostCategory, CostSummary
from samverkan.ledger.summaries import outcome_by_year
from samverkan.portfolio.models import Integration, SystemUsage

from ..models import Answer, Area, Assessment, EconomyField, EconomyValue, Respondent, ResultRow
from . import scoring

ORE_PER_TKR = 100_000


def may_answer(user, respondent: Respondent) -> bool:
    """The respondent answers for themself; an editor of the municipality may answer for them
    (e.g. from a paper form)."""
    assessment = respondent.assessment
    if permissions.can(user, permissions.CHANGE, assessment):
        return True
    person_user = respondent.person.user_id
    return bool(person_user) and person_user == getattr(user, "pk", None) \
        and permissions.can(user, permissions.VIEW, assessment)


def respondents_for(user, assessment: Assessment) -> list[Respondent]:
    return [r for r in assessment.respondents.select_related("person", "assessment")
            if may_answer(user, r)]


def statements_for(respondent: Respondent):
    return respondent.assessment.questionnaire.statements.filter(
        sub_area__area__in=respondent.areas).select_related("sub_area")


def prefill(user, assessment: Assessment) -> dict[int, tuple[Decimal | None, str]]:
    """The economy fields' values from the register, as `user` may see them: a contracted
    amount under secrecy that the user may not read is left out and the source says so."""
    values: dict[int, tuple[Decimal | None, str]] = {}
    for field in assessment.questionnaire.economy_fields.all():
        if field.source == EconomyField.Source.CONTRACTS:
            values[field.pk] = _contracted(user, assessment)
        elif field.source in LEDGER_CATEGORIES:
            values[field.pk] = _booked(user, assessment, field.source)
        elif field.source == EconomyField.Source.USERS:
            usage = SystemUsage.objects.filter(system=assessment.system,
                                               organisation=assessment.organisation).first()
            users = usage.users if usage else None
            values[field.pk] = (Decimal(users) if users is not None else None,
                                _("Systemets användning i %(org)s") % {
                                    "org": assessment.organisation} if users is not None
                                else _("Antal användare saknas i registret"))
    return values


LEDGER_CATEGORIES = {
    EconomyField.Source.LEDGER_SUPPORT: (CostCategory.OPERATIONS, CostCategory.SAAS),
    EconomyField.Source.LEDGER_DEVELOPMENT: (CostCategory.CONSULTANTS,),
}


def _booked(user, assessment: Assessment, source: str) -> tuple[Decimal | None, str]:
    """The municipality's bookings on the system's contracts in the field's cost categories,
    for the latest year up to the round's with its ledger imported."""
    year = CostSummary.objects.filter(organisation=assessment.organisation,
                                      year__lte=assessment.opened_on.year).aggregate(
        latest=Max("year"))["latest"]
    if year is None:
        return None, _("Ingen bokföring inläst för %(org)s") % {"org": assessment.organisation}
    contracts = Contract.objects.filter(systems=assessment.system)
    found = outcome_by_year(user, contracts, [year], organisation=assessment.organisation,
                            categories=LEDGER_CATEGORIES[source])
    source_text = _("Bokfört %(year)s i %(org)s på systemets avtal") % {
        "year": year, "org": assessment.organisation}
    # a confidential contract's bookings are left out only outside the reader's own ledgers
    if found["hidden"] and assessment.organisation_id not in permissions.organisations_where(
            user, permissions.Role.READER):
        source_text += " " + _("(belopp under sekretess ingår inte)")
    return Decimal(found["by_year"].get(year, 0)) / ORE_PER_TKR, source_text


def _contracted(user, assessment: Assessment) -> tuple[Decimal | None, str]:
    parties = ContractParty.objects.for_user(user).masked_for(user).filter(
        organisation=assessment.organisation, contract__systems=assessment.system,
        contract__archived_at__isnull=True).select_related("contract").order_by("pk")
    known, names, left_out = 0, [], 0
    for party in parties:
        if party.annual_amount_ore is None:
            if "annual_amount_ore" in getattr(party, "hidden_fields", ()):
                left_out += 1
            continue
        known += party.annual_amount_ore
        names.append(party.contract.title)
    if not names and not left_out:
        return None, _("Inget avtal med årsbelopp för systemet")
    source = _("Avtal: %(names)s") % {"names": ", ".join(names)} if names else ""
    if left_out:
        source = (source + " " if source else "") + _(
            "(belopp under sekretess ingår inte)")
    # exact to the öre: tkr with five decimals
    value = Decimal(known) / ORE_PER_TKR if names else None
    return value, source


@transaction.atomic
def save_answers(user, respondent: Respondent, answers: dict[int, int | None],
                 economy: dict[int, tuple[Decimal | None, str]] | None = None, *,
                 expected_version: int | None = None) -> Respondent:
    """Store one respondent's answers: only statements of their own areas, economy only when
    Ekonomi is theirs; the round must be open."""
    if not may_answer(user, respondent):
        raise PermissionDenied(_("Du kan inte svara för den här personen."))
    assessment = respondent.assessment
    if assessment.is_closed or assessment.is_archived:
        raise ValidationError(_("Bedömningen är avslutad och tar inte emot fler svar."))
    _bump_version(respondent, expected_version)
    allowed = {s.pk for s in statements_for(respondent)}
    for statement_id, value in answers.items():
        if statement_id not in allowed:
            raise ValidationError(_("Påståendet hör inte till dina områden."))
        if value is not None and not 1 <= value <= 5:
            raise ValidationError(_("Svara med 1–5 eller «Vet ej / ej tillämpligt»."))
        Answer.objects.update_or_create(respondent=respondent, statement_id=statement_id,
                                        defaults={"value": value})
    if economy:
        if Area.ECONOMY not in respondent.areas:
            raise ValidationError(_("Ekonomi hör inte till dina områden."))
        fields = set(assessment.questionnaire.economy_fields.values_list("pk", flat=True))
        for field_id, (value, source) in economy.items():
            if field_id not in fields:
                raise ValidationError(_("Okänt ekonomifält."))
            row, _created = EconomyValue.objects.get_or_create(assessment=assessment,
                                                               field_id=field_id)
            row.value, row.source = value, source[:300]
            row._history_user = user
            row.save()
    respondent.answered_at = timezone.now()
    respondent._history_user = user
    respondent.save(update_fields=["answered_at"])
    return respondent


def answer_values(assessment: Assessment) -> list[scoring.AnswerValue]:
    rows = Answer.objects.filter(respondent__assessment=assessment).values_list(
        "statement__sub_area_id", "value", "statement__knock_out")
    return [scoring.AnswerValue(sub, value, knock) for sub, value, knock in rows]


def sub_area_specs(questionnaire) -> list[scoring.SubAreaSpec]:
    return [scoring.SubAreaSpec(s.pk, s.area, s.name, s.weight)
            for s in questionnaire.sub_areas.all()]


def live_result(assessment: Assessment) -> scoring.Result:
    return scoring.score(sub_area_specs(assessment.questionnaire), answer_values(assessment))


@transaction.atomic
def close(user, assessment: Assessment, *, expected_version: int | None = None) -> Assessment:
    """Close the round and keep its result as it was: later changes to the questionnaire's
    weights or to answers cannot move a closed result."""
    check_can(user, permissions.CHANGE, assessment)
    if assessment.is_closed:
        raise ValidationError(_("Bedömningen är redan avslutad."))
    result = live_result(assessment)
    ResultRow.objects.bulk_create(
        [ResultRow(assessment=assessment, area=spec.area, sub_area=spec.name,
                   mean=s.mean_rounded, minimum=s.minimum, maximum=s.maximum, n=s.n)
         for spec, s in result.sub_areas]
        + [ResultRow(assessment=assessment, area=area, mean=s.mean_rounded, minimum=s.minimum,
                     maximum=s.maximum, n=s.n) for area, s in result.areas.items()])
    assessment.business_value = scoring.to_decimal(result.business_value)
    assessment.technical_fit = scoring.to_decimal(result.technical_fit)
    assessment.disposition = result.disposition
    assessment.legal_knock_out = result.legal_knock_out
    assessment.state = Assessment.State.CLOSED
    assessment.closed_at = timezone.now()
    return save_record(user, assessment, expected_version=expected_version)


def dependency_count(system) -> int:
    """How many other systems this one is integrated with (Bilaga 3's «beroendet av dessa»)."""
    pairs = Integration.objects.filter(Q(source=system) | Q(target=system)).values_list(
        "source_id", "target_id")
    return len({s if t == system.pk else t for s, t in pairs})
