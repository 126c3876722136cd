"""Settings of the demo provider: only what django-oauth-toolkit's OIDC needs."""

import os

SECRET_KEY = os.environ.get("DEMO_PROVIDER_SECRET", "demo-provider-not-secret")  # noqa: S105
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
USE_TZ = True
ROOT_URLCONF = "heard.identity.demo_provider.urls"
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "oauth2_provider",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [os.path.join(os.path.dirname(__file__), "templates")],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("DEMO_PROVIDER_DATABASE", ":memory:"),
    }
}
# The two demo people have a published password: a fast hasher keeps the start short.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "/accounts/login/"
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
OAUTH2_PROVIDER = {
    "OIDC_ENABLED": True,
    "OIDC_RSA_PRIVATE_KEY": os.environ.get("DEMO_PROVIDER_RSA_KEY", ""),
    "PKCE_REQUIRED": True,
    "OAUTH2_VALIDATOR_CLASS": "heard.identity.demo_provider.claims.DemoClaims",
    "SCOPES": {
        "openid": "OpenID Connect",
        "profile": "Name and region",
        "email": "E-mail",
    },
    "AUTHORIZATION_CODE_EXPIRE_SECONDS": 60,
}
# A fresh database per start: tables made straight from the models (`migrate --run-syncdb`),
# which takes a fraction of the time replaying the apps' migrations does.
MIGRATION_MODULES = {app: None for app in ("auth", "contenttypes", "sessions", "oauth2_provider")}
# Browsers share cookies between ports of one host: on 127.0.0.1 beside heard, the provider's
# session and CSRF cookies must not replace heard's own.
SESSION_COOKIE_NAME = "demo_provider_session"
CSRF_COOKIE_NAME = "demo_provider_csrftoken"
