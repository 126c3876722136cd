"""Settings for the embedded mode (SQLite, file e-mail); every value can come from the environment.

Production reads the same variables through `heard.config.settings.production`, which insists on
the ones that have no safe default.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent.parent.parent
BASE_DIR = Path(os.environ.get("HEARD_HOME", PACKAGE_DIR.parent)).resolve()
VAR_DIR = Path(os.environ.get("HEARD_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def parse_limit_windows(text: str) -> list[tuple[int, int]]:
    """"5/60,30/3600" -> [(5, 60), (30, 3600)]: at most 5 in a minute's window, 30 in an hour's."""
    windows = []
    for part in filter(None, (piece.strip() for piece in text.split(","))):
        count, _slash, seconds = part.partition("/")
        windows.append((int(count), int(seconds)))
    return windows


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


# The embedded mode's key is stable per checkout so that demo links keep working across restarts;
# production refuses to start without HEARD_SECRET_KEY.
SECRET_KEY = os.environ.get("HEARD_SECRET_KEY", "embedded-mode-only-not-secret-" + "x" * 32)
DEBUG = env_bool("HEARD_DEBUG", False)
ALLOWED_HOSTS = env_list("HEARD_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("HEARD_CSRF_TRUSTED_ORIGINS", [])

# Absolute base of links put into e-mails, e.g. https://appeals.example.org
SITE_URL = os.environ.get("HEARD_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_NAME = os.environ.get("HEARD_SITE_NAME", "heard")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "heard.core",
    "heard.offices",
    "heard.appeals",
    "heard.signatures",
    "heard.addresses",
    "heard.triage",
    "heard.opendata",
    "heard.api",
    "heard.follows",
    "heard.attachments",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "heard.core.page_caching.VisitorPageCaching",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "heard.api.language.ApiLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "heard.config.urls"
# The hot routes' own URLconf and middleware (the end of this file; heard/core/hot_stack.py).
HEARD_HOT_URLCONF = "heard.config.hot_urls"
WSGI_APPLICATION = "heard.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "heard.core.context_processors.site",
            ],
            # `|unlocalize` in every template, without a {% load %}: numbers that go into a URL,
            # an id or a form value must not get the thousands separator (decision 0543).
            "builtins": ["django.templatetags.l10n"],
        },
    },
]
# Django's form renderer with selects and inputs written out in Python, same markup (0565).
FORM_RENDERER = "heard.core.form_rendering.FormRenderer"

DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    # Health checks: after a database restart a kept connection is replaced, not used and failed;
    # the site's backend asks the socket before it sends a SELECT 1 (decision 0571).
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"]["ENGINE"] = "heard.core.postgresql"
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "heard.sqlite3",
            # The web server and the worker share the file: wait for each other's writes.
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Nothing in heard relies on a shared cache yet (the signing path keeps small per-process
# caches; rate limits are read from the signatures), so Django's in-process default is enough.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

TASKS = {
    "default": {
        "BACKEND": os.environ.get("HEARD_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Staff (moderators, responders, administrators) log in here; the Django admin is for
# configuration by administrators only.
LOGIN_URL = "offices:login"
LOGIN_REDIRECT_URL = "offices:dashboard"
LOGOUT_REDIRECT_URL = "appeals:home"

LANGUAGE_CODE = os.environ.get("HEARD_LANGUAGE", "ru")
LANGUAGES = [("ru", _("Russian")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = os.environ.get("HEARD_TIME_ZONE", "Europe/Moscow")
USE_I18N = True
# Numbers read as the language writes them: 14 266 in Russian, 14,266 in English (decision 0543).
USE_THOUSAND_SEPARATOR = True
USE_TZ = True

FORMS_URLFIELD_ASSUME_HTTPS = True

# The embedded mode serves static files straight from the apps; production collects them.
WHITENOISE_USE_FINDERS = True

STATIC_URL = "static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("HEARD_STATIC_ROOT", VAR_DIR / "static"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

EMAIL_BACKEND = os.environ.get(
    "HEARD_EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend"
)
EMAIL_FILE_PATH = os.environ.get("HEARD_EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = os.environ.get("HEARD_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("HEARD_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("HEARD_EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("HEARD_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("HEARD_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("HEARD_FROM_EMAIL", "heard <noreply@localhost>")

# A confirmation link may be re-sent this many times in all; more requests are silently ignored.
HEARD_CONFIRMATION_MAX_SENDS = int(os.environ.get("HEARD_CONFIRMATION_MAX_SENDS", "3"))
# How often `heard worker` enqueues the periodic jobs (closing appeals, reconciling counts).
HEARD_PERIODIC_SECONDS = int(os.environ.get("HEARD_PERIODIC_SECONDS", "60"))
# Finished task results (the queue's history) are deleted after this many days.
HEARD_TASK_RESULTS_KEEP_DAYS = int(os.environ.get("HEARD_TASK_RESULTS_KEEP_DAYS", "14"))
# Routing that learns (docs/decisions/0515-routing-that-learns.md): an addressee's router is
# retrained, checked every HEARD_ROUTER_RETRAIN_SECONDS, once HEARD_ROUTER_RETRAIN_DECISIONS
# accepts or overrides by staff have come in since its last training. A first suggestion scored
# below HEARD_ROUTER_CONFIDENCE (a calibrated probability) needs a person: no bulk accept.
HEARD_ROUTER_RETRAIN_DECISIONS = int(os.environ.get("HEARD_ROUTER_RETRAIN_DECISIONS", "200"))
HEARD_ROUTER_RETRAIN_SECONDS = int(os.environ.get("HEARD_ROUTER_RETRAIN_SECONDS", "3600"))
HEARD_ROUTER_CONFIDENCE = float(os.environ.get("HEARD_ROUTER_CONFIDENCE", "0.6"))
# The counting job and the confirmation-link outbox run this often (the count lags at most a few
# of these); each run works at most HEARD_COUNT_BUDGET_SECONDS, in batches of HEARD_COUNT_BATCH.
HEARD_COUNT_INTERVAL_SECONDS = float(os.environ.get("HEARD_COUNT_INTERVAL_SECONDS", "2"))
HEARD_COUNT_BUDGET_SECONDS = float(os.environ.get("HEARD_COUNT_BUDGET_SECONDS", "1.5"))
HEARD_COUNT_BATCH = int(os.environ.get("HEARD_COUNT_BATCH", "5000"))
# `heard worker` runs at this OS niceness (0-19; it only ever raises its own): on a machine it
# shares with the web processes, mailing links yields the CPU to people signing during a spike
# and catches up after it, while the counting job still keeps its lag to seconds
# (docs/benchmarks.md). On a machine of its own it changes nothing.
HEARD_WORKER_NICE = int(os.environ.get("HEARD_WORKER_NICE", "10"))
# Run the counting job and the outbox right after each signature commits, as well as on their
# tick: immediate counts for tests and small sites; a task row per signature under load.
HEARD_NUDGE_JOBS = env_bool("HEARD_NUDGE_JOBS", False)

# How long a web process trusts its cached copy of an appeal's state when signing (confirmation
# re-checks it under a lock, so a stale copy never makes a signature count).
HEARD_SIGNING_CACHE_SECONDS = float(os.environ.get("HEARD_SIGNING_CACHE_SECONDS", "2"))
# How long an appeal's public page reuses the parts that are the same for every visitor (counts,
# text, history, the blank sign form); a transition or a new count shows at once. 0 turns it off.
HEARD_PAGE_CACHE_SECONDS = int(os.environ.get("HEARD_PAGE_CACHE_SECONDS", "5"))
# How long a proxy or a browser may keep a visitor page that carries nothing of the visitor
# (Cache-Control: public, max-age; heard/core/page_caching.py, decision 0520).
HEARD_PUBLIC_PAGE_SECONDS = int(os.environ.get("HEARD_PUBLIC_PAGE_SECONDS", "10"))

# Signers' e-mails are encrypted with these Fernet keys (comma-separated, newest first); without
# them a key is derived from SECRET_KEY (embedded mode only: see README).
HEARD_SIGNER_KEYS = env_list("HEARD_SIGNER_KEY", [])
# Salt of the IP-address hashes kept for the fraud rules (defaults to one derived from SECRET_KEY).
HEARD_IP_SALT = os.environ.get("HEARD_IP_SALT", "")
# Rate limits per IP hash and appeal: beyond them signatures are held for a moderator (so is
# a signature from an e-mail that signed HEARD_MAIL_DAILY appeals in a day, set below).
HEARD_RATE_BURST = int(os.environ.get("HEARD_RATE_BURST", "10"))
HEARD_RATE_BURST_SECONDS = int(os.environ.get("HEARD_RATE_BURST_SECONDS", "60"))
HEARD_RATE_SUSTAINED = int(os.environ.get("HEARD_RATE_SUSTAINED", "50"))
HEARD_RATE_SUSTAINED_SECONDS = int(os.environ.get("HEARD_RATE_SUSTAINED_SECONDS", "3600"))
# Throwaway-mailbox domains (a file, one a line) plus any listed in HEARD_DISPOSABLE_DOMAINS.
HEARD_DISPOSABLE_DOMAINS_FILE = os.environ.get(
    "HEARD_DISPOSABLE_DOMAINS_FILE",
    str(PACKAGE_DIR / "signatures" / "data" / "disposable_domains.txt"),
)
HEARD_DISPOSABLE_DOMAINS = env_list("HEARD_DISPOSABLE_DOMAINS", [])
# Web processes re-read the block and allow lists this often.
HEARD_FRAUD_RULES_CACHE_SECONDS = float(os.environ.get("HEARD_FRAUD_RULES_CACHE_SECONDS", "10"))
# Signers' names, e-mails and IP hashes are erased this many days after an appeal closes.
HEARD_SIGNER_RETENTION_DAYS = int(os.environ.get("HEARD_SIGNER_RETENTION_DAYS", "183"))

# The request header that carries the client address when a proxy is in front, e.g.
# HTTP_X_FORWARDED_FOR (its last entry is used: the one the proxy itself added).
HEARD_CLIENT_IP_HEADER = os.environ.get("HEARD_CLIENT_IP_HEADER", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("HEARD_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- e-mail outbox (issue 12) ---
# Mail to applicants and initiators waits in the outbox (heard.core.outbox) until the mail server
# takes it: after a failure it is tried again HEARD_OUTBOX_RETRY_SECONDS later, doubling each time
# up to HEARD_OUTBOX_RETRY_MAX_SECONDS; after HEARD_OUTBOX_MAX_ATTEMPTS failures it is marked
# "failed" for staff to see in the admin (and send again). With the defaults a mail is tried for
# about a day. A mail a stopped worker left half-sent is taken back after
# HEARD_OUTBOX_LEASE_SECONDS; sent mails are deleted after HEARD_OUTBOX_KEEP_DAYS.
HEARD_OUTBOX_MAX_ATTEMPTS = int(os.environ.get("HEARD_OUTBOX_MAX_ATTEMPTS", "12"))
HEARD_OUTBOX_RETRY_SECONDS = int(os.environ.get("HEARD_OUTBOX_RETRY_SECONDS", "60"))
HEARD_OUTBOX_RETRY_MAX_SECONDS = int(os.environ.get("HEARD_OUTBOX_RETRY_MAX_SECONDS", "21600"))
HEARD_OUTBOX_LEASE_SECONDS = int(os.environ.get("HEARD_OUTBOX_LEASE_SECONDS", "3600"))
HEARD_OUTBOX_KEEP_DAYS = int(os.environ.get("HEARD_OUTBOX_KEEP_DAYS", "30"))
# A mail server that accepts the connection and then hangs must not hold the drain for ever.
EMAIL_TIMEOUT = float(os.environ.get("HEARD_EMAIL_TIMEOUT", "30"))

# --- limits on public writes (issue 12) ---
# {action: {kind: [(count, seconds), ...]}}: at most `count` attempts in any fixed window of
# `seconds`, counted per IP hash, per e-mail digest and per addressee (core/limits.py). Override
# one list with HEARD_LIMITS_<ACTION>_<KIND>="count/seconds,...", e.g.
# HEARD_LIMITS_ADDRESS_IP="5/60,30/3600"; an empty value turns that kind off. Over a limit the
# forms hold what was sent for a moderator (addresses, appeals); lookups answer 429.
HEARD_MAIL_DAILY = int(os.environ.get("HEARD_MAIL_DAILY", "5"))
HEARD_LIMITS_DEFAULT = {
    # Individual addresses from the web form and the API (held over the limit).
    "address": {
        "ip": [(5, 60), (30, 3600)],
        "email": [(HEARD_MAIL_DAILY, 86400)],
        "addressee": [(600, 60), (20000, 3600)],
    },
    # Addresses sent through the API with a key (429 over the limit).
    "api_address": {
        "ip": [(120, 60), (3000, 3600)],
        "email": [(HEARD_MAIL_DAILY, 86400)],
        "addressee": [(600, 60), (20000, 3600)],
    },
    # New appeals (the initiator's link is held over the limit).
    "appeal": {"ip": [(3, 600), (10, 86400)], "email": [(HEARD_MAIL_DAILY, 86400)]},
    # Organisation sign-up (429 over the limit).
    "organisation": {"ip": [(3, 600), (10, 86400)], "email": [(HEARD_MAIL_DAILY, 86400)]},
    # Tracking lookups by number and code, web and API (429).
    "track": {"ip": [(20, 60), (200, 3600)]},
    # An applicant's rating or return of an answer (429).
    "applicant": {"ip": [(10, 600), (50, 86400)]},
    # Open311 reads (429).
    "open311_read": {"ip": [(60, 60), (2000, 3600)]},
    # "Look for similar appeals first" on the create form: a look-up over every appeal (the
    # form comes back as typed, with a 429 and when to try again).
    "similar_check": {"ip": [(20, 60), (200, 3600)]},
    # Files and video links attached from the address form or to an appeal (refused over it).
    "attachment": {"ip": [(20, 600), (100, 86400)], "addressee": [(2000, 3600)]},
    # "Follow by e-mail" requests, per IP, mailbox and followed appeal/addressee/list (429).
    "follow": {
        "ip": [(5, 600), (30, 86400)],
        "email": [(HEARD_MAIL_DAILY, 86400)],
        "target": [(60, 60), (1000, 3600)],
    },
}
HEARD_LIMITS = {
    action: {
        kind: (
            parse_limit_windows(os.environ[f"HEARD_LIMITS_{action.upper()}_{kind.upper()}"])
            if f"HEARD_LIMITS_{action.upper()}_{kind.upper()}" in os.environ
            else windows
        )
        for kind, windows in kinds.items()
    }
    for action, kinds in HEARD_LIMITS_DEFAULT.items()
}
# A web address with an e-mail waits this long for its sender to press the confirmation link;
# then it is held for a moderator, who registers or sets it aside within the 3-day term.
HEARD_ADDRESS_CONFIRM_HOURS = int(os.environ.get("HEARD_ADDRESS_CONFIRM_HOURS", "24"))

# --- the site's own pages: about, rules, privacy, accessibility, contact (issue 16) ---
# Who runs this register and how to reach them; the contact page shows what is set, and says
# plainly when nothing is.
HEARD_OPERATOR_NAME = os.environ.get("HEARD_OPERATOR_NAME", "")
HEARD_CONTACT_EMAIL = os.environ.get("HEARD_CONTACT_EMAIL", "")
HEARD_CONTACT_POSTAL = os.environ.get("HEARD_CONTACT_POSTAL", "")

# --- the legal clock and statistics (issue 13) ---
# A share (answered on time, verdicts) is published with its 95% interval only from this many
# cases; below it the counts alone are shown.
HEARD_STATS_MIN_COUNT = int(os.environ.get("HEARD_STATS_MIN_COUNT", "20"))

# --- following appeals, addressees and lists (issue 16, decisions 0535, 0536) ---
# Atom feeds may be kept by proxies and readers this long (Cache-Control: public).
HEARD_FEED_SECONDS = int(os.environ.get("HEARD_FEED_SECONDS", "300"))
# An e-mail follow nobody confirmed is deleted after this many days (its link stops working).
HEARD_FOLLOW_UNCONFIRMED_DAYS = int(os.environ.get("HEARD_FOLLOW_UNCONFIRMED_DAYS", "3"))
# The daily digest goes out from this hour (local time, TIME_ZONE) on, once a day per follower.
HEARD_DIGEST_HOUR = int(os.environ.get("HEARD_DIGEST_HOUR", "8"))

# --- logins (issue 12) ---
INSTALLED_APPS += ["axes", "django_otp", "django_otp.plugins.otp_totp", "heard.accounts"]
# Right after the user is known: the second factor, then the staff session limits and the
# redirect to the second factor; django-axes last, as it asks (it turns a lockout noticed during
# the request into its page).
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django_otp.middleware.OTPMiddleware") + 1,
    "heard.accounts.sessions.StaffSessionExpiry",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("heard.accounts.sessions.StaffSessionExpiry") + 1,
    "heard.accounts.otp_middleware.OTPEnforcement",
)
MIDDLEWARE.append("axes.middleware.AxesMiddleware")
# django-axes checks every log-in first and locks out a user name from one (pseudonymous) address
# after HEARD_LOGIN_FAILURE_LIMIT failures for HEARD_LOGIN_COOLOFF_MINUTES after the last one.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("HEARD_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("HEARD_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# axes stores the key's address: give it a salted-hash pseudonym, never the visitor's IP.
AXES_CLIENT_IP_CALLABLE = "heard.accounts.client_ip.axes_client_ip"
AXES_LOCKOUT_CALLABLE = "heard.accounts.lockout.lockout_response"
AXES_RESET_ON_SUCCESS = True
# No row per successful log-in (user agent, pseudonym, time): the audit log is heard's record.
AXES_DISABLE_ACCESS_LOG = True
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address", "password", "otp_token"]
# TOTP for administrators (and anyone who may open the Django admin); production turns it on.
HEARD_OTP_REQUIRED_FOR_ADMINS = env_bool("HEARD_OTP_REQUIRED_FOR_ADMINS", False)
OTP_TOTP_ISSUER = SITE_NAME
# Staff sessions end after this long without a request, and this long after logging in.
HEARD_STAFF_SESSION_IDLE_SECONDS = int(os.environ.get("HEARD_STAFF_SESSION_IDLE_SECONDS", "1800"))
HEARD_STAFF_SESSION_MAX_SECONDS = int(os.environ.get("HEARD_STAFF_SESSION_MAX_SECONDS", "43200"))
# API writes honour an Idempotency-Key header (core/idempotency.py) on these paths, for this long.
HEARD_IDEMPOTENT_PATHS = ("/api/v1/", "/open311/")
HEARD_IDEMPOTENCY_HOURS = int(os.environ.get("HEARD_IDEMPOTENCY_HOURS", "24"))
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "heard.core.idempotency.IdempotencyMiddleware",
)
# --- access control (issue 12) ---
# The admin site lets in administrators only (heard.core.admin_site); its app config replaces
# django.contrib.admin in place, so the order of the apps stays as it was.
INSTALLED_APPS = [
    "heard.core.apps.HeardAdminConfig" if app == "django.contrib.admin" else app
    for app in INSTALLED_APPS
]
# Moderation's published target: appeals waiting longer are listed to moderators and their
# initiators told (issue 13).
HEARD_MODERATION_TARGET_DAYS = int(os.environ.get("HEARD_MODERATION_TARGET_DAYS", "7"))
# The largest Telegram export a moderator may upload (decision 0547); a channel's text without
# its media is a few megabytes for years of posts.
HEARD_ELSEWHERE_EXPORT_MAX_BYTES = int(
    os.environ.get("HEARD_ELSEWHERE_EXPORT_MAX_BYTES", str(20 * 1024 * 1024))
)
# --- input cleaning and browser-side policy (issue 12) ---
# Decisions 0501 and 0502. Right after SecurityMiddleware, in the hot routes' stack too, so
# that every answer carries the policy and no input skips the cleaning: first the
# Content-Security-Policy header (a response step only; django-csp's middleware with the site's
# policy built once per process, heard/core/csp.py, decision 0570), then the input-cleaning layer.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "heard.core.csp.CSPMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("heard.core.csp.CSPMiddleware") + 1,
    "heard.core.cleaning.middleware.InputCleaning",
)
# "ninja" serves the API docs' Swagger UI from its own static files, never from a CDN; "csp"
# checks the policy's format at start-up.
INSTALLED_APPS += ["ninja", "csp"]
# JSON bodies nesting deeper than this are refused (parsers recurse once per level).
HEARD_JSON_MAX_DEPTH = int(os.environ.get("HEARD_JSON_MAX_DEPTH", "20"))
# Writes (POST, PUT, PATCH) under these paths must be application/json, else 415: a page on
# another site can make its visitors' browsers post text/plain or a form without asking them.
HEARD_JSON_ONLY_PATHS = env_list("HEARD_JSON_ONLY_PATHS", ["/api/"])
# No inline script or style anywhere (templates have none; Swagger UI loads its own files), and
# nothing from another origin: the pages' CSS, the docs' scripts and the charts are all ours.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Open311 and tracking under load (issue 12) ---
# GET requests answers in pages of at most this many records (`page`, `page_size`); a client may
# ask for fewer, never more.
HEARD_OPEN311_PAGE_SIZE = int(os.environ.get("HEARD_OPEN311_PAGE_SIZE", "100"))
# Open311 reads (services, requests) may be kept by browsers and shared caches this long; each
# answer carries an ETag and Last-Modified, so a client that asks again gets a 304 when nothing
# changed. 0 sends `no-cache` (revalidate every time).
HEARD_OPEN311_CACHE_SECONDS = int(os.environ.get("HEARD_OPEN311_CACHE_SECONDS", "30"))
# The page that shows a new address's number and tracking code reads its grant from the session
# for at most this long after sending.
HEARD_ADDRESS_SENT_GRANT_SECONDS = int(os.environ.get("HEARD_ADDRESS_SENT_GRANT_SECONDS", "600"))

# --- the responder's queue: bulk actions on every address matching a filter (issue 14) ---
# Decisions 0517, 0521. One bulk action changes at most HEARD_QUEUE_BULK_MAX addresses, each
# through its own audited service; a larger set is refused with its count (narrow the filter).
# Up to HEARD_QUEUE_BULK_INLINE_MAX are changed within the request, more by a task in chunks with
# a progress page.
HEARD_QUEUE_BULK_MAX = int(os.environ.get("HEARD_QUEUE_BULK_MAX", "10000"))
HEARD_QUEUE_BULK_INLINE_MAX = int(os.environ.get("HEARD_QUEUE_BULK_INLINE_MAX", "50"))

# --- the hot routes' own stack (issue 15; decision 0531) ---
# The busiest requests of a spike — a visitor's appeal page, the sign form's POST, "check your
# e-mail", the signer's link and its POST, and the API's signing — are served by a second Django
# handler (heard/config/wsgi.py chooses it by path; heard/core/hot_stack.py) with the URLconf
# above and this middleware: MIDDLEWARE without what a visitor's request never needs. A system
# check (heard.core.E001) refuses to start if HEARD_HOT_MIDDLEWARE is not MIDDLEWARE minus
# exactly HEARD_HOT_LEFT_OUT, in the same order: whatever is added to MIDDLEWARE must be added
# here too, or be left out here with its reason.
HEARD_HOT_LEFT_OUT = {
    "whitenoise.middleware.WhiteNoiseMiddleware": "no static file is a hot route",
    "django.contrib.sessions.middleware.SessionMiddleware": (
        "visitors have no session: a request with a session cookie takes the main stack"
    ),
    "django.contrib.auth.middleware.AuthenticationMiddleware": "no session, so no user",
    "django_otp.middleware.OTPMiddleware": "staff only (needs the user)",
    "heard.accounts.sessions.StaffSessionExpiry": "staff only (needs the session)",
    "heard.accounts.otp_middleware.OTPEnforcement": "staff only (needs the user)",
    "django.contrib.messages.middleware.MessageMiddleware": (
        "a visitor with a message waiting in its cookie takes the main stack"
    ),
    "axes.middleware.AxesMiddleware": "log-ins only",
}
HEARD_HOT_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "heard.core.csp.CSPMiddleware",
    "heard.core.cleaning.middleware.InputCleaning",
    "heard.core.idempotency.IdempotencyMiddleware",
    "heard.core.page_caching.VisitorPageCaching",
    "django.middleware.locale.LocaleMiddleware",
    "heard.api.language.ApiLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
# --- sharing, widget and print (issue 16; decisions 0537, 0541) ---
# The share card's font: DejaVu Sans from Debian's fonts-dejavu-core (it has Cyrillic).
HEARD_CARD_FONT_DIR = os.environ.get("HEARD_CARD_FONT_DIR", "/usr/share/fonts/truetype/dejavu")
# Which sites may put the appeal's counter widget in a frame (CSP frame-ancestors, that route
# only); every other page keeps frame-ancestors 'none' and X-Frame-Options: DENY.
HEARD_WIDGET_FRAME_ANCESTORS = env_list("HEARD_WIDGET_FRAME_ANCESTORS", ["*"])
# Similar appeals (decision 0541): after the first, each process rebuilds its index in a thread
# while the old one serves (the test settings rebuild in the request).
HEARD_SIMILAR_BUILD_IN_THREAD = env_bool("HEARD_SIMILAR_BUILD_IN_THREAD", True)
# --- open data (issue 16) ---
# Decision 0534. The daily dumps (CSV and JSON Lines) are written here by `heard worker` and
# `heard opendata_build`, and served from here with this max-age.
HEARD_OPENDATA_DIR = Path(os.environ.get("HEARD_OPENDATA_DIR", VAR_DIR / "opendata"))
HEARD_OPENDATA_CACHE_SECONDS = int(os.environ.get("HEARD_OPENDATA_CACHE_SECONDS", "3600"))
HEARD_OPENDATA_LICENCE_NAME = os.environ.get("HEARD_OPENDATA_LICENCE_NAME", "CC BY 4.0")
HEARD_OPENDATA_LICENCE_URL = os.environ.get(
    "HEARD_OPENDATA_LICENCE_URL", "https://creativecommons.org/licenses/by/4.0/"
)
# Where this installation's source code is published (AGPL-3.0: its users may ask for it); the
# footer links there, or to the about page's note when unset.
HEARD_SOURCE_URL = os.environ.get("HEARD_SOURCE_URL", "")
# A failed CSRF check shows the site's page, in the visitor's language, with the form's URL.
CSRF_FAILURE_VIEW = "heard.core.error_pages.csrf_failure"
# --- attachments of addresses and appeals (issue 18; decisions 0549, 0550) ---
# Where files are kept: Django's default storage (STORAGES["default"]). The embedded mode writes
# under HEARD_MEDIA_ROOT; production may name any S3-compatible store through django-storages
# (pip install "heard[s3]"; HEARD_STORAGE=s3 and the AWS_* settings below, see README).
MEDIA_ROOT = Path(os.environ.get("HEARD_MEDIA_ROOT", VAR_DIR / "media"))
if os.environ.get("HEARD_STORAGE", "") == "s3":
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ.get("HEARD_S3_BUCKET", ""),
            "endpoint_url": os.environ.get("HEARD_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("HEARD_S3_REGION") or None,
            "access_key": os.environ.get("HEARD_S3_ACCESS_KEY_ID", ""),
            "secret_key": os.environ.get("HEARD_S3_SECRET_ACCESS_KEY", ""),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
# Per file: documents and images, and video files; per address or appeal: how many (links too).
HEARD_ATTACHMENT_MAX_BYTES = int(os.environ.get("HEARD_ATTACHMENT_MAX_BYTES", str(10 * 2**20)))
HEARD_ATTACHMENT_VIDEO_MAX_BYTES = int(
    os.environ.get("HEARD_ATTACHMENT_VIDEO_MAX_BYTES", str(200 * 2**20))
)
HEARD_ATTACHMENT_MAX_COUNT = int(os.environ.get("HEARD_ATTACHMENT_MAX_COUNT", "5"))
# Images larger than this many pixels are refused before they are decoded.
HEARD_ATTACHMENT_MAX_PIXELS = int(os.environ.get("HEARD_ATTACHMENT_MAX_PIXELS", "40000000"))
# Video links are accepted from these providers only (youtube, vk, rutube), and played from
# their player origin in a sandboxed frame on the link's own page.
HEARD_ATTACHMENT_VIDEO_PROVIDERS = env_list(
    "HEARD_ATTACHMENT_VIDEO_PROVIDERS", ["youtube", "vk", "rutube"]
)
# The virus scanner: a dotted path to a class with `configured` and `scan(bytes)`. The default
# scans nothing and records "not scanned"; heard.attachments.scanning.ClamdScanner asks clamd.
HEARD_ATTACHMENT_SCANNER = os.environ.get(
    "HEARD_ATTACHMENT_SCANNER", "heard.attachments.scanning.NoScanner"
)
HEARD_CLAMD_HOST = os.environ.get("HEARD_CLAMD_HOST", "127.0.0.1")
HEARD_CLAMD_PORT = int(os.environ.get("HEARD_CLAMD_PORT", "3310"))
HEARD_CLAMD_TIMEOUT = float(os.environ.get("HEARD_CLAMD_TIMEOUT", "30"))
# An address's attachments are erased this many days after it was closed or set aside.
HEARD_ADDRESS_ATTACHMENT_RETENTION_DAYS = int(
    os.environ.get("HEARD_ADDRESS_ATTACHMENT_RETENTION_DAYS", "1825")
)

# --- verified identity through OpenID Connect (issue 17; decisions 0544, 0545) ---
# The providers people may prove their identity with, as a JSON list (README, "Verified
# identity"): [{"slug", "name", "issuer", "client_id", "client_secret", "scopes", "claims"}].
# None by default: an addressee that asks for a verified identity then cannot be written to.
INSTALLED_APPS += ["heard.identity"]
from heard.identity.config import providers_parse  # noqa: E402

HEARD_OIDC_PROVIDERS = providers_parse(os.environ.get("HEARD_OIDC_PROVIDERS", ""))
# A sign-in must come back within this long; a state is good once.
HEARD_OIDC_FLOW_SECONDS = int(os.environ.get("HEARD_OIDC_FLOW_SECONDS", "600"))
# How long heard waits for a provider's discovery, keys and token endpoints.
HEARD_OIDC_TIMEOUT_SECONDS = float(os.environ.get("HEARD_OIDC_TIMEOUT_SECONDS", "10"))
# Starting a sign-in and returning from it, per IP hash (429 over the limit).
HEARD_LIMITS["identity"] = {
    "ip": parse_limit_windows(os.environ.get("HEARD_LIMITS_IDENTITY_IP", "20/600,100/86400"))
}
# A form that starts a sign-in is answered by a redirect to the provider: browsers hold that
# redirect to the policy's form-action, so each provider's origin is allowed there.
CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] = [
    SELF,
    *sorted({provider.origin for provider in HEARD_OIDC_PROVIDERS}),
]
