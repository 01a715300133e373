from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.decorators.csp import csp_override
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView

from samverkan.core.views_auth import TokenView

# The API reference page (Redoc, served from local files) styles itself with injected <style>
# elements and renders in a blob: worker; only this one page gets those allowances.
API_DOCS_CSP = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:"],
    "worker-src": ["'self'", "blob:"],
    "font-src": ["'self'", "data:"],
}

urlpatterns = [
    path("", include("samverkan.portfolio.urls")),
    path("", include("samverkan.core.urls")),
    path("organisationer/", include("samverkan.organisations.urls")),
    path("avtal/", include("samverkan.contracts.urls")),
    path("ekonomi/", include("samverkan.ledger.urls")),
    path("finansiering/", include("samverkan.finance.urls")),
    path("konto/logga-in/", auth_views.LoginView.as_view(), name="login"),
    path("konto/logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("sprak/", set_language, name="set_language"),
    path("api/", include("samverkan.api_urls")),
    path("api/auth/token/", TokenView.as_view(), name="api-token"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", csp_override(API_DOCS_CSP)(SpectacularRedocView.as_view(url_name="api-schema")),
         name="api-docs"),
    path("django-admin/", admin.site.urls),
]

if settings.OIDC_RP_CLIENT_ID:
    # Single sign-on with the municipality's identity provider (README, "OIDC"). Both views are
    # reached before login, so they are exempt from LoginRequiredMiddleware.
    from django.contrib.auth.decorators import login_not_required
    from mozilla_django_oidc import views as oidc_views

    urlpatterns += [
        path("oidc/authenticate/",
             login_not_required(oidc_views.OIDCAuthenticationRequestView.as_view()),
             name="oidc_authentication_init"),
        path("oidc/callback/",
             login_not_required(oidc_views.OIDCAuthenticationCallbackView.as_view()),
             name="oidc_authentication_callback"),
    ]
