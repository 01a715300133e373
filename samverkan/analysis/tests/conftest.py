from samverkan.analysis.tests.cast import acast, analysis_cast  # noqa: F401,E402
from samverkan.analysis.tests.consolidation_data import ccast, consolidation_cast  # noqa: F401,E402
from samverkan.testing.cast import cast, module_cast, shared_cast  # noqa: F401
from samverkan.testing.fixtures import _fast_passwords  # noqa: F401
