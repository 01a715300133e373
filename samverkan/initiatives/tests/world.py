"""A small cooperation for the initiatives tests: Sambruk-like with three member municipalities,
an unrelated municipality, their populations, a programme steering group with a meeting, and one
user per role (proposer, cooperation editor, member reader, outsider)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

import pytest

from samverkan.core.permissions import Role
from samverkan.organisations.models import Organisation, Population
from samverkan.planning.models import Meeting, SteeringGroup
from samverkan.testing.factories import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
    role,
)

from ..models import Initiative

POPULATION_2025 = {"Laxå": 5476, "Hallsberg": 16032, "Askersund": 11475}


@dataclass
class World:
    coop: Organisation
    members: dict
    stranger: Organisation
    people: dict
    users: dict
    group: SteeringGroup
    meeting: Meeting

    def initiative(self, **values) -> Initiative:
        defaults = {"organisation": self.coop, "name": "Gemensam lärplattform",
                    "kind": Initiative.Kind.PROCUREMENT, "problem": "Fem olika plattformar",
                    "proposer_organisation": self.members["Laxå"],
                    "steering_group": self.group}
        defaults.update(values)
        return Initiative.objects.create(**defaults)


@pytest.fixture
def world(db):
    coop = OrganisationFactory(name="Sambruk", kind=Organisation.Kind.ASSOCIATION,
                               municipality_code="")
    members = {}
    for name, inhabitants in POPULATION_2025.items():
        members[name] = OrganisationFactory(name=name)
        MembershipFactory(cooperation=coop, member=members[name])
        Population.objects.create(organisation=members[name], year=2025,
                                  inhabitants=inhabitants, source="SCB")
    stranger = OrganisationFactory(name="Karlstad")
    people = {name: PersonFactory(name=f"Kommunchef {name}", organisation=org)
              for name, org in members.items()}
    users = {
        "proposer": role(UserFactory(username="proposer"), members["Laxå"], Role.EDITOR),
        "coop_editor": role(UserFactory(username="coop_editor"), coop, Role.EDITOR),
        "member_reader": role(UserFactory(username="member_reader"), members["Hallsberg"],
                              Role.READER),
        "outsider": role(UserFactory(username="outsider"), stranger, Role.EDITOR),
        "hallsberg_editor": role(UserFactory(username="hallsberg_editor"),
                                 members["Hallsberg"], Role.EDITOR),
    }
    group = SteeringGroup.objects.create(organisation=coop, name="Programstyrgrupp",
                                         level=SteeringGroup.Level.PROGRAMME)
    meeting = Meeting.objects.create(organisation=coop, steering_group=group,
                                     title="Programstyrgruppens möte",
                                     held_on=datetime.date(2025, 3, 4))
    return World(coop, members, stranger, people, users, group, meeting)
