"""``tutor simulate``: simulated learners of several kinds through the real engine.

Tidy learners, learners with holes and variable slips, memorisers and guessers (see
:mod:`tutor.learner.sim_learners`); for each, placement error, holes, answers to the
goal, the time-to-goal estimate against the simulated time, and mastery by luck.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from tutor.cli.common import add_content_option


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--learners", type=int, default=200, metavar="N", help="simulated learners (default 200)"
    )
    parser.add_argument("--seed", type=int, default=0, metavar="S", help="random seed (default 0)")
    parser.add_argument(
        "--goal",
        metavar="ID",
        default=None,
        help="goal topic (default: the course's capstone, as the app offers)",
    )
    parser.add_argument(
        "--probe",
        type=int,
        default=60,
        metavar="K",
        help="also run learners who know the first K chain topics (default 60)",
    )
    add_content_option(parser)
    parser.add_argument(
        "--models",
        default="prefix,slip,holes,memoriser,guesser",
        metavar="LIST",
        help="learner models, comma-separated (default: all five)",
    )
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a learner-model setting to try (repeatable), e.g. --set mastery_guess_odds=100",
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")


def run(args: argparse.Namespace) -> int:
    from tutor.cli.common import load_course_or_fail
    from tutor.errors import UserError
    from tutor.learner.config import from_settings
    from tutor.learner.sim_learners import MODELS, evaluate
    from tutor.learner.simulation import default_goal

    if args.learners < 1:
        raise UserError("--learners must be at least 1")
    models = tuple(m.strip() for m in args.models.split(",") if m.strip())
    unknown = [m for m in models if m not in MODELS]
    if unknown or not models:
        raise UserError(f"--models takes some of {', '.join(MODELS)}, not '{args.models}'")
    try:
        config = from_settings(args.set)
    except ValueError as e:
        raise UserError(str(e)) from None
    course = load_course_or_fail(args.content)
    goal = args.goal or default_goal(course)
    if goal not in course.topics:
        from tutor.errors import did_you_mean

        raise UserError(f"unknown goal topic '{goal}'{did_you_mean(goal, course.topics)}")
    start = time.perf_counter()
    report = evaluate(
        course,
        goal,
        models=models,
        learners=args.learners,
        seed=args.seed,
        probe_prefix=args.probe,
        config=config,
    )
    seconds = time.perf_counter() - start
    rows = report.targets()
    if args.json:
        data = report.as_dict()
        data["targets"] = [
            {"target": n, "want": w, "measured": v, "met": ok} for n, w, v, ok in rows
        ]
        data["seconds"] = round(seconds, 2)
        print(json.dumps(data, indent=2))
        return 0
    _print(report, rows, args, seconds)
    return 0


def _pct(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.1f}%"


def _num(x: float | None, fmt: str = ".1f") -> str:
    return "-" if x is None else format(x, fmt)


def _print(report: Any, rows: list[Any], args: argparse.Namespace, seconds: float) -> None:
    out = sys.stdout
    out.write(
        f"goal {report.goal}: longest path {report.path_length} topics; "
        f"{args.learners} learners per model, seed {report.seed}\n"
    )
    out.write(
        "model      placed±3  |error|  holes credited  holes caught  answers to goal  "
        "time predicted/actual  mastered by luck\n"
    )
    for m in report.models:
        luck = "-" if m.mastered_runs is None else f"{m.mastered_runs}/{m.runs}"
        out.write(
            f"{m.model:10} {_pct(m.placement_within_window):>8}  "
            f"{_num(m.placement_mean_abs_error, '.2f'):>7}  {_pct(m.holes_credited):>14}  "
            f"{_pct(m.holes_caught):>12}  {_num(m.answers_to_goal_mean):>15}  "
            f"{_num(m.time_ratio_median, '.2f'):>21}  {luck:>16}\n"
        )
    out.write(
        f"knowing {report.probe_prefix} topics: adaptive {report.probe_adaptive_mean:.1f} answers, "
        f"linear {report.probe_linear_mean:.1f} ({report.probe_ratio:.1f}x fewer)\n"
    )
    out.write("targets\n")
    for name, want, value, ok in rows:
        shown = "n/a" if value is None else f"{value:.1f}"
        out.write(f"  {name:44} {want:>6} {shown:>7}  {'met' if ok else 'NOT met'}\n")
    met = all(ok for *_r, ok in rows)
    out.write(f"targets {'met' if met else 'NOT met'} ({seconds:.1f} s)\n")
