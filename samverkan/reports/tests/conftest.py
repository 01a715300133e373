from samverkan.planning.tests.cast import pcast, planning_cast  # noqa: F401
from samverkan.testing.cast import module_cast, shared_cast  # noqa: F401
from samverkan.testing.fixtures import _fast_passwords  # noqa: F401

from .basis_world import basis_world  # noqa: F401
