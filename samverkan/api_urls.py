"""Every API resource, plural and kebab-case. Each app's api.py lists its own in ROUTES as
(prefix, viewset, basename); this router collects them in dependency order."""

from importlib import import_module

from rest_framework.routers import DefaultRouter

API_APPS = ["organisations", "portfolio", "contracts", "ledger", "finance", "planning", "initiatives",
            "assessments", "analysis", "reports"]

router = DefaultRouter()
for app in API_APPS:
    module = import_module(f"samverkan.{app}.api")
    for prefix, viewset, basename in module.ROUTES:
        router.register(prefix, viewset, basename=basename)

urlpatterns = router.urls
