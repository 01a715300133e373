import factory
from django.contrib.auth import get_user_model

from samverkan.organisations.models import Membership, Organisation, OrganisationRole, Person


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("correct horse battery")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Kommun {n}")
    kind = Organisation.Kind.MUNICIPALITY
    municipality_code = factory.Sequence(lambda n: f"{9000 + n % 1000:04d}")  # always 4 digits


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    organisation = factory.SubFactory(OrganisationFactory)


def role(user, organisation, level):
    OrganisationRole.objects.create(user=user, organisation=organisation, role=level)
    return user
