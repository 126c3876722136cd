import gzip
import json

import pytest
from django.core.management import CommandError, call_command

from heard.triage.cli import run
from heard.triage.lib.io import InputError
from heard.triage.lib.synthetic import campaign_corpus


def _write(path, rows):
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="utf-8") as stream:
        for row in rows:
            stream.write(row if isinstance(row, str) else json.dumps(row, ensure_ascii=False))
            stream.write("\n")
    return path


def _lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


@pytest.fixture
def addresses(tmp_path):
    corpus = campaign_corpus(size=300, campaign_sizes=[30, 60], seed=1)
    rows = [
        {"id": f"a{i}", "text": a.text, "region": "Невский", "category": a.topic}
        for i, a in enumerate(corpus)
    ]
    return _write(tmp_path / "input.jsonl.gz", rows), rows


@pytest.fixture
def history(tmp_path):
    corpus = campaign_corpus(size=400, campaign_sizes=[], seed=2)
    rows = [
        {"id": i, "text": a.text, "region": "Невский", "category": a.topic,
         "department": f"Отдел {a.topic}" if i % 7 else None}
        for i, a in enumerate(corpus)
    ]
    return _write(tmp_path / "history.jsonl", rows)


def test_run_writes_every_file_with_one_line_per_input_in_order(tmp_path, addresses, history):
    path, rows = addresses
    out = tmp_path / "out"
    summary = run(path, out=out, history_path=history, quiet=True, clusters=6)
    ids = [row["id"] for row in rows]
    for name in ("duplicates.jsonl", "clusters.jsonl", "routing.jsonl"):
        assert [line["id"] for line in _lines(out / name)] == ids
    duplicates = _lines(out / "duplicates.jsonl")
    assert sum(line["primary"] for line in duplicates) == summary["duplicate_groups"]
    assert summary["mass_campaigns"] == 2
    routing = _lines(out / "routing.jsonl")
    assert all(1 <= len(line["departments"]) <= 3 for line in routing)
    topics = [row["category"] for row in rows]
    first_choice = [line["departments"][0]["name"] for line in routing]
    agree = sum(name == f"Отдел {topic}" for name, topic in zip(first_choice, topics, strict=True))
    assert agree > 0.8 * len(rows)
    clusters = json.loads((out / "clusters.json").read_text(encoding="utf-8"))
    assert sum(c["size"] for c in clusters) == len(rows)
    assert all(c["terms"] and c["representative_ids"] for c in clusters)
    on_disk = json.loads((out / "summary.json").read_text())
    assert on_disk["addresses"] == len(rows)
    assert {"normalise", "duplicates", "clusters", "routing"} <= set(on_disk["stages"])
    assert all(stage["peak_memory_mb"] > 0 for stage in on_disk["stages"].values())


def test_without_history_routing_lines_are_empty(tmp_path, addresses):
    path, rows = addresses
    run(path, out=tmp_path / "out", quiet=True, clusters=4)
    routing = _lines(tmp_path / "out" / "routing.jsonl")
    assert len(routing) == len(rows)
    assert all(line["departments"] == [] for line in routing)


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (['{"id": 1, "text": "a"}', "{not json"], "line 2: not JSON"),
        (['{"id": 1, "text": "a"}', "", '{"id": 3, "txt": "b"}'], 'line 3: missing "text"'),
        (['{"text": "a"}'], 'line 1: missing "id"'),
        ([], "empty file"),
        (["", "  "], "empty file"),
    ],
)
def test_bad_input_names_the_line(tmp_path, lines, message):
    path = _write(tmp_path / "bad.jsonl", lines)
    with pytest.raises(InputError, match=message):
        run(path, out=tmp_path / "out", quiet=True)


def test_command_turns_bad_input_into_a_command_error(tmp_path):
    path = _write(tmp_path / "bad.jsonl", ['{"id": 1, "text": "a"}', "[1, 2"])
    with pytest.raises(CommandError, match="line 2: not JSON"):
        call_command("triage", "run", str(path), "--out", str(tmp_path / "out"), "--quiet")


def test_command_runs_with_rules_only(tmp_path):
    path = _write(tmp_path / "in.jsonl", [
        {"id": 1, "text": "яма на дороге", "category": "дороги"},
        {"id": 2, "text": "течет крыша", "category": "дома"},
    ])
    rules = tmp_path / "rules.json"
    rules.write_text(json.dumps([{"category": "дороги", "department": "Дорожный комитет"}]))
    call_command("triage", "run", str(path), "--out", str(tmp_path / "out"), "--rules",
                 str(rules), "--quiet")
    routing = _lines(tmp_path / "out" / "routing.jsonl")
    assert routing == [
        {"id": 1, "departments": [{"name": "Дорожный комитет", "score": 1.0}]},
        {"id": 2, "departments": []},
    ]
