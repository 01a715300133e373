"""A long choice of organisations: own first, then grouped by kind in Swedish order, marked
searchable; a short one stays a plain list."""

import pytest
from django import forms

from samverkan.core.forms import organisation_picker, own_organisations_first
from samverkan.organisations.models import Organisation
from samverkan.testing.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def field_for(user):
    field = forms.ModelChoiceField(queryset=own_organisations_first(Organisation.objects.all(), user))
    organisation_picker(field, user)
    return field


def test_a_long_choice_is_grouped_and_searchable(editor, laxa):
    for name in ("Öckerö", "Åre", "Älmhult", "Arboga", *(f"Kommun {n:02d}" for n in range(15))):
        OrganisationFactory(name=name, kind=Organisation.Kind.MUNICIPALITY)
    OrganisationFactory(name="Region Örebro län", kind=Organisation.Kind.REGION)
    field = field_for(editor)
    choices = list(field.choices)
    assert choices[0][0] == ""
    groups = {label: [str(c[1]) for c in members] for label, members in choices[1:]}
    assert list(groups)[:3] == ["Dina organisationer", "Kommuner", "Regioner"]
    assert groups["Dina organisationer"] == ["Laxå"]
    assert groups["Kommuner"][0] == "Arboga" and groups["Kommuner"][-3:] == ["Åre", "Älmhult", "Öckerö"]
    assert field.widget.attrs["data-searchable"] == "organisation"
    html = field.widget.render("organisation", None)
    assert '<optgroup label="Dina organisationer">' in html


def test_a_short_choice_stays_a_plain_list(editor, laxa, hallsberg):
    choices = list(field_for(editor).choices)
    assert [str(label) for _value, label in choices[1:]][0] == "Laxå"
    assert all(not isinstance(label, list) for _value, label in choices)


def test_the_cooperation_and_its_members_come_right_after_the_users_own(editor, laxa, hallsberg,
                                                                       cooperation):
    for n in range(16):
        OrganisationFactory(name=f"Kommun {n:02d}", kind=Organisation.Kind.MUNICIPALITY)
    choices = list(field_for(editor).choices)
    groups = {label: [str(c[1]) for c in members] for label, members in choices[1:]}
    assert list(groups)[:2] == ["Dina organisationer", "Era samverkansparter"]
    assert groups["Dina organisationer"] == ["Laxå"]
    assert set(groups["Era samverkansparter"]) == {cooperation.name, "Hallsberg"}
    assert "Hallsberg" not in groups["Kommuner"]
