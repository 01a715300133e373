"""Answering a round, the economy prefill and closing with the result kept."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samverkan.assessments.models import Area, Disposition, Questionnaire
from samverkan.assessments.services import rounds
from samverkan.portfolio.models import Integration, SystemUsage
from samverkan.testing.factories import (
    ContractFactory,
    ContractPartyFactory,
    SystemFactory,
    UserFactory,
)

from .world import answer_all, default_questionnaire, make_round

pytestmark = pytest.mark.django_db


def test_bilaga3_ships_verbatim_as_the_default_questionnaire():
    questionnaire = default_questionnaire()
    statements = list(questionnaire.statements.values_list("code", flat=True))
    assert len(statements) == 21  # 10 + 7 + 4
    assert statements[0] == "V1" and statements[-1] == "L4"
    assert questionnaire.statements.get(code="V7").text == \
        "Systemet fungera bra (krånglar inte, hänger sig inte)"  # seed spelling kept
    assert list(questionnaire.economy_fields.values_list("code", flat=True)) == \
        ["E1", "E2", "E3", "E4"]
    assert questionnaire.statements.get(knock_out=True).code == "V9"
    assert questionnaire.weight_errors() == []
    assert Questionnaire.objects.filter(is_default=True).count() == 1


def test_weights_not_summing_to_100_are_reported():
    questionnaire = default_questionnaire()
    questionnaire.sub_areas.filter(name="Teknik").update(weight=40)
    assert len(questionnaire.weight_errors()) == 1


def test_each_respondent_answers_only_their_areas(laxa, editor):
    assessment = make_round(laxa)
    business, it = assessment.respondents.order_by("pk")
    assert {s.sub_area.area for s in rounds.statements_for(business)} == {Area.BUSINESS}
    assert {s.sub_area.area for s in rounds.statements_for(it)} == \
        {Area.TECHNOLOGY, Area.SUPPLIER}
    technical = assessment.questionnaire.statements.get(code="T1")
    with pytest.raises(ValidationError):
        rounds.save_answers(editor, business, {technical.pk: 4})


def test_a_respondent_answers_for_themself_and_nobody_else(laxa, hallsberg):
    from samverkan.core.permissions import Role
    from samverkan.testing.factories import role

    me = role(UserFactory(), laxa, Role.READER)
    assessment = make_round(laxa, business_user=me)
    business, it = assessment.respondents.order_by("pk")
    answer_all(me, business, 4)
    assert business.answers.count() == 10
    with pytest.raises(PermissionDenied):
        answer_all(me, it, 4)


def test_closing_keeps_the_result_as_it_was(laxa, editor):
    assessment = make_round(laxa)
    business, it = assessment.respondents.order_by("pk")
    answer_all(editor, business, 4)
    answer_all(editor, it, 2)
    rounds.close(editor, assessment, expected_version=assessment.version)
    assessment.refresh_from_db()
    assert assessment.disposition == Disposition.MIGRATE
    assert assessment.business_value == 4 and assessment.technical_fit == 2
    assert not assessment.legal_knock_out
    rows = assessment.result_rows.filter(sub_area="")
    assert {r.area: (r.mean, r.n) for r in rows} == {
        Area.BUSINESS: (4, 10), Area.TECHNOLOGY: (2, 7), Area.SUPPLIER: (2, 4)}
    # weights changed afterwards do not move the closed result
    assessment.questionnaire.sub_areas.filter(name="Teknik").update(weight=0)
    assessment.refresh_from_db()
    assert assessment.technical_fit == 2
    with pytest.raises(ValidationError):
        answer_all(editor, business, 1)


def test_economy_prefill_from_contracts_and_usage(laxa, editor):
    assessment = make_round(laxa)
    SystemUsage.objects.create(system=assessment.system, organisation=laxa, users=420)
    contract = ContractFactory(organisation=laxa, title="Lärplattformsavtal")
    contract.systems.add(assessment.system)
    ContractPartyFactory(contract=contract, annual_amount_ore=123_456_78)
    values = rounds.prefill(editor, assessment)
    by_code = {assessment.questionnaire.economy_fields.get(pk=k).code: v
               for k, v in values.items()}
    assert by_code["E1"][0] == Decimal("123.45678")  # exact to the öre
    assert "Lärplattformsavtal" in by_code["E1"][1]
    assert by_code["E4"][0] == 420


def test_a_secret_price_is_not_prefilled_for_someone_who_may_not_see_it(laxa, cooperation,
                                                                        outsider, editor):
    """Inference: the cooperation's contract has secret prices; Hallsberg's editor, answering
    for a round they may change, must not get Laxå's secret amount, not even in the total."""
    system = SystemFactory(organisation=cooperation, name="Gemensam lärplattform")
    assessment = make_round(laxa, system=system)
    contract = ContractFactory(organisation=laxa, prices_confidential=True)
    contract.systems.add(system)
    ContractPartyFactory(contract=contract, annual_amount_ore=999_000_00)
    seen = {rounds.prefill(editor, assessment)[k][0]
            for k in rounds.prefill(editor, assessment)}
    assert any(v is not None and v > 0 for v in seen)
    e1 = assessment.questionnaire.economy_fields.get(code="E1").pk
    value, source = rounds.prefill(outsider, assessment)[e1]
    assert value is None and "sekretess" in source


def test_dependency_count_counts_integrated_systems_once(laxa):
    system, other = SystemFactory(organisation=laxa), SystemFactory(organisation=laxa)
    Integration.objects.create(source=system, target=other)
    Integration.objects.create(source=other, target=system)
    assert rounds.dependency_count(system) == 1



def test_a_copy_is_a_new_version_whose_weights_must_sum_to_100(laxa, editor):
    from samverkan.assessments.services import questionnaires

    original = default_questionnaire()
    copy = questionnaires.copy(editor, original)
    assert (copy.edition, copy.previous) == (2, original)
    assert copy.statements.count() == 21 and copy.economy_fields.count() == 4
    subs = {s.name: s.pk for s in copy.sub_areas.all()}
    with pytest.raises(ValidationError):
        questionnaires.set_weights(editor, copy, {subs["Teknik"]: Decimal(70)})
    questionnaires.set_weights(editor, copy, {subs["Teknik"]: Decimal(70),
                                              subs["Leverantör"]: Decimal(30)})
    assert copy.sub_areas.get(name="Teknik").weight == 70
    assert original.sub_areas.get(name="Teknik").weight == 50
    make_round(laxa)  # the original is in use now: its weights stay as answered
    with pytest.raises(ValidationError):
        questionnaires.set_weights(editor, original, {})


def _book(organisation, contract, year, category, ore):
    from samverkan.ledger.models import CostSummary

    CostSummary.objects.create(organisation=organisation, year=year, contract=contract,
                               category=category, amount_ore=ore, line_count=1)


def test_support_and_development_costs_come_from_the_ledger(laxa, hallsberg, editor):
    """E2 (support) is what Laxå booked on the system's contracts as operations and SaaS, E3
    (development) as consultants, in the latest year up to the round's with a ledger; another
    municipality's bookings and other categories do not count."""
    assessment = make_round(laxa)
    contract = ContractFactory(organisation=laxa)
    contract.systems.add(assessment.system)
    year = assessment.opened_on.year
    _book(laxa, contract, year - 1, "drift", 50_000_00)
    _book(laxa, contract, year - 1, "saas", 12_345_67)
    _book(laxa, contract, year - 1, "konsulter", 80_000_00)
    _book(laxa, contract, year - 1, "licenser", 1_00)
    _book(hallsberg, contract, year - 1, "drift", 7_00)
    _book(laxa, contract, year + 1, "drift", 9_00)  # after the round
    fields = {f.code: f.pk for f in assessment.questionnaire.economy_fields.all()}
    values = rounds.prefill(editor, assessment)
    assert values[fields["E2"]][0] == Decimal("62.34567")  # 62 345,67 kr
    assert values[fields["E3"]][0] == Decimal("80")
    assert str(year - 1) in values[fields["E2"]][1]


def test_without_a_ledger_the_source_says_so(laxa, editor):
    assessment = make_round(laxa)
    e2 = assessment.questionnaire.economy_fields.get(code="E2").pk
    value, source = rounds.prefill(editor, assessment)[e2]
    assert value is None and "Ingen bokföring inläst" in source


@pytest.mark.parametrize("secret", [1_00, 10**12])
def test_a_secret_contracts_bookings_elsewhere_are_not_prefilled(laxa, cooperation, outsider,
                                                                 secret):
    """Inference: the outsider answering for Laxå gets the same E2 whatever Laxå booked on a
    contract whose prices are secret to it."""
    assessment = make_round(laxa)
    contract = ContractFactory(organisation=laxa, prices_confidential=True)
    contract.systems.add(assessment.system)
    _book(laxa, contract, assessment.opened_on.year, "drift", secret)
    e2 = assessment.questionnaire.economy_fields.get(code="E2").pk
    value, source = rounds.prefill(outsider, assessment)[e2]
    assert value == 0 and "sekretess" in source
