"""factory_boy factories of the organisations, portfolio and contracts models."""

from .contracts import (
    ContractDocumentFactory,
    ContractFactory,
    ContractPartyFactory,
    ExtensionOptionFactory,
)
from .organisations import (
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
    role,
)
from .portfolio import (
    CapabilityFactory,
    ManagementObjectFactory,
    ProductFactory,
    SupplierFactory,
    SystemFactory,
    SystemUsageFactory,
)

__all__ = [
    "CapabilityFactory", "ContractDocumentFactory", "ContractFactory", "ContractPartyFactory",
    "ExtensionOptionFactory", "ManagementObjectFactory", "MembershipFactory",
    "OrganisationFactory", "PersonFactory", "ProductFactory", "SupplierFactory",
    "SystemFactory", "SystemUsageFactory", "UserFactory", "role",
]
