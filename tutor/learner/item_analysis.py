"""Classical item analysis from answer logs, for instructors.

Learners practise items repeatedly, so only each learner's FIRST answer to an
item counts: later attempts measure memory of the feedback, not the item.
Difficulty is the share of first answers that were correct; discrimination is
the corrected point-biserial correlation between an item's score and the
learner's score on every other item (the item itself is left out of the total,
or it would correlate with itself).

Choices are counted by their id, never by where they were shown: choices are
shuffled per learner and attempt. Older logs recorded the written position (an
int); it is read as the choice written at that position.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tutor.errors import UserError
from tutor.items.base import LETTERS

MIN_ANSWERS = 10
"""Below this many learners an item's statistics are noise; it is reported as not enough data."""
TOO_EASY = 0.9
TOO_HARD = 0.2


@dataclass(frozen=True)
class Answer:
    learner: str
    seq: int
    item_id: str
    correct: bool
    response: Any


@dataclass
class ItemStats:
    item_id: str
    topic_id: str | None
    answers: int
    difficulty: float | None
    discrimination: float | None
    choice_counts: dict[str, int] = field(default_factory=dict)
    """How many first answers picked each choice, by choice id (multiple choice and response)."""
    flags: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "item_id": self.item_id,
            "topic_id": self.topic_id,
            "answers": self.answers,
            "difficulty": self.difficulty,
            "discrimination": self.discrimination,
            "choice_counts": dict(self.choice_counts),
            "flags": self.flags,
        }


def _bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false", "1", "0"):
        return value.strip().lower() in ("true", "1")
    if isinstance(value, int):
        return bool(value)
    return None


def _response(value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip()
        if text.lstrip("-").isdigit():
            return int(text)
        try:
            return json.loads(text)
        except (json.JSONDecodeError, ValueError):
            return value
    return value


def answers_from_records(
    records: Iterable[Mapping[str, Any]], default_learner: str, *, text_cells: bool = False
) -> list[Answer]:
    """Answers from export records; ``text_cells`` for CSV, whose cells are all text
    (a response "1" is an old log's choice position, '["x", "y"]' a list of ids)."""
    out: list[Answer] = []
    for n, rec in enumerate(records):
        if rec.get("kind") != "answer" or not rec.get("item_id"):
            continue
        correct = _bool(rec.get("correct"))
        if correct is None:
            continue
        seq_raw = rec.get("seq", n)
        try:
            seq = int(seq_raw)
        except (TypeError, ValueError):
            seq = n
        out.append(
            Answer(
                str(rec.get("learner") or default_learner),
                seq,
                str(rec["item_id"]),
                correct,
                _response(rec.get("response")) if text_cells else rec.get("response"),
            )
        )
    return out


def read_log(path: Path) -> list[Answer]:
    """A ``tutor progress export`` file: JSON Lines or CSV, told apart by content."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise UserError(f"log file not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"cannot read log {path}: {exc}") from None
    stripped = text.lstrip()
    records: list[Mapping[str, Any]] = []
    is_jsonl = stripped.startswith("{")
    if is_jsonl:
        for n, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                raise UserError(f"{path}:{n}: not a JSON line ({exc.msg})") from None
            if isinstance(value, dict):
                records.append(value)
    elif stripped:
        reader = csv.DictReader(io.StringIO(text))
        if not reader.fieldnames or "kind" not in reader.fieldnames:
            raise UserError(
                f"{path}: not a tutor progress export (JSON Lines or CSV with a 'kind' column)"
            )
        records = list(reader)
    return answers_from_records(records, default_learner=path.stem, text_cells=not is_jsonl)


def _pearson(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    n = len(xs)
    if n < 3:
        return None
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    if sxx == 0 or syy == 0:
        return None
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / math.sqrt(sxx * syy)


def _picks(response: Any, ids: Sequence[str] | None) -> list[str]:
    """The choice ids a response picked: an id, a list of ids, or an old log's position."""
    values = response if isinstance(response, list) else [response]
    out: list[str] = []
    for v in values:
        if isinstance(v, bool):
            continue
        if isinstance(v, int):
            if ids is None:
                out.append(LETTERS[v] if 0 <= v < len(LETTERS) else str(v))
            elif 0 <= v < len(ids):
                out.append(ids[v])
        elif isinstance(v, str) and (ids is None or v in ids):
            out.append(v)
    return out


def _choice_counts(rows: Sequence[Answer], ids: Sequence[str] | None) -> dict[str, int]:
    counts = Counter(p for a in rows for p in _picks(a.response, ids))
    order = list(ids) if ids is not None else sorted(counts)
    return {i: counts[i] for i in order if counts[i]}


def analyse(
    answers: Iterable[Answer],
    topic_of: Mapping[str, str] | None = None,
    min_answers: int = MIN_ANSWERS,
    choice_items: Mapping[str, Sequence[str]] | Collection[str] | None = None,
) -> list[ItemStats]:
    """Per-item statistics from first attempts.

    ``choice_items`` maps the items with choices to their choice ids in written
    order: a log holds responses as text, so a short answer typed as "1" must not
    count as a pick, and an old log's position must name the right choice. A plain
    collection of item ids counts positions by their default letters. Without it
    (no course at hand) every integer or id-like response counts as a choice.
    """
    first: dict[tuple[str, str], Answer] = {}
    for ans in sorted(answers, key=lambda a: (a.learner, a.seq)):
        first.setdefault((ans.learner, ans.item_id), ans)
    by_learner: dict[str, dict[str, Answer]] = defaultdict(dict)
    for (learner, item_id), ans in first.items():
        by_learner[learner][item_id] = ans
    totals = {
        learner: (sum(a.correct for a in items.values()), len(items))
        for learner, items in by_learner.items()
    }
    by_item: dict[str, list[Answer]] = defaultdict(list)
    for ans in first.values():
        by_item[ans.item_id].append(ans)
    stats: list[ItemStats] = []
    topic_of = topic_of or {}
    for item_id in sorted(by_item, key=lambda i: (topic_of.get(i, "~"), i)):
        rows = by_item[item_id]
        n = len(rows)
        is_choice = choice_items is None or item_id in choice_items
        ids = choice_items.get(item_id) if isinstance(choice_items, Mapping) else None
        choices = _choice_counts(rows, ids) if is_choice else {}
        s = ItemStats(item_id, topic_of.get(item_id), n, None, None, choices)
        if item_id not in topic_of and topic_of:
            s.flags.append("not in course")
        if n < min_answers:
            s.flags.append("not enough data")
        else:
            _score(s, rows, totals)
        stats.append(s)
    return stats


def _score(s: ItemStats, rows: Sequence[Answer], totals: Mapping[str, tuple[int, int]]) -> None:
    """Difficulty, corrected point-biserial discrimination and their flags, in place."""
    s.difficulty = sum(a.correct for a in rows) / len(rows)
    scores, rest = [], []
    for a in rows:
        right, seen = totals[a.learner]
        others = seen - 1
        if others <= 0:
            continue
        scores.append(float(a.correct))
        rest.append((right - a.correct) / others)
    s.discrimination = _pearson(scores, rest)
    if s.difficulty > TOO_EASY:
        s.flags.append("too easy")
    if s.difficulty < TOO_HARD:
        s.flags.append("too hard")
    if s.discrimination is not None and s.discrimination < 0:
        s.flags.append("negative discrimination")
