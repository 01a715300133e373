"""Fixtures that test packages pull into their conftest."""

import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Argon2 takes a tenth of a second per user; tests create hundreds of users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
