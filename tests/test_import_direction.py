"""One direction between appeals and signatures, and one writer of the counts.

A signature belongs to an appeal, so signatures may call appeals' services; appeals read
signatures (their rows, selectors and the sign form) but never call signatures' services,
views or jobs, and signatures never call appeals' views. Every import counts, however deep in
a function it hides. The counts an appeal shows are written by the counting job alone."""

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "heard"

# What appeals may take from signatures: reading its rows and showing its sign form.
APPEALS_MAY_READ = {
    "heard.signatures.models",
    "heard.signatures.selectors",
    "heard.signatures.forms",
}
# What signatures may not take from appeals: its pages belong to it.
SIGNATURES_MAY_NOT_CALL = {"heard.appeals.views", "heard.appeals.urls", "heard.appeals.feeds"}

# Imports the rules above would refuse, each with the reason it stays. None today.
EXCEPTIONS: dict[tuple[str, str], str] = {}

# Who may name the counts an appeal shows: the counting job writes them; the rest only read.
COUNT_FIELDS = {"signature_count", "counted_at"}
COUNT_WRITER = "signatures/counting.py"
REGION_COUNT_READERS = {"appeals/models.py", "appeals/selectors.py", "signatures/selectors.py"}


def _modules(app: str) -> list[Path]:
    return [path for path in (PACKAGE / app).rglob("*.py") if "migrations" not in path.parts]


def _name(path: Path) -> str:
    return str(path.relative_to(PACKAGE))


def _imports(path: Path) -> set[str]:
    """Every module the file imports, at the top or inside a function; `from x import y`
    yields x.y too, so that `from heard.signatures import services` is seen as what it is."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def _module_of(imported: str, app: str) -> str | None:
    """The module of `app` an import names: heard.signatures.services.x → …signatures.services."""
    parts = imported.split(".")
    if parts[:2] != ["heard", app] or len(parts) < 3:
        return None
    return ".".join(parts[:3])


def _forbidden() -> list[tuple[str, str]]:
    found = []
    for path in _modules("appeals"):
        for imported in _imports(path):
            module = _module_of(imported, "signatures")
            if module and module not in APPEALS_MAY_READ:
                found.append((_name(path), module))
    for path in _modules("signatures"):
        for imported in _imports(path):
            module = _module_of(imported, "appeals")
            if module in SIGNATURES_MAY_NOT_CALL:
                found.append((_name(path), module))
    return sorted(set(found))


def test_appeals_never_call_signatures_and_signatures_never_call_appeals_pages():
    assert [found for found in _forbidden() if found not in EXCEPTIONS] == []


def test_every_exception_is_still_needed():
    assert set(EXCEPTIONS) <= set(_forbidden())


@pytest.mark.parametrize(
    "source",
    ["from heard.signatures import services", "from heard.signatures.services import x"],
)
def test_an_import_hidden_in_a_function_is_seen(tmp_path, source):
    module = tmp_path / "hidden.py"
    module.write_text(f"def later():\n    {source}\n")

    named = {_module_of(name, "signatures") for name in _imports(module)}

    assert "heard.signatures.services" in named


def _count_writes(path: Path) -> set[str]:
    """Count fields this file sets: as keyword arguments (update, create) or by assignment."""
    written = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.keyword) and node.arg in COUNT_FIELDS:
            written.add(node.arg)
        elif isinstance(node, ast.Assign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            written.update(
                target.attr
                for target in targets
                if isinstance(target, ast.Attribute) and target.attr in COUNT_FIELDS
            )
    return written


def test_only_the_counting_job_writes_the_counts():
    writers = {
        _name(path)
        for path in PACKAGE.rglob("*.py")
        if "migrations" not in path.parts and _count_writes(path)
    }

    assert writers == {COUNT_WRITER}


def test_the_region_counts_are_read_where_shown_and_written_by_the_counting_job():
    naming = {
        _name(path)
        for path in PACKAGE.rglob("*.py")
        if "migrations" not in path.parts and "AppealRegionCount" in path.read_text()
    }

    assert naming == REGION_COUNT_READERS | {COUNT_WRITER}
