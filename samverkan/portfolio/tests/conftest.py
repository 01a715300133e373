from samverkan.core.tests.conftest import _fast_passwords  # noqa: F401
from samverkan.portfolio.tests.cast import cast, module_cast, shared_cast  # noqa: F401,E402
