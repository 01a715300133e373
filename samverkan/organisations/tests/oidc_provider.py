"""A real OpenID Connect provider on loopback for the single sign-on tests: `oidc-provider`
from npm (oidc/provider.mjs next to this file) under the machine's Node.

`npm ci` installs it from the committed package-lock.json the first time (one process at a time,
under a lock); later runs find node_modules and need no network. Without Node the tests are
skipped, or fail with SAMVERKAN_REQUIRE_BROWSER=1 (as in CI).
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from samverkan.testing.browser import browser_required

HERE = Path(__file__).parent / "oidc"
CLIENT_ID = "samverkan"
CLIENT_SECRET = "samverkan-test-secret"


def _unavailable(reason: str):
    if browser_required():
        pytest.fail(f"{reason} (SAMVERKAN_REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(reason)


def ensure_installed() -> None:
    """node_modules from package-lock.json, installed once."""
    with open(HERE / ".install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        marker = HERE / "node_modules" / ".package-lock.json"
        if marker.exists() and marker.stat().st_mtime >= (HERE / "package-lock.json").stat().st_mtime:
            return
        try:
            subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"],
                           cwd=HERE, check=True, timeout=300)
        except (subprocess.SubprocessError, OSError) as exc:  # e.g. no network the first time
            _unavailable(f"npm ci för OIDC-leverantören misslyckades: {exc}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class OidcProvider:
    issuer: str
    process: subprocess.Popen

    def settings(self, label: str, role_map: str = "", **extra) -> dict:
        """A provider entry for settings.SAMVERKAN_OIDC_PROVIDERS."""
        return {
            "LABEL": label, "CLIENT_ID": CLIENT_ID, "CLIENT_SECRET": CLIENT_SECRET,
            "AUTHORIZATION_ENDPOINT": f"{self.issuer}/auth",
            "TOKEN_ENDPOINT": f"{self.issuer}/token",
            "USER_ENDPOINT": f"{self.issuer}/me",
            "JWKS_ENDPOINT": f"{self.issuer}/jwks",
            "END_SESSION_ENDPOINT": f"{self.issuer}/session/end",
            "SCOPES": "openid email profile groups",
            "ROLE_MAP": role_map, **extra,
        }


def start(site_url: str, accounts: dict) -> OidcProvider:
    if not (shutil.which("node") and shutil.which("npm")):
        _unavailable("Node och npm saknas; testet av inloggning med OIDC hoppas över")
    ensure_installed()
    port = free_port()
    config = {
        "clients": [{
            "client_id": CLIENT_ID, "client_secret": CLIENT_SECRET,
            "redirect_uris": [f"{site_url}/oidc/callback/"],
            "post_logout_redirect_uris": [f"{site_url}/konto/logga-in/"],
        }],
        "accounts": accounts,
    }
    process = subprocess.Popen(["node", "provider.mjs", str(port)], cwd=HERE, text=True,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               env={**os.environ, "NODE_ENV": "test"})
    process.stdin.write(json.dumps(config))
    process.stdin.close()
    line = process.stdout.readline()  # "listening <issuer>", or nothing when it failed
    if not line.startswith("listening "):
        process.kill()
        pytest.fail(f"OIDC-leverantören startade inte: {line!r}")
    return OidcProvider(issuer=line.split()[1], process=process)


def stop(provider: OidcProvider) -> None:
    provider.process.terminate()
    try:
        provider.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        provider.process.kill()
