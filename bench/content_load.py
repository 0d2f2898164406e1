"""Load + validate 10,000 items against a bare ``yaml.load`` with the C loader.

Target (README, Benchmarks): at most 2x the bare parse of the same files, measured in the
same run (machines here are noisy; only the ratio means anything).
Run: .venv/bin/python bench/content_load.py [--topics 1000] [--items-per-topic 10]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tutor.content.loader import check_course


def write_course(folder: Path, topics: int, per_topic: int) -> None:
    for t in range(topics):
        prereq = f"prerequisites: [topic-{t - 1}]\n" if t else ""
        items = []
        for k in range(per_topic):
            iid = f"topic-{t}-q{k}"
            if k % 3 == 0:
                items.append(
                    f"  - id: {iid}\n    type: multiple_choice\n    prompt: Question {k} of topic {t}?\n    choices:\n"
                    "      - text: First option\n        feedback: Why not this.\n"
                    "      - text: Second option\n        correct: true\n"
                    "      - text: Third option\n        feedback: Why not this either.\n"
                    f"    explanation: Because of reason {k}.\n"
                )
            elif k % 3 == 1:
                items.append(
                    f"  - id: {iid}\n    type: true_false\n    prompt: Statement {k}.\n    answer: {'true' if k % 2 else 'false'}\n    explanation: Reason {k}.\n"
                )
            else:
                items.append(
                    f"  - id: {iid}\n    type: short_answer\n    prompt: Explain {k}.\n    model_answer: The answer {k}.\n"
                    f'    accepted_answers: ["{k}"]\n    key_points: [one, two, three]\n    explanation: Reason {k}.\n'
                )
        (folder / f"topic-{t}.yaml").write_text(
            "# yaml-language-server: $schema=../topic.schema.json\n"
            f"id: topic-{t}\ntitle: Topic {t}\nlevel: graduate\ntags: [bench]\n{prereq}"
            f"core_idea: Idea {t}.\nexplainer: |\n  Some text about topic {t}.\nitems:\n"
            + "".join(items),
            encoding="utf-8",
        )


def bare(folder: Path) -> None:
    for path in sorted(folder.glob("*.yaml")):
        yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)


def ours(folder: Path) -> None:
    course, errors = check_course([folder])
    assert course is not None and not errors, errors[:3]


def timed(fn, folder: Path, repeats: int) -> float:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn(folder)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--topics", type=int, default=1000)
    parser.add_argument("--items-per-topic", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_course(folder, args.topics, args.items_per_topic)
        bare(folder), ours(folder)  # warm caches and imports
        base, mine = [], []
        for _ in range(args.repeats):  # interleave so drift hits both alike
            base.append(timed(bare, folder, 1))
            mine.append(timed(ours, folder, 1))
        b, m = statistics.median(base), statistics.median(mine)
    n = args.topics * args.items_per_topic
    print(f"content load: {args.topics} topics, {n} items")
    print(f"  bare yaml.load (CSafeLoader): {b * 1000:8.1f} ms")
    print(f"  tutor load + validate:        {m * 1000:8.1f} ms")
    print(f"  ratio: {m / b:.2f}x (target <= 2.00x) {'OK' if m / b <= 2 else 'MISSED'}")
    return 0 if m / b <= 2 else 1


if __name__ == "__main__":
    raise SystemExit(main())
