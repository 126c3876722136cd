"""Start the demo provider: migrate a fresh SQLite file, make the people and heard's client,
serve on loopback and print `READY <issuer>` when listening."""

import argparse
import os
import sys
import tempfile

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

PASSWORD = "heard-demo"  # noqa: S105 - the demo's published password


def _rsa_key() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=0, help="0 takes a free port")
    parser.add_argument("--redirect-uri", action="append", required=True)
    parser.add_argument("--client-id", default="heard-demo")
    parser.add_argument("--client-secret", default="heard-demo-secret")
    args = parser.parse_args(argv)
    folder = tempfile.mkdtemp(prefix="heard-demo-provider-")
    os.environ["DEMO_PROVIDER_DATABASE"] = os.path.join(folder, "provider.sqlite3")
    os.environ["DEMO_PROVIDER_RSA_KEY"] = _rsa_key()
    os.environ["DJANGO_SETTINGS_MODULE"] = "heard.identity.demo_provider.settings"
    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    call_command("migrate", run_syncdb=True, verbosity=0, interactive=False)
    for username, first, last in (("demo", "Vera", "Demo"), ("demo2", "Ivan", "Demo")):
        User.objects.create_user(
            username,
            email=f"{username}@example.org",
            password=PASSWORD,
            first_name=first,
            last_name=last,
        )
    Application.objects.create(
        name="heard",
        client_id=args.client_id,
        client_secret=args.client_secret,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=" ".join(args.redirect_uri),
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )
    server = ThreadedWSGIServer(("127.0.0.1", args.port), WSGIRequestHandler)
    server.set_app(get_wsgi_application())
    print(f"READY http://127.0.0.1:{server.server_address[1]}/o", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        sys.exit(0)


if __name__ == "__main__":
    main()
