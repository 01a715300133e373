import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Argon2 takes a tenth of a second per user; tests create hundreds of users."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
from samverkan.portfolio.tests.cast import cast, module_cast, shared_cast  # noqa: F401,E402
