"""Settings for the test suite: tasks run at once, mail stays in memory, hashing is fast."""

from .base import *  # noqa: F403
from .base import DATABASES

TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
LANGUAGE_CODE = "en"
HEARD_NUDGE_JOBS = True
# A thread of the test process cannot see the test's uncommitted rows: the similar-appeals index
# is rebuilt in the request here (tests/appeals/test_similar.py runs the thread on committed rows).
HEARD_SIMILAR_BUILD_IN_THREAD = False
# The caches stay as production has them (HEARD_SIGNING_CACHE_SECONDS, HEARD_PAGE_CACHE_SECONDS,
# HEARD_FRAUD_RULES_CACHE_SECONDS): tests run what production runs. tests/conftest.py empties
# them between tests; a test that needs one off says so with a fixture.
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["NAME"] = ":memory:"
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "loggers": {"django_tasks": {"level": "WARNING"}, "django.request": {"level": "ERROR"}},
}
