"""Short-answer grading against human verdicts: the confusion table and the four targets.

The answers live in ``tests/data/grading_answers_*.yaml``, each with the verdict a
careful human grader gives (correct, partial, wrong). The grader's suggestion is one of
Again, Hard, Good, Easy, or "unsure" (no rating preselected: the learner compares with
the model answer and rates). Targets, on this set and on held-out answers:

- wrong answers given credit (a suggestion of Hard or better): at most 5%;
- correct answers failed (a suggestion of Again): at most 8%;
- partial answers suggested Hard: at least 60%;
- grading one answer: under 5 ms median, warm (printed with its ratio to a baseline,
  normalising the same answers' text, measured in the same run).

Unsure suggestions give no credit and fail nobody; their share is printed so that a
grader cannot meet the targets by being unsure of everything.
Run: .venv/bin/python bench/grading.py [--verbose] [--files GLOB]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tutor.content.loader import load_course
from tutor.content.schema import ShortAnswer
from tutor.learner.grading import grade

VERDICTS = ("correct", "partial", "wrong")
COLUMNS = ("Again", "Hard", "Good", "Easy", "unsure")


def load_answers(pattern: str) -> list[tuple[str, str, str, str]]:
    """(item id, verdict, kind, answer) for every answer in the data files."""
    rows: list[tuple[str, str, str, str]] = []
    for path in sorted((ROOT / "tests" / "data").glob(pattern)):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for item_id, answers in data.items():
            for verdict, kind, answer in answers:
                if verdict not in VERDICTS:
                    raise SystemExit(f"{path.name}: {item_id}: unknown verdict {verdict!r}")
                rows.append((item_id, verdict, kind, answer))
    return rows


def suggestion(item: ShortAnswer, answer: str, synonyms: list[list[str]]) -> str:
    g = grade(item, answer, synonyms)
    if getattr(g, "unsure", False):
        return "unsure"
    return g.suggested_rating.name.capitalize()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list every disagreement")
    parser.add_argument("--files", default="grading_answers_*.yaml")
    args = parser.parse_args()

    course = load_course([ROOT / "content"])
    items = {i.id: i for t in course.topics.values() for i in t.items}
    rows = load_answers(args.files)
    table: Counter[tuple[str, str]] = Counter()
    for item_id, verdict, kind, answer in rows:
        item = items.get(item_id)
        if not isinstance(item, ShortAnswer):
            raise SystemExit(f"unknown short-answer item {item_id!r}")
        got = suggestion(item, answer, course.topic_of(item_id).synonyms)
        table[verdict, got] += 1
        bad = (
            (verdict == "wrong" and got in ("Hard", "Good", "Easy"))
            or (verdict == "correct" and got == "Again")
            or (verdict == "partial" and got != "Hard")
        )
        if args.verbose and bad:
            print(f"  {verdict:7} {kind:12} -> {got:6} {item_id}: {answer[:90]}")

    print(f"{len(rows)} answers to {len({r[0] for r in rows})} items\n")
    print(f"{'human / grader':16}" + "".join(f"{c:>8}" for c in COLUMNS) + f"{'total':>8}")
    for v in VERDICTS:
        total = sum(table[v, c] for c in COLUMNS)
        print(f"{v:16}" + "".join(f"{table[v, c]:>8}" for c in COLUMNS) + f"{total:>8}")

    def share(v: str, cols: tuple[str, ...]) -> tuple[int, int]:
        return sum(table[v, c] for c in cols), sum(table[v, c] for c in COLUMNS)

    print()
    for label, (n, d), target, ok in (
        ("wrong answers given credit", share("wrong", ("Hard", "Good", "Easy")), "<= 5%", 0.05),
        ("correct answers failed", share("correct", ("Again",)), "<= 8%", 0.08),
        ("partial answers rated Hard", share("partial", ("Hard",)), ">= 60%", 0.60),
    ):
        pct = n / d if d else 0.0
        met = pct >= ok if target.startswith(">") else pct <= ok
        print(f"{label:30} {n:>3}/{d:<3} {pct:6.1%}  target {target:7} {'ok' if met else 'MISSED'}")
    unsure = sum(table[v, "unsure"] for v in VERDICTS)
    print(f"{'unsure (no suggestion)':30} {unsure:>3}/{len(rows):<3} {unsure / len(rows):6.1%}")
    timing(rows, items)


def timing(rows: list[tuple[str, str, str, str]], items: dict[str, object]) -> None:
    from tutor.grading import text_norm

    pairs = [(items[r[0]], r[3]) for r in rows]
    for item, answer in pairs:  # warm: caches, lazy imports
        grade(item, answer)  # type: ignore[arg-type]
    times: list[float] = []
    base: list[float] = []
    for _ in range(3):
        for item, answer in pairs:
            t0 = time.perf_counter()
            grade(item, answer)  # type: ignore[arg-type]
            times.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            text_norm.tokens(answer)
            base.append(time.perf_counter() - t0)
    med = statistics.median(times) * 1000
    line = f"{'grading one answer, median':30} {med:.3f} ms  target < 5 ms {'ok' if med < 5 else 'MISSED'}"
    line += f"  ({med / (statistics.median(base) * 1000):.0f}x tokenising the answer)"
    print(line)
    print(f"{'slowest answer':30} {max(times) * 1000:.3f} ms")


if __name__ == "__main__":
    main()
