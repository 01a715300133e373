import pytest

from samverkan.testing.cast import cast, module_cast, shared_cast  # noqa: F401,E402
from samverkan.testing.factories import (
    CapabilityFactory,
    ManagementObjectFactory,
    PersonFactory,
    ProductFactory,
    SupplierFactory,
)
from samverkan.testing.fixtures import _fast_passwords  # noqa: F401


@pytest.fixture
def register(laxa, hallsberg, cooperation):
    """What the import files refer to."""
    tieto = SupplierFactory(name="Tietoevry Sweden AB")
    skola = CapabilityFactory(name="Utbildning", code="3")
    return {
        "procapita": ProductFactory(name="Procapita Edlevo", supplier=tieto),
        "p360": ProductFactory(name="Public 360", supplier=tieto),
        "p360b": ProductFactory(name="Public 360", supplier__name="Annan leverantör AB"),
        "skola": skola,
        "elevadm": CapabilityFactory(name="Elevadministration", code="3.1", parent=skola),
        "object": ManagementObjectFactory(name="Lärplattform", organisation=cooperation),
        "lena": PersonFactory(name="Lena Nyberg", organisation=laxa, email="lena@laxa.se"),
    }
