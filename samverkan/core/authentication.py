"""Authentication backends and API authentication shared by every app."""

import datetime
import ipaddress

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import APIException, AuthenticationFailed


class PasswordBackend(ModelBackend):
    """Django's username-and-password backend, switched off by SAMVERKAN_PASSWORD_LOGIN=false
    (then only single sign-on logs in); sessions it started are still recognised."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not settings.SAMVERKAN_PASSWORD_LOGIN:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def _trusted(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(net, strict=False) for net in settings.SAMVERKAN_TRUSTED_PROXIES)


def client_ip(request) -> str:
    """The client's address as the nearest of our reverse proxies saw it.

    Each proxy appends the address it received from to X-Forwarded-For, so only the last entries
    are ours; anything before them the client may have written. With SAMVERKAN_PROXY_COUNT=N
    the N-th entry from the right is the client (nginx alone: N=1, its last entry); with
    SAMVERKAN_TRUSTED_PROXIES the rightmost entry that is not a trusted proxy, provided the
    request itself came from one. Without either, the connection's own address."""
    remote = request.META.get("REMOTE_ADDR", "")
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
                 if part.strip()]
    if settings.SAMVERKAN_TRUSTED_PROXIES:
        if not _trusted(remote):
            return remote
        for address in reversed(forwarded):
            if not _trusted(address):
                return address
        return remote
    count = settings.SAMVERKAN_PROXY_COUNT
    if count and len(forwarded) >= count:
        return forwarded[-count]
    return remote


# -- API tokens ---------------------------------------------------------------------------------
# DRF's Token (one per user) with an expiry, refused while the user's login is locked out, and
# removed when the account is deactivated or its password changes.

def token_expires(token: Token) -> datetime.datetime:
    return token.created + datetime.timedelta(days=settings.SAMVERKAN_API_TOKEN_DAYS)


def issue_token(user) -> Token:
    """The user's token; a new one when there is none or it has expired."""
    token = Token.objects.filter(user=user).first()
    if token is not None and token_expires(token) <= timezone.now():
        token.delete()
        token = None
    return token or Token.objects.create(user=user)


def revoke_tokens(user) -> int:
    return Token.objects.filter(user=user).delete()[0]


class InvalidToken(APIException):
    """401 with `WWW-Authenticate: Token` whichever authentication the API tries first (DRF
    answers a failed authentication after the session's with 403 and no challenge)."""

    status_code = status.HTTP_401_UNAUTHORIZED
    default_code = "invalid_token"
    auth_header = "Token"


class ExpiringTokenAuthentication(TokenAuthentication):
    """`Authorization: Token …`: unknown, expired, or belonging to an inactive or locked-out
    account, it is refused with 401 and a challenge."""

    def authenticate(self, request):
        try:
            result = super().authenticate(request)
        except AuthenticationFailed as exc:
            raise InvalidToken(exc.detail) from None
        if result is None:
            return None
        user, token = result
        if token_expires(token) <= timezone.now():
            raise InvalidToken(_("Nyckeln har gått ut. Hämta en ny."))
        if AxesProxyHandler.is_locked(request._request, {"username": user.get_username()}):
            raise InvalidToken(_("Kontot är tillfälligt spärrat efter för många "
                                 "misslyckade inloggningar."))
        return result


@receiver(pre_save, sender=settings.AUTH_USER_MODEL)
def _revoke_tokens_of_changed_accounts(sender, instance, **kwargs):
    """A new password or a deactivated account ends the API tokens, as it ends sessions."""
    if instance.pk is None:
        return
    before = sender.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if before and (before["password"] != instance.password
                   or (before["is_active"] and not instance.is_active)):
        revoke_tokens(instance)
