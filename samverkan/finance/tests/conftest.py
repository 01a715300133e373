from samverkan.core.tests.conftest import _fast_passwords  # noqa: F401
from samverkan.finance.tests.cast import fcast, finance_cast  # noqa: F401
from samverkan.portfolio.tests.cast import module_cast, shared_cast  # noqa: F401
