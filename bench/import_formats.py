"""Imports stay linear on inputs built to make them quadratic.

Two hostile inputs against a same-size ordinary baseline, measured in the same run
(only the ratio means anything on a shared machine):

- GIFT: 20,000 questions all named the same (ids ``x``, ``x-2``, ``x-3``...) against
  20,000 questions with distinct names. Target: ratio about 1, and well under a second.
- plain text: one 100 KB ``Answer:`` line built to make a backtracking regex crawl
  against a 100 KB ordinary explanation. Target: ratio within a small constant.

Times are CPU seconds of this process (``time.process_time``), steadier than wall
time on a machine shared with other jobs.

Run: .venv/bin/python bench/import_formats.py [--questions 20000]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tutor.content.formats.gift import parse_gift
from tutor.content.formats.plaintext import parse_plaintext


def best_of(fn: Callable[[], object], runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--questions", type=int, default=20_000)
    n = parser.parse_args().questions
    same = "\n\n".join("::Same name::Is it true? {T}" for _ in range(n))
    distinct = "\n\n".join(f"::Name {i}::Is it true? {{T}}" for i in range(n))
    t_same = best_of(lambda: parse_gift(same, "t"))
    t_distinct = best_of(lambda: parse_gift(distinct, "t"))
    print(f"GIFT, {n} questions, one name:       {t_same:.3f} s")
    print(f"GIFT, {n} questions, distinct names: {t_distinct:.3f} s")
    print(f"ratio: {t_same / t_distinct:.2f} (target about 1)")

    head = "Question 1 Multiple Choice\nWhy?\nAone\nBtwo\n"
    hostile = head + "Answer: a" + " " * 50_000 + "b" + " x" * 25_000 + "\n"
    ordinary = head + "Answer: A\n" + "An explanation. " * 6_250 + "\n"
    t_hostile = best_of(lambda: parse_plaintext(hostile, "t"))
    t_ordinary = best_of(lambda: parse_plaintext(ordinary, "t"))
    print(f"plain text, 100 KB Answer: line: {t_hostile:.4f} s")
    print(f"plain text, 100 KB explanation:  {t_ordinary:.4f} s")
    print(f"ratio: {t_hostile / t_ordinary:.2f} (target: a small constant)")


if __name__ == "__main__":
    main()
