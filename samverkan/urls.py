from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csp import csp_override
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView

from samverkan.core.views_auth import TokenView
from samverkan.organisations import tokens, views_sso

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
    path("planering/", include("samverkan.planning.urls")),
    path("initiativ/", include("samverkan.initiatives.urls")),
    path("bedomningar/", include("samverkan.assessments.urls")),
    path("analys/", include("samverkan.analysis.urls")),
    path("rapporter/", include("samverkan.reports.urls")),
    path("konto/logga-in/", views_sso.LoginView.as_view(), name="login"),
    path("konto/logga-ut/", views_sso.LogoutView.as_view(), name="logout"),
    # single sign-on (README, "Inloggning med kommunens konto"): one start per provider, one
    # callback address for all of them (the session knows which provider it was)
    path("oidc/<slug:provider>/logga-in/", views_sso.ProviderLoginView.as_view(),
         name="oidc_authentication_init"),
    path("oidc/callback/", views_sso.ProviderCallbackView.as_view(),
         name="oidc_authentication_callback"),
    path("sprak/", set_language, name="set_language"),
    path("api/", include("samverkan.api_urls")),
    path("api/auth/token/", TokenView.as_view(), name="api-token"),
    path("api/auth/tokens/<int:user_id>/", tokens.TokenRevokeView.as_view(), name="api-token-revoke"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", csp_override(API_DOCS_CSP)(SpectacularRedocView.as_view(url_name="api-schema")),
         name="api-docs"),
    path("django-admin/", admin.site.urls),
]
