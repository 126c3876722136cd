"""A second, independent campaign generator: real appeals as templates and as stories.

    from benchmarks.appeal_campaigns import appeal_campaigns

Different code and vocabulary from `heard/triage/lib/campaign_copies.py`, so that a grouping
rule tuned on one generator is checked on another. Russian only (the real appeals are the St
Petersburg portal's, ../shared/data/spb-appeals-dev.jsonl.gz): a campaign's templates are long
real appeals (a real person's text, as an organiser's would be); a copy is a template with typos,
cut to a part or with a sentence dropped, plus a story made of other real appeals, a greeting
and a signature; the addresses of their own are the remaining real appeals, as they were sent.
Truth is the template. Real appeals that were themselves near-duplicates stay as they are, so
the precision measured here is, if anything, pessimistic.
"""

import gzip
import json
import random
import re
from dataclasses import dataclass
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent
# ../shared beside the checkout; a worktree under /work/wt finds it two levels up.
DATA = next(
    (p for p in (_ROOT.parent / "shared", _ROOT.parent.parent / "shared") if p.exists()),
    _ROOT.parent / "shared",
) / "data" / "spb-appeals-dev.jsonl.gz"
_MASKED = re.compile(r"\b[XХ]{2,}\b")
_SENTENCES = re.compile(r"(?<=[.!?])\s+")
_OPENINGS = ["Добрый вечер!", "Прошу помощи.", "Здравствуйте, уважаемые!", "Обращаюсь повторно.",
             "Уважаемый Президент!", "Помогите разобраться."]
_CLOSINGS = ["Жду ответа.", "Благодарю.", "С уважением, житель района.", "Прошу принять меры!",
             "Спасибо за внимание.", "Подпись: Сидорова Н. В."]


@dataclass(frozen=True)
class Sample:
    text: str
    template: int  # -1 for a real appeal as it was sent
    language: str = "ru"


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", _MASKED.sub("", text)).strip()


def _load(path: Path) -> list[str]:
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        texts = [_clean(json.loads(line)["text"]) for line in stream]
    # One text per appeal; exact repeats (a resend) would make the truth wrong.
    return list(dict.fromkeys(t for t in texts if t))


def _mistype(rng: random.Random, text: str, count: int) -> str:
    chars = list(text)
    for _ in range(count):
        k = rng.randrange(len(chars))
        if chars[k].isalpha():
            chars[k] = rng.choice(["", chars[k] * 2, "о" if chars[k] == "а" else "а"])
    return "".join(chars)


def appeal_campaigns(
    *, campaign_sizes: list[int], others: int, seed: int = 0, story_share: float = 0.6,
    templates_per_campaign: tuple[int, int] = (1, 3), path: Path = DATA,
) -> list[Sample]:
    rng = random.Random(seed)
    texts = _load(path)
    rng.shuffle(texts)
    long_texts = [t for t in texts if 350 <= len(t) <= 2500]
    chosen = set(long_texts)
    rest = [t for t in texts if t not in chosen]
    # Stories are made of appeals that are not among the addresses of their own.
    own, pool = rest[:others], rest[others:]
    out: list[Sample] = []
    number = 0
    for copies in campaign_sizes:
        variants = [long_texts.pop() for _ in range(rng.randint(*templates_per_campaign))]
        for _ in range(copies):
            which = rng.randrange(len(variants))
            sentences = _SENTENCES.split(variants[which])
            if len(sentences) > 3 and rng.random() < 0.15:
                keep = max(2, int(len(sentences) * rng.uniform(0.6, 0.85)))
                begin = rng.randint(0, len(sentences) - keep)
                sentences = sentences[begin : begin + keep]
            elif len(sentences) > 3 and rng.random() < 0.25:
                sentences.pop(rng.randrange(len(sentences)))
            body = _mistype(rng, " ".join(sentences), rng.randint(0, 6))
            if rng.random() < story_share:
                limit = rng.randint(30, len(body))
                told = []
                while sum(map(len, told)) < limit:
                    told.append(rng.choice(pool))
                body = (" ".join(told) + " " + body) if rng.random() < 0.5 else (
                    body + " " + " ".join(told))
            if rng.random() < 0.3:
                body = rng.choice(_OPENINGS) + " " + body
            if rng.random() < 0.3:
                body += " " + rng.choice(_CLOSINGS)
            if rng.random() < 0.15:
                body = body.lower()
            out.append(Sample(body, number + which))
        number += len(variants)
    out += [Sample(text, -1) for text in own]
    rng.shuffle(out)
    return out
