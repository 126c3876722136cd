"""Production settings pass Django's deployment checks with realistic environment values."""

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def production_env(**overrides) -> dict[str, str]:
    # Only what a deployment would have: the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE here.
    leftovers = ("HEARD_", "DJANGO_", "DATABASE_URL", "REDIS_URL")
    env = {key: value for key, value in os.environ.items() if not key.startswith(leftovers)}
    env |= {
        "DJANGO_SETTINGS_MODULE": "heard.config.settings.production",
        "HEARD_SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": "postgres://heard@db.internal:5432/heard",
        "HEARD_ALLOWED_HOSTS": "appeals.example.org",
        "HEARD_SITE_URL": "https://appeals.example.org",
        "HEARD_SIGNER_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        "HEARD_IP_SALT": secrets.token_hex(16),
        "HEARD_CLIENT_IP_HEADER": "HTTP_X_FORWARDED_FOR",
    }
    return env | overrides


def check(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - our own interpreter and fixed arguments
        [sys.executable, "-m", "heard.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check():
    result = check(production_env())

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_without_a_client_ip_header_is_warned():
    result = check(production_env(HEARD_CLIENT_IP_HEADER=""))

    assert result.returncode != 0
    assert "heard.core.W002" in result.stdout + result.stderr


@pytest.mark.parametrize("missing", ["HEARD_SECRET_KEY", "HEARD_SIGNER_KEY", "DATABASE_URL"])
def test_production_refuses_to_start_without_a_required_value(missing):
    result = check(production_env(**{missing: ""}))

    assert result.returncode != 0
    assert f"{missing} must be set in production" in result.stderr


@pytest.mark.parametrize(
    "keys",
    [
        "not-a-fernet-key",
        # a rotation whose older key was pasted cut short
        base64.urlsafe_b64encode(os.urandom(32)).decode()
        + ","
        + base64.urlsafe_b64encode(os.urandom(32)).decode()[:40],
    ],
    ids=["garbage", "rotation-with-a-cut-key"],
)
def test_the_deploy_check_fails_on_a_signer_key_that_is_not_a_fernet_key(keys):
    result = check(production_env(HEARD_SIGNER_KEY=keys))

    assert result.returncode != 0
    assert "heard.signatures.E002" in result.stderr
    assert keys.split(",")[-1] not in result.stdout + result.stderr  # the key is not shown
