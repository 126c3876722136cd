"""`heard triage run`: the triage library over JSONL files, writing one result line per input line.

The management command only parses arguments and turns InputError into CommandError; the work is
here so that it runs, and is tested, without a database.
"""

import json
import sys
import time
from pathlib import Path

from django.utils.translation import gettext as _
from tqdm import tqdm

from heard.triage.lib.io import InputError, read_records
from heard.triage.lib.pipeline import StageRecorder, triage

MASS_CAMPAIGN_SIZE = 10


def _progress_factory(quiet: bool, stream):
    show = not quiet and hasattr(stream, "isatty") and stream.isatty()

    def factory(name: str, total: int):
        return tqdm(total=total, desc=name, unit="addr", disable=not show, file=stream, leave=True)

    return factory


def _read_rules(path: str | Path) -> list[dict]:
    try:
        rules = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise InputError(_("%(path)s: cannot read rules (%(error)s)") % {
            "path": path, "error": error}) from None
    if not isinstance(rules, list) or not all(
        isinstance(rule, dict) and rule.get("department") for rule in rules
    ):
        raise InputError(_('%(path)s: rules must be a JSON list of objects with "department"') % {
            "path": path})
    return rules


def _write_lines(path: Path, rows) -> None:
    with path.open("w", encoding="utf-8") as stream:
        for row in rows:
            stream.write(json.dumps(row, ensure_ascii=False))
            stream.write("\n")


def run(
    input_path: str | Path,
    *,
    out: str | Path,
    history_path: str | Path | None = None,
    rules_path: str | Path | None = None,
    threshold: float = 0.6,
    clusters: int | None = None,
    encoder: bool | None = None,
    quiet: bool = False,
    stream=None,
) -> dict:
    """Triage INPUT into DIR and return the summary that is also written to DIR/summary.json."""
    stream = stream if stream is not None else sys.stderr
    started = time.perf_counter()
    recorder = StageRecorder()
    with recorder.stage("read"):
        records = read_records(input_path)
        history = read_records(history_path) if history_path else []
        rules = _read_rules(rules_path) if rules_path else []
    if history_path and not any(record.department for record in history):
        raise InputError(_('%(path)s: no line has a "department" to learn routing from') % {
            "path": history_path})
    result = triage(
        records, history=history, rules=rules, threshold=threshold, clusters=clusters,
        encoder=encoder, progress=_progress_factory(quiet, stream), recorder=recorder,
    )
    directory = Path(out)
    directory.mkdir(parents=True, exist_ok=True)
    groups, labels = result.groups, result.cluster_labels
    group_sizes = groups.sizes()
    with recorder.stage("write"):
        _write_lines(directory / "duplicates.jsonl", (
            {"id": record.id, "group": int(group), "primary": bool(primary), "extra": extra}
            for record, group, primary, extra in zip(
                records, groups.group, groups.primary, result.extra, strict=True
            )
        ))
        _write_lines(directory / "clusters.jsonl", (
            {"id": record.id, "cluster": int(label)}
            for record, label in zip(records, labels, strict=True)
        ))
        _write_lines(directory / "routing.jsonl", (
            {"id": record.id,
             "departments": [{"name": s.name, "score": s.score} for s in suggestions]}
            for record, suggestions in zip(records, result.suggestions, strict=True)
        ))
        clusters_out = [
            {"cluster": c.number, "size": c.size, "terms": c.terms,
             "representative_ids": [records[i].id for i in c.representatives]}
            for c in sorted(result.clustering.clusters, key=lambda c: (-c.size, c.number))
        ]
        (directory / "clusters.json").write_text(
            json.dumps(clusters_out, ensure_ascii=False, indent=1), encoding="utf-8"
        )
    summary = {
        "addresses": len(records),
        "duplicate_groups": int(len(group_sizes)),
        "addresses_in_duplicate_groups": int(group_sizes[group_sizes > 1].sum()),
        "mass_campaigns": int((group_sizes >= MASS_CAMPAIGN_SIZE).sum()),
        "mass_campaign_size": MASS_CAMPAIGN_SIZE,
        "largest_group": int(group_sizes.max()) if len(group_sizes) else 0,
        "clusters": len(result.clustering.clusters),
        "routed": sum(1 for suggestions in result.suggestions if suggestions),
        "history_addresses": sum(1 for record in history if record.department),
        "threshold": threshold,
        "stages": recorder.stages,
        "seconds": round(time.perf_counter() - started, 3),
        "peak_memory_mb": max(stage["peak_memory_mb"] for stage in recorder.stages.values()),
    }
    (directory / "summary.json").write_text(json.dumps(summary, indent=1), encoding="utf-8")
    return summary
