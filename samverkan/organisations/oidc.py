"""Single sign-on with OpenID Connect: one provider per municipality, users matched by a
configurable claim, roles per organisation granted from a group or role claim.

The providers come from the environment (settings.SAMVERKAN_OIDC_PROVIDERS, README "Inloggning
med kommunens konto"). A provider's role map names the organisations whose roles it manages:

    samverkan-laxa-redaktor=1860:redaktör; samverkan-laxa-admin=1860:administratör

Each entry is `claim value=organisation:role`, separated by `;` or new lines. The organisation is
a municipality code (four digits), an organisation number (NNNNNN-NNNN) or the exact name; the
role is läsare, redaktör or administratör (also without diacritics, or 1–3). At every login the
user's role in each organisation of the map becomes the highest role its claim values give, and
is removed when none does. Roles in organisations the map does not name are left as they are.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import checks
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Q
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings

from samverkan.core import permissions
from samverkan.core.permissions import Role

from .models import Organisation, OrganisationRole

logger = logging.getLogger(__name__)

SESSION_PROVIDER = "samverkan_oidc_provider"
SESSION_ID_TOKEN = "oidc_id_token"  # where mozilla-django-oidc stores it (OIDC_STORE_ID_TOKEN)

ROLE_NAMES = {
    "läsare": Role.READER, "lasare": Role.READER, "reader": Role.READER, "1": Role.READER,
    "redaktör": Role.EDITOR, "redaktor": Role.EDITOR, "editor": Role.EDITOR, "2": Role.EDITOR,
    "administratör": Role.ADMIN, "administrator": Role.ADMIN, "admin": Role.ADMIN, "3": Role.ADMIN,
}
_MUNICIPALITY_CODE = re.compile(r"^\d{4}$")
_ORG_NUMBER = re.compile(r"^\d{6}-\d{4}$")
REQUIRED = ("CLIENT_ID", "CLIENT_SECRET", "AUTHORIZATION_ENDPOINT", "TOKEN_ENDPOINT",
            "USER_ENDPOINT")


@dataclass(frozen=True)
class RoleRule:
    claim_value: str
    organisation: str
    role: Role


def parse_role_map(text: str) -> list[RoleRule]:
    """The rules of a role map (format in the module docstring); a malformed entry is an error
    naming the entry, never silently skipped."""
    rules = []
    for entry in re.split(r"[;\n]", text or ""):
        entry = entry.strip()
        if not entry:
            continue
        value, _eq, target = entry.rpartition("=")
        organisation, _colon, role_name = target.rpartition(":")
        role = ROLE_NAMES.get(role_name.strip().lower())
        if not value.strip() or not organisation.strip() or role is None:
            raise ImproperlyConfigured(
                f"Rollkartan för OIDC har en felaktig post: {entry!r} "
                "(form: anspråksvärde=organisation:roll, roll läsare, redaktör eller administratör).")
        rules.append(RoleRule(value.strip(), organisation.strip(), role))
    return rules


def claim_values(claims: dict, claim: str) -> set[str]:
    """A group or role claim may be a list, one string or missing."""
    value = claims.get(claim)
    if value is None:
        return set()
    if isinstance(value, str):
        return {value}
    return {str(item) for item in value}


def roles_from_claims(claims: dict, claim: str, rules: list[RoleRule]) -> dict[str, Role]:
    """Organisation key → the highest role the user's claim values give there."""
    values = claim_values(claims, claim)
    granted: dict[str, Role] = {}
    for rule in rules:
        if rule.claim_value in values and rule.role > granted.get(rule.organisation, 0):
            granted[rule.organisation] = rule.role
    return granted


def find_organisation(key: str) -> Organisation | None:
    if _MUNICIPALITY_CODE.match(key):
        return Organisation.objects.filter(municipality_code=key).first()
    if _ORG_NUMBER.match(key):
        return Organisation.objects.filter(org_number=key).first()
    return Organisation.objects.filter(Q(name__iexact=key) | Q(short_name__iexact=key)).first()


@transaction.atomic
def sync_roles(user, claims: dict, claim: str, rules: list[RoleRule]) -> dict[str, str]:
    """Makes the user's roles in the map's organisations what the claims say: granted, changed
    or removed. Returns organisation name → what happened, for the log and the tests."""
    wanted = roles_from_claims(claims, claim, rules)
    changes = {}
    for key in dict.fromkeys(rule.organisation for rule in rules):
        organisation = find_organisation(key)
        if organisation is None:
            logger.warning("OIDC role map names an unknown organisation: %s", key)
            continue
        current = OrganisationRole.objects.filter(user=user, organisation=organisation).first()
        role = wanted.get(key)
        if role is None:
            if current is not None:
                current._history_user = user
                current.delete()
                changes[organisation.name] = "removed"
        elif current is None:
            granted = OrganisationRole(user=user, organisation=organisation, role=role)
            granted._history_user = user
            granted.save()
            changes[organisation.name] = "granted"
        elif current.role != role:
            current.role = role
            current._history_user = user
            current.save()
            changes[organisation.name] = "changed"
    permissions.forget_roles(user)
    if changes:
        logger.info("Roles of %s from single sign-on: %s", user, changes)
    return changes


@dataclass(frozen=True)
class Provider:
    key: str
    label: str
    client_id: str
    client_secret: str
    authorization_endpoint: str
    token_endpoint: str
    user_endpoint: str
    jwks_endpoint: str = ""
    end_session_endpoint: str = ""
    sign_algo: str = "RS256"
    scopes: str = "openid email profile"
    username_claim: str = "email"
    roles_claim: str = "groups"
    rules: list[RoleRule] = field(default_factory=list)

    @classmethod
    def from_settings(cls, key: str, values: dict) -> Provider:
        missing = [name for name in REQUIRED if not values.get(name)]
        if missing:
            raise ImproperlyConfigured(
                f"OIDC-leverantören {key!r} saknar " + ", ".join(missing) + ".")
        return cls(
            key=key, label=values.get("LABEL") or key.title(),
            client_id=values["CLIENT_ID"], client_secret=values["CLIENT_SECRET"],
            authorization_endpoint=values["AUTHORIZATION_ENDPOINT"],
            token_endpoint=values["TOKEN_ENDPOINT"], user_endpoint=values["USER_ENDPOINT"],
            jwks_endpoint=values.get("JWKS_ENDPOINT") or "",
            end_session_endpoint=values.get("END_SESSION_ENDPOINT") or "",
            sign_algo=values.get("SIGN_ALGO") or "RS256",
            scopes=values.get("SCOPES") or "openid email profile",
            username_claim=values.get("USERNAME_CLAIM") or "email",
            roles_claim=values.get("ROLES_CLAIM") or "groups",
            rules=parse_role_map(values.get("ROLE_MAP") or ""),
        )

    def setting(self, name: str, *default):
        """mozilla-django-oidc's setting `name` for this provider; the rest from settings."""
        own = {
            "OIDC_RP_CLIENT_ID": self.client_id,
            "OIDC_RP_CLIENT_SECRET": self.client_secret,
            "OIDC_OP_AUTHORIZATION_ENDPOINT": self.authorization_endpoint,
            "OIDC_OP_TOKEN_ENDPOINT": self.token_endpoint,
            "OIDC_OP_USER_ENDPOINT": self.user_endpoint,
            "OIDC_OP_JWKS_ENDPOINT": self.jwks_endpoint or None,
            "OIDC_RP_SIGN_ALGO": self.sign_algo,
            "OIDC_RP_SCOPES": self.scopes,
            "OIDC_RP_IDP_SIGN_KEY": None,
            "OIDC_USE_PKCE": True,
            "OIDC_STORE_ID_TOKEN": True,
        }
        if name in own:
            return own[name]
        return import_from_settings(name, *default)


def providers() -> dict[str, Provider]:
    return {key: Provider.from_settings(key, values)
            for key, values in settings.SAMVERKAN_OIDC_PROVIDERS.items()}


@checks.register(checks.Tags.security)
def check_providers(app_configs, **kwargs):
    """A mistake in a provider's variables or role map is reported by `samverkan check` (and
    `migrate`) at installation, not by the first login."""
    try:
        providers()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="samverkan.E001")]
    return []


def session_provider(request) -> Provider | None:
    return providers().get(request.session.get(SESSION_PROVIDER, ""))


class ProviderBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's backend for the provider the login started with (kept in the
    session); it answers only the callback of a single sign-on, never a password login."""

    def __init__(self, *args, **kwargs):
        # the parent reads one provider from settings here; ours is known only per request
        self.UserModel = get_user_model()
        self.provider: Provider | None = None

    def get_settings(self, attr, *args):
        if self.provider is None:
            return import_from_settings(attr, *args)
        return self.provider.setting(attr, *args)

    def authenticate(self, request, **kwargs):
        if request is None or "nonce" not in kwargs:
            return None
        self.provider = session_provider(request)
        if self.provider is None:
            return None
        for name in ("OIDC_OP_TOKEN_ENDPOINT", "OIDC_OP_USER_ENDPOINT", "OIDC_OP_JWKS_ENDPOINT",
                     "OIDC_RP_CLIENT_ID", "OIDC_RP_CLIENT_SECRET", "OIDC_RP_SIGN_ALGO",
                     "OIDC_RP_IDP_SIGN_KEY"):
            setattr(self, name, self.provider.setting(name))
        return super().authenticate(request, **kwargs)

    def _identity(self, claims: dict) -> str:
        return str(claims.get(self.provider.username_claim) or "").strip()

    def describe_user_by_claims(self, claims):
        return f"{self.provider.username_claim} {self._identity(claims)}"

    def verify_claims(self, claims):
        return bool(self._identity(claims))

    def filter_users_by_claims(self, claims):
        identity = self._identity(claims)
        if self.provider.username_claim == "email":
            return self.UserModel.objects.filter(email__iexact=identity)
        return self.UserModel.objects.filter(username__iexact=identity)

    def create_user(self, claims):
        user = self.UserModel(username=self._identity(claims)[:150])
        user.set_unusable_password()  # signs in only through the provider
        return self.update_user(user, claims)

    def update_user(self, user, claims):
        user.email = claims.get("email") or user.email
        user.first_name = (claims.get("given_name") or user.first_name)[:150]
        user.last_name = (claims.get("family_name") or user.last_name)[:150]
        user.save()
        sync_roles(user, claims, self.provider.roles_claim, self.provider.rules)
        return user
