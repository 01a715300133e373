"""Every API resource, plural and kebab-case, in one router you can grep."""

from rest_framework.routers import DefaultRouter

from samverkan.organisations.api import OrganisationViewSet, PersonViewSet
from samverkan.portfolio.api import (
    CapabilityViewSet,
    ManagementObjectViewSet,
    ProductViewSet,
    SupplierViewSet,
    SystemViewSet,
)

router = DefaultRouter()
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("people", PersonViewSet, basename="person")
router.register("capabilities", CapabilityViewSet, basename="capability")
router.register("suppliers", SupplierViewSet, basename="supplier")
router.register("products", ProductViewSet, basename="product")
router.register("systems", SystemViewSet, basename="system")
router.register("management-objects", ManagementObjectViewSet, basename="management-object")

urlpatterns = router.urls
