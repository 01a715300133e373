import factory

from samverkan.portfolio.models import (
    Capability,
    ManagementObject,
    Product,
    Supplier,
    System,
    SystemUsage,
)

from .organisations import OrganisationFactory


class CapabilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Capability

    name = factory.Sequence(lambda n: f"Område {n}")


class SupplierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supplier

    name = factory.Sequence(lambda n: f"Leverantör {n} AB")


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    name = factory.Sequence(lambda n: f"Produkt {n}")
    supplier = factory.SubFactory(SupplierFactory)


class ManagementObjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ManagementObject

    name = factory.Sequence(lambda n: f"Objekt {n}")
    organisation = factory.SubFactory(OrganisationFactory)


class SystemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = System

    name = factory.Sequence(lambda n: f"System {n}")
    organisation = factory.SubFactory(OrganisationFactory)


class SystemUsageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SystemUsage

    system = factory.SubFactory(SystemFactory)
    organisation = factory.SubFactory(OrganisationFactory)
