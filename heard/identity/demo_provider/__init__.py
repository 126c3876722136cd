"""A small real OpenID provider (django-oauth-toolkit with OIDC on) for the tests and the demo:
its own Django project on loopback, a fresh RSA key and SQLite file per start, two people
(`demo` and `demo2`, password `heard-demo`) and one client that heard signs in with. Not for
production: it exists so that the code flow is exercised against a real provider, not a mock.
Run it with `python -m heard.identity.demo_provider --port 0 --redirect-uri URL`."""
