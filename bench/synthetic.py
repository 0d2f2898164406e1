"""A seeded synthetic course for benchmarks: big, deep and shaped like a real one.

Real prerequisite graphs are mostly long chains (each topic builds on the one
before it) with cross-links to recent topics and the odd link far back, plus a
few fresh starting points. The generator reproduces that shape so benchmarks see
realistic depths (hundreds to thousands of edges) and ancestor sets, not a
shallow random graph that flatters any algorithm.

Used by the graph, loader and engine benchmarks:

    from bench.synthetic import generate_prerequisites, generate_course, write_course_yaml

Run it to write a course folder: ``.venv/bin/python bench/synthetic.py OUT_DIR
[--topics 10000] [--items 50000] [--seed 0]``.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tutor.content.course import Course
from tutor.content.schema import LEVELS, Topic

ROOT_SHARE = 0.01
"""Share of topics (after the first) with no prerequisites: new starting points."""
CHAIN_SHARE = 0.6
"""Share of topics whose first prerequisite is the topic just before: the long chains."""
RECENT_WINDOW = 50
"""Other prerequisites mostly come from this many topics back (local structure)."""
FAR_SHARE = 0.15
"""Share of extra prerequisites drawn from anywhere earlier (long-range links)."""
PREREQ_COUNT_WEIGHTS = {1: 0.4, 2: 0.3, 3: 0.2, 4: 0.1}

_WORDS = [
    "gradient",
    "layer",
    "weight",
    "signal",
    "chain",
    "product",
    "derivative",
    "sigmoid",
    "slope",
    "unit",
    "input",
    "output",
    "network",
    "depth",
    "factor",
    "sum",
    "rule",
    "limit",
    "vector",
    "matrix",
    "function",
    "error",
    "loss",
    "step",
    "rate",
    "scale",
    "variance",
    "mean",
    "norm",
    "bias",
    "train",
]


def topic_id(i: int) -> str:
    return f"topic-{i:05d}"


def generate_prerequisites(n: int = 10_000, seed: int = 0) -> dict[str, list[str]]:
    """Topic id -> prerequisite ids, every prerequisite earlier in the dict (so a DAG)."""
    rng = random.Random(seed)
    counts, weights = zip(*PREREQ_COUNT_WEIGHTS.items())
    result: dict[str, list[str]] = {}
    for i in range(n):
        tid = topic_id(i)
        if i == 0 or rng.random() < ROOT_SHARE:
            result[tid] = []
            continue
        k = min(rng.choices(counts, weights)[0], i)
        first = (
            i - 1 if rng.random() < CHAIN_SHARE else rng.randint(max(0, i - RECENT_WINDOW), i - 1)
        )
        chosen = [first]
        seen = {first}
        attempts = 0
        while len(chosen) < k and attempts < 20:
            attempts += 1
            if rng.random() < FAR_SHARE:
                p = rng.randint(0, i - 1)
            else:
                p = rng.randint(max(0, i - RECENT_WINDOW), i - 1)
            if p not in seen:
                seen.add(p)
                chosen.append(p)
        result[tid] = [topic_id(p) for p in chosen]
    return result


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(n)).capitalize()


def _item(rng: random.Random, item_id: str, kind: int) -> dict[str, Any]:
    base = {
        "id": item_id,
        "prompt": _sentence(rng, 12) + "?",
        "explanation": _sentence(rng, 20) + ".",
    }
    if kind == 0:
        right = rng.randrange(4)
        return {
            **base,
            "type": "multiple_choice",
            "choices": [
                {
                    "text": f"{_sentence(rng, 6)} ({c})",
                    "correct": c == right,
                    "feedback": _sentence(rng, 8) + ".",
                }
                for c in range(4)
            ],
        }
    if kind == 1:
        return {
            **base,
            "type": "true_false",
            "answer": rng.random() < 0.5,
            "wrong_feedback": _sentence(rng, 8) + ".",
        }
    return {
        **base,
        "type": "short_answer",
        "model_answer": _sentence(rng, 25) + ".",
        "accepted_answers": [_sentence(rng, 3)],
        "wrong_answers": [{"answer": _sentence(rng, 3), "feedback": _sentence(rng, 8) + "."}],
        "key_points": [_sentence(rng, 6) for _ in range(3)],
    }


def generate_topic_data(
    n_topics: int = 10_000, n_items: int = 50_000, seed: int = 0
) -> list[dict[str, Any]]:
    """Plain topic dicts (as a YAML file would hold them), in file order."""
    prerequisites = generate_prerequisites(n_topics, seed)
    rng = random.Random(seed + 1)
    per_topic = [n_items // n_topics] * n_topics
    for t in rng.sample(range(n_topics), n_items % n_topics):
        per_topic[t] += 1
    topics: list[dict[str, Any]] = []
    for i, (tid, pres) in enumerate(prerequisites.items()):
        topics.append(
            {
                "id": tid,
                "title": f"Synthetic Topic {i}",
                "level": LEVELS[min(len(LEVELS) - 1, i * len(LEVELS) // n_topics)],
                "tags": [f"tag-{i % 20}"],
                "prerequisites": pres,
                "core_idea": _sentence(rng, 15) + ".",
                "explainer": _sentence(rng, 40) + ".",
                # kinds: half multiple choice, a quarter each true/false and short answer
                "items": [
                    _item(rng, f"{tid}-q{k}", (0, 0, 1, 2)[rng.randrange(4)])
                    for k in range(per_topic[i])
                ],
            }
        )
    return topics


def generate_course(n_topics: int = 10_000, n_items: int = 50_000, seed: int = 0) -> Course:
    """A validated in-memory Course (every topic through the strict schema)."""
    topics = [Topic.model_validate(data) for data in generate_topic_data(n_topics, n_items, seed)]
    return Course(topics={t.id: t for t in topics})


def write_course_yaml(
    folder: Path, n_topics: int = 10_000, n_items: int = 50_000, seed: int = 0
) -> list[Path]:
    """One YAML file per topic in ``folder`` (created if needed); returns the paths."""
    import yaml

    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for data in generate_topic_data(n_topics, n_items, seed):
        path = folder / f"{data['id']}.yaml"
        path.write_text(
            yaml.dump(data, Dumper=dumper, sort_keys=False, allow_unicode=True), encoding="utf-8"
        )
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder to write the topic files into")
    parser.add_argument("--topics", type=int, default=10_000)
    parser.add_argument("--items", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    paths = write_course_yaml(args.out, args.topics, args.items, args.seed)
    print(f"wrote {len(paths)} topic files to {args.out}")


if __name__ == "__main__":
    main()
