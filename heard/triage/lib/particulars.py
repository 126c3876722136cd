"""One text with another campaign's particulars is another campaign (decision 0581).

A franchised demand is one text circulated with different particulars: "cancel order No. 253 and
keep school No. 127" in one village, "order No. 599, school No. 60" in the next. Neither
shingles nor runs of words tell the two apart (a number changes a few letters), so the rounds
group them together; the numbers do. A number's slot is the word before it and its place in a
run of numbers ("приказу#0 253"); dates are left out (copies sent on different days carry their
day), and years ("since 2015": a sender's history, or a campaign's version). A particular is a
value that PARTICULAR_COPIES members of the group hold, and PARTICULAR_SHARE of them, and whose
holders seldom (PARTICULAR_MIXED) hold another particular in the slot: a franchise's values
exclude each other. A slot tells campaigns apart where SLOT_HELD
of the members have a number there (the demand, not one phrase of the stories), it holds two
particulars or more, they cover SLOT_COVER of those numbers and one covers SLOT_TOP: a
campaign's slot, not a sender's own ("I have lived here 12 years", "the bus runs 3 times a
week": such values are spread over their range, however small). A member's particulars in such
slots are its signature; signatures that PARTICULAR_COPIES members hold make parts (one joins a
part it shares a particular with and differs from in fewer than CONFLICT_SLOTS slots). A group
with two parts that differ in CONFLICT_SLOTS slots is split, each member going with the part it
shares most particulars with, members sharing none with the most held part, and each part is
looked at again. One slot is enough: a franchise often changes one number only (the school's);
the price is that residents of two houses who sign one form with their house's number stand as
two groups. A part split off then joins the group where the rounds left the rest of its
franchise's copies (`rejoining`), checked on the texts like merging fragments. Arrivals that
join a stored group are weighed by `split` with the group's earliest members
(heard.triage.arrivals, decision 0582).
"""

import re
from collections import Counter, defaultdict

import numpy as np

PARTICULARS = True
SPLIT_MIN_GROUP = 6
SPLIT_SAMPLE = 400
PARTICULAR_COPIES = 3
PARTICULAR_SHARE = 0.02
SLOT_COVER = 0.5
SLOT_TOP = 0.2
SLOT_HELD = 0.5
PARTICULAR_MIXED = 0.3
TYPO_RATIO = 20
DISTINCT_WORDS = 2
DISTINCT_SHARE = 0.1
CONFLICT_SLOTS = 1

# A word that is not a number, then a run of numbers (a date is "1 03 2026" once normalised).
_NUMBERED = re.compile(r"(?<!\S)([^\s\d]\S*) ((?:\d+ )*\d+)(?!\S)")


def numbers(text: str) -> set[tuple[str, str]]:
    """The text's numbers as (slot, value): the word before the run and the place in it. Dates
    are left out: copies sent on different days carry the day they were written."""
    out = set()
    for match in _NUMBERED.finditer(text):
        word = match.group(1)
        run = match.group(2).split(" ")
        if _date(run):
            continue
        for place, value in enumerate(run):
            if not _year(value):
                out.add((f"{word}#{place}", value))
    return out


def _year(value: str) -> bool:
    """A year ("since 2015", "born in 1985"): a sender's own history, or a campaign's version
    ("no lights since 2020" / "since 2023"), not a franchise's particular."""
    return len(value) == 4 and 1900 <= int(value) <= 2099


def _date(run: list[str]) -> bool:
    """A day and a month, and perhaps a year: "5 11", "05 11 2026", "5 11 26"."""
    if len(run) not in (2, 3) or len(run[0]) > 2 or len(run[1]) > 2:
        return False
    if not (1 <= int(run[0]) <= 31 and 1 <= int(run[1]) <= 12):
        return False
    return len(run) == 2 or len(run[2]) in (2, 4)


def split(texts: list[str], labels: np.ndarray, held: dict | None = None):
    """labels with every group that mixes signatures split by signature (see module doc), and
    the heads of the parts that splitting made. held keeps the numbers read per text, for
    `rejoining` to read each text once."""
    sizes = np.bincount(labels, minlength=len(labels))
    members = np.flatnonzero(sizes[labels] >= SPLIT_MIN_GROUP)
    heads: set[int] = set()
    if not len(members):
        return labels, np.zeros(0, dtype=np.int64)
    by_group: dict[int, list[int]] = defaultdict(list)
    for member in members[np.argsort(labels[members], kind="stable")].tolist():
        by_group[int(labels[member])].append(member)
    out = labels.copy()
    held = {} if held is None else held
    for root, group in by_group.items():
        # A part split off may mix signatures that were too few in the whole group to count:
        # each part is looked at again on its own.
        work = [(root, group)]
        while work:
            lead, members_ = work.pop()
            if len(members_) > SPLIT_SAMPLE:
                # A large group is read whole only if evenly spaced members show a split.
                step = len(members_) / SPLIT_SAMPLE
                sample = [members_[int(i * step)] for i in range(SPLIT_SAMPLE)]
                if _parts([_held(held, texts, member) for member in sample]) is None:
                    continue
            parts = _parts([_held(held, texts, member) for member in members_])
            if parts is not None:
                parts = _worded(*parts, [texts[member] for member in members_])
            if parts is None:
                continue
            # The part holding the lead keeps it; every other part is led by its first member.
            # (A late join may have taken the root itself into another group.)
            keeps = parts[members_.index(lead)] if lead in members_ else -1
            members_array = np.array(members_)
            for part in np.unique(parts):
                chosen = members_array[parts == part]
                head = lead if part == keeps else int(chosen[0])
                out[chosen] = head
                heads.add(head)
                if len(chosen) >= SPLIT_MIN_GROUP:
                    work.append((head, chosen.tolist()))
    return out, np.array(sorted(heads), dtype=np.int64)


def _held(held: dict, texts: list[str], member: int) -> set[tuple[str, str]]:
    """The text's numbers, read once."""
    if member not in held:
        held[member] = numbers(texts[member])
    return held[member]


def rejoining(texts: list[str], labels: np.ndarray, heads: np.ndarray, held: dict | None = None):
    """Per part that splitting made (its head), the group whose members most often hold the
    part's signature (the particulars half its members hold), if half that group's members
    do: the rounds may have left the same franchise's other copies in a group of their own.
    Returns (heads, targets) to be checked like merging fragments (on the texts)."""
    held = {} if held is None else held
    signature: dict[int, frozenset] = {}
    positions = np.flatnonzero(np.isin(labels, heads))
    by_head: dict[int, list[int]] = defaultdict(list)
    for position in positions.tolist():
        by_head[int(labels[position])].append(position)
    for head, members in by_head.items():
        counts = Counter(f for member in members for f in _held(held, texts, member))
        chosen = frozenset(f for f, count in counts.items()
                           if count >= 2 and count >= 0.5 * len(members))
        if len(chosen) >= CONFLICT_SLOTS + 1:
            signature[head] = chosen
    if not signature:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    wanted = frozenset().union(*signature.values())
    values = sorted({value for _, value in wanted}, key=len, reverse=True)
    some = re.compile(r"(?<!\S)(?:" + "|".join(values) + r")(?!\S)")
    sizes = np.bincount(labels, minlength=len(labels))
    order = np.argsort(labels, kind="stable")
    bounds = np.flatnonzero(np.r_[True, labels[order][1:] != labels[order][:-1], True])
    # A group whose copies mostly hold a signature is found by three of its members (first,
    # middle, last) holding it; only such groups are read whole.
    shown: dict[int, tuple[int, int, list[frozenset]]] = {}
    for begin, stop in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
        if stop - begin < 2:
            continue
        seen = [frozenset(_held(held, texts, position) & wanted)
                for position in {order[begin], order[(begin + stop) // 2], order[stop - 1]}
                if some.search(texts[position])]
        if seen:
            shown[int(labels[order[begin]])] = (begin, stop, seen)
    found_heads, found_targets = [], []
    for head, features in signature.items():
        best, most = -1, 0
        for group, (begin, stop, seen) in shown.items():
            # Into a larger group only, so that two parts never point at each other.
            if group == head or (sizes[group], -group) <= (sizes[head], -head):
                continue
            if not any(features <= held for held in seen):
                continue
            count = sum(features <= _held(held, texts, m) for m in order[begin:stop].tolist())
            if count >= 0.5 * sizes[group] and count > most:
                best, most = group, count
        if best >= 0:
            found_heads.append(head)
            found_targets.append(best)
    return np.array(found_heads, dtype=np.int64), np.array(found_targets, dtype=np.int64)


def _parts(held: list[set[tuple[str, str]]]):
    """Per member, its part, and each part's particulars by slot (None if the group is one
    signature)."""
    slot_holders = Counter(slot for numbers_ in held for slot in {s for s, _ in numbers_})
    counts = Counter(feature for numbers_ in held for feature in numbers_)
    particular = {
        feature for feature, count in counts.items()
        if count >= PARTICULAR_COPIES and count >= PARTICULAR_SHARE * len(held)
    }
    # A franchise's values exclude each other: a copy names school 127 or school 60. A value
    # whose holders mostly hold another one in its slot too is a sender's own beside the
    # campaign's ("уже 34 месяцев" in the form, "прошло уже 15 дней" in the story).
    mixed = Counter()
    for numbers_ in held:
        mine = [f for f in numbers_ if f in particular]
        in_slot = Counter(slot for slot, _ in mine)
        mixed.update(f for f in mine if in_slot[f[0]] > 1)
    particular = {f for f in particular if mixed[f] <= PARTICULAR_MIXED * counts[f]}
    # A value one keystroke from a value held TYPO_RATIO times as often is its typo ("2710" /
    # "2170"), carried by the few copies made from one mistyped copy.
    particular = {f for f in particular if not any(
        other[0] == f[0] and counts[other] >= TYPO_RATIO * counts[f] and _near(other[1], f[1])
        for other in particular)}
    per_slot = Counter(slot for slot, _ in particular)
    covered, top = Counter(), Counter()
    for feature in particular:
        covered[feature[0]] += counts[feature]
        top[feature[0]] = max(top[feature[0]], counts[feature])
    # A campaign's slot: its particulars are most of the numbers there and one of them a good
    # share; a sender's own numbers are spread over their range, a small range included.
    features = sorted(
        f for f in particular
        if per_slot[f[0]] >= 2 and covered[f[0]] >= SLOT_COVER * slot_holders[f[0]]
        and top[f[0]] >= SLOT_TOP * slot_holders[f[0]]
        and slot_holders[f[0]] >= SLOT_HELD * len(held)
    )
    if len(features) < 2 * CONFLICT_SLOTS:
        return None
    chosen = set(features)
    signatures = [frozenset(f for f in numbers_ if f in chosen) for numbers_ in held]
    # Signatures held by PARTICULAR_COPIES members, most held first, make parts: one joins a
    # part it shares a particular with and does not conflict with (a copy cut to one of the
    # demand's sentences, a bilingual copy), or starts a part of its own.
    seeds = [s for s, count in Counter(signatures).most_common()
             if s and count >= PARTICULAR_COPIES]
    parts: list[dict[str, set[str]]] = []
    for seed in seeds:
        slots = _slots(seed)
        for part in parts:
            if _shares(part, slots) and _conflicts(part, slots) < CONFLICT_SLOTS:
                for slot, values in slots.items():
                    part.setdefault(slot, set()).update(values)
                break
        else:
            parts.append(slots)
    if not any(_conflicts(a, b) >= CONFLICT_SLOTS
               for i, a in enumerate(parts) for b in parts[i + 1 :]):
        return None
    # Each member goes with the part it shares most particulars with (the earlier, more held,
    # on a tie); members sharing none go with the first part.
    out = np.zeros(len(held), dtype=np.int64)
    for position, signature in enumerate(signatures):
        slots = _slots(signature)
        shared = [sum(len(part.get(slot, set()) & values) for slot, values in slots.items())
                  for part in parts]
        out[position] = int(np.argmax(shared))
    return out, parts


def _worded(parts: np.ndarray, slots: list[dict[str, set[str]]], texts: list[str]):
    """parts with every part that differs from the largest part in one slot only and has fewer
    than DISTINCT_WORDS words of its own against it put back into it (None if nothing is left
    apart). A franchise changes several numbers (an order, a route, an hour) or names its own
    village, body or building besides its number; copies whose senders changed one number in
    the form ("уже 2 месяца" for "уже 5 месяцев") are the form's own words with another
    number."""
    sizes = np.bincount(parts)
    largest = int(np.argmax(sizes))
    words = [set(text.split()) for text in texts]
    mine = np.flatnonzero(parts == largest)
    out = parts.copy()
    for part in np.flatnonzero(sizes).tolist():
        if part == largest or _conflicts(slots[largest], slots[part]) >= 2:
            continue
        members = np.flatnonzero(parts == part)
        frequent = Counter(w for m in members.tolist() for w in words[m] if not w.isdigit())
        frequent = {w for w, n in frequent.items() if n >= 0.5 * len(members)}
        elsewhere = Counter(w for m in mine.tolist() for w in words[m] & frequent)
        own = sum(1 for w in frequent if elsewhere[w] <= DISTINCT_SHARE * len(mine))
        if own < DISTINCT_WORDS:
            out[members] = largest
    return out if len(np.unique(out)) > 1 else None


def _near(first: str, second: str) -> bool:
    """Whether two strings are one substitution, insertion, deletion or swap of neighbours
    apart."""
    if first == second or abs(len(first) - len(second)) > 1:
        return False
    if len(first) == len(second):
        apart = [i for i, (a, b) in enumerate(zip(first, second, strict=True)) if a != b]
        return len(apart) == 1 or (
            len(apart) == 2 and apart[1] == apart[0] + 1
            and first[apart[0]] == second[apart[1]] and first[apart[1]] == second[apart[0]]
        )
    short, long = sorted((first, second), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def _slots(signature) -> dict[str, set[str]]:
    slots: dict[str, set[str]] = defaultdict(set)
    for slot, value in signature:
        slots[slot].add(value)
    return slots


def _shares(part: dict[str, set[str]], slots: dict[str, set[str]]) -> bool:
    return any(part.get(slot, set()) & values for slot, values in slots.items())


def _conflicts(part: dict[str, set[str]], slots: dict[str, set[str]]) -> int:
    """In how many slots the two hold values and no value in common."""
    return sum(1 for slot, values in slots.items() if slot in part and not part[slot] & values)
