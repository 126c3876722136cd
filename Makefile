# heard: the two commands are `make demo` and `make test` (see README.md).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# The demo's identity provider (heard/identity/demo_provider), as a deployer would configure a
# real one (README, "Verified identity").
DEMO_OIDC_PROVIDERS := [{"slug": "demo", "name": "Demo ID", "issuer": "http://127.0.0.1:8001/o", "client_id": "heard-demo", "client_secret": "heard-demo-secret", "scopes": ["openid", "profile", "email"], "claims": {"name": "name", "email": "email", "region": "region"}}]

.PHONY: demo test install lint messages clean fuzz

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/heard migrate --no-input
	$(BIN)/heard demo_load
	$(BIN)/heard collectstatic --no-input --verbosity 0
	@echo "Demo identity provider: http://127.0.0.1:8001/o (users demo, demo2; password heard-demo)"
	$(BIN)/python -m heard.identity.demo_provider --port 8001 \
		--redirect-uri http://127.0.0.1:8000/identity/callback/ \
		--redirect-uri http://localhost:8000/identity/callback/ & provider=$$!; \
	trap "kill $$provider" EXIT; \
	HEARD_OIDC_PROVIDERS='$(DEMO_OIDC_PROVIDERS)' $(BIN)/heard serve --bind 127.0.0.1:8000

lint: $(STAMP)
	$(BIN)/ruff check heard tests benchmarks

# SQLite always; PostgreSQL as well when DATABASE_URL is set. One pytest-xdist worker per core
# (TEST_WORKERS=0 runs in one process, e.g. to read a test's output in order).
TEST_WORKERS ?= auto
test: lint
	DATABASE_URL= $(BIN)/pytest -q -n $(TEST_WORKERS)
	@if [ -n "$$DATABASE_URL" ]; then echo "== again on $$DATABASE_URL"; $(BIN)/pytest -q -n $(TEST_WORKERS) -m "not browser"; fi

# Schemathesis against a live server on SQLite and on PostgreSQL (127.0.0.1:5432, database
# heard_fuzz); prints the cases and server errors per schema (docs/benchmarks.md).
fuzz: $(STAMP)
	$(BIN)/python benchmarks/api_fuzz.py --database both

# Regenerates the catalogues after strings change; compiled .mo files are committed so that a
# fresh clone needs no gettext.
messages: $(STAMP)
	cd heard && ../$(BIN)/heard makemessages -l ru -l en --no-obsolete
	cd heard && ../$(BIN)/heard compilemessages

clean:
	rm -rf $(VENV) var
