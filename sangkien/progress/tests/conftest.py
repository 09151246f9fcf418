# The initiative personas and states are shared with the initiatives tests.
from sangkien.initiatives.tests.conftest import cast, draft, in_state  # noqa: F401
