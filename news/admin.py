"""Every content kind's admin (Django's autodiscovery imports this module)."""

from .agency import admin as agency  # noqa: F401
from .articles import admin as articles  # noqa: F401
from .consultations import admin as consultations  # noqa: F401
from .documents import admin as documents  # noqa: F401
from .events import admin as events  # noqa: F401
from .questions import admin as questions  # noqa: F401
from .schedules import admin as schedules  # noqa: F401
