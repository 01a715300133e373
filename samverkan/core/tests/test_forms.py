"""Choices in forms: within the user's scope, and the user's own organisations first."""

import pytest

from samverkan.portfolio.forms import UsageForm
from samverkan.testing.factories import OrganisationFactory, SystemFactory

pytestmark = pytest.mark.django_db


def test_organisation_choices_start_with_the_users_own(laxa, hallsberg, editor):
    """Åby and Borås sort before Laxå by name; the editor of Laxå finds Laxå first."""
    OrganisationFactory(name="Åby kommun", municipality_code="")
    OrganisationFactory(name="Borås", municipality_code="")
    form = UsageForm(user=editor, parent=SystemFactory(organisation=laxa))
    names = [str(o) for o in form.fields["organisation"].queryset]
    assert names[0] == "Laxå"
    assert names.index("Borås") < names.index("Hallsberg")  # then by name
