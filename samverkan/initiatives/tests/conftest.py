from samverkan.testing.fixtures import _fast_passwords  # noqa: F401

from .world import world  # noqa: F401
