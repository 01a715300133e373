"""Login and logout pages: the password form (unless switched off) and one button per single
sign-on provider; logging out also ends the session at the provider the user came from."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from mozilla_django_oidc import views as oidc_views

from . import oidc


class LoginView(auth_views.LoginView):
    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sso_providers"] = list(oidc.providers().values())
        context["password_login"] = settings.SAMVERKAN_PASSWORD_LOGIN
        return context

    def post(self, request, *args, **kwargs):
        if not settings.SAMVERKAN_PASSWORD_LOGIN:
            return HttpResponseNotAllowed(["GET"])
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        # a single sign-on begun and abandoned must not send this logout to its provider
        self.request.session.pop(oidc.SESSION_PROVIDER, None)
        return super().form_valid(form)


class LogoutView(auth_views.LogoutView):
    def post(self, request, *args, **kwargs):
        provider = oidc.session_provider(request)
        id_token = request.session.get(oidc.SESSION_ID_TOKEN)
        response = super().post(request, *args, **kwargs)
        if provider is None or not provider.end_session_endpoint:
            return response
        params = {"client_id": provider.client_id,
                  "post_logout_redirect_uri": request.build_absolute_uri(reverse("login"))}
        if id_token:
            params["id_token_hint"] = id_token
        # a page that moves on by itself rather than a redirect: the Content Security Policy's
        # form-action would block a form's redirect to another site
        return render(request, "registration/provider_logout.html", {
            "provider": provider,
            "end_session_url": f"{provider.end_session_endpoint}?{urlencode(params)}",
        })


@method_decorator(login_not_required, name="dispatch")
class ProviderLoginView(oidc_views.OIDCAuthenticationRequestView):
    """Starts a login at the chosen provider; the session remembers which one for the callback
    and the logout."""

    def __init__(self, **kwargs):
        # the parent reads one provider from settings here; ours comes with the request
        self.provider = None
        super(oidc_views.OIDCAuthenticationRequestView, self).__init__(**kwargs)

    def get_settings(self, attr, *args):
        return self.provider.setting(attr, *args)

    def get(self, request, provider):
        self.provider = oidc.providers().get(provider)
        if self.provider is None:
            raise Http404
        self.OIDC_OP_AUTH_ENDPOINT = self.provider.authorization_endpoint
        self.OIDC_RP_CLIENT_ID = self.provider.client_id
        request.session[oidc.SESSION_PROVIDER] = self.provider.key
        return super().get(request)


@method_decorator(login_not_required, name="dispatch")
class ProviderCallbackView(oidc_views.OIDCAuthenticationCallbackView):
    def get_settings(self, attr, *args):
        if attr == "LOGIN_REDIRECT_URL_FAILURE":
            return reverse("login")
        return super().get_settings(attr, *args)

    def login_failure(self):
        messages.error(self.request, _("Inloggningen med kommunens konto misslyckades."))
        return super().login_failure()
