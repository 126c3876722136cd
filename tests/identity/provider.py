"""The real OpenID provider the identity tests sign in at (heard.identity.demo_provider, run as
a subprocess on loopback), and a person's way through its pages over HTTP."""

import os
import re
import subprocess
import sys
from urllib.parse import urljoin

import requests

CLIENT_ID = "heard-tests"
CLIENT_SECRET = "heard-tests-secret"


class RunningProvider:
    def __init__(self, redirect_uris: list[str]):
        command = [sys.executable, "-u", "-m", "heard.identity.demo_provider"]
        for uri in redirect_uris:
            command += ["--redirect-uri", uri]
        command += ["--client-id", CLIENT_ID, "--client-secret", CLIENT_SECRET]
        self.process = subprocess.Popen(  # noqa: S603 - our own module, fixed arguments
            command, stdout=subprocess.PIPE, text=True, env=os.environ.copy()
        )
        line = self.process.stdout.readline()
        if not line.startswith("READY "):
            self.stop()
            raise RuntimeError(f"the demo provider did not start: {line!r}")
        self.issuer = line.split()[1]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def settings_entry(self, slug: str = "demo", **overrides):
        from heard.identity.config import Provider

        values = {
            "slug": slug,
            "name": "Demo ID",
            "issuer": self.issuer,
            "client_id": CLIENT_ID,
            "client_secret": CLIENT_SECRET,
            "scopes": ("openid", "profile", "email"),
            "claims": {"name": "name", "email": "email", "region": "region"},
        }
        return Provider(**(values | overrides))


DEMO_PASSWORD = "heard-demo"


def sign_in(authorize_url: str, *, username: str = "demo", password: str = DEMO_PASSWORD) -> str:
    """A person at the provider: the login form, then the provider's redirect back to heard.
    Returns the callback URL the provider sends the browser to (with code and state)."""
    session = requests.Session()
    page = session.get(authorize_url, timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    following = re.search(r'name="next" value="([^"]*)"', page.text).group(1)
    logged_in = session.post(
        page.url,
        data={
            "csrfmiddlewaretoken": token,
            "username": username,
            "password": password,
            "next": following.replace("&amp;", "&"),
        },
        allow_redirects=False,
        timeout=30,
    )
    assert logged_in.status_code == 302, logged_in.text[:500]
    answer = session.get(
        urljoin(page.url, logged_in.headers["Location"]), allow_redirects=False, timeout=30
    )
    assert answer.status_code == 302, answer.text[:500]
    return answer.headers["Location"]
