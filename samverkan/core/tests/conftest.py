from samverkan.testing.fixtures import _fast_passwords  # noqa: F401
