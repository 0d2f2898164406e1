"""The knowledge model's targets against what the engine does.

Runs every simulated learner model of :mod:`tutor.learner.sim_learners` on the bundled
course's capstone (or ``--content``/``--goal``) and prints each target next to the
measured value. ``--learners`` trades time for precision (200 is the issue's count).

    python bench/knowledge.py --learners 200
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tutor.cli.common import load_course_or_fail
from tutor.learner.config import from_settings
from tutor.learner.sim_learners import MODELS, evaluate
from tutor.learner.simulation import default_goal


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=200)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--content", default=None)
    parser.add_argument("--goal", default=None)
    parser.add_argument("--models", default=",".join(MODELS))
    parser.add_argument(
        "--probe-learners",
        type=int,
        default=60,
        help="learners who know the first 60 chain topics (the items-saved ratio; 20 varies by 0.3x)",
    )
    parser.add_argument(
        "--never-answers",
        type=int,
        default=40,
        help="answers each memoriser and guesser gets (the issue's 40; more is a harder test)",
    )
    parser.add_argument(
        "--set", action="append", default=[], metavar="NAME=VALUE", help="a LearnerConfig setting"
    )
    args = parser.parse_args()
    course = load_course_or_fail(Path(args.content) if args.content else None)
    goal = args.goal or default_goal(course)
    start = time.perf_counter()
    report = evaluate(
        course,
        goal,
        models=tuple(args.models.split(",")),
        learners=args.learners,
        seed=args.seed,
        config=from_settings(args.set),
        never_answers=args.never_answers,
        probe_learners=args.probe_learners,
    )
    print(
        f"goal {goal}, path {report.path_length}, {args.learners} learners per model, seed {args.seed}"
    )
    for m in report.models:
        print(f"  {m}")
    print(f"{'target':45} {'want':>8} {'measured':>9}")
    for name, want, value, ok in report.targets():
        shown = "n/a" if value is None else f"{value:.1f}"
        print(f"{name:45} {want:>8} {shown:>9}  {'ok' if ok else 'MISSED'}")
    print(f"({time.perf_counter() - start:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
