"""``tutor simulate``: synthetic learners through the real engine, adaptive against linear."""

from __future__ import annotations

import argparse
import json
import sys
import time

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
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")


def run(args: argparse.Namespace) -> int:
    from tutor.cli.common import load_course_or_fail
    from tutor.errors import UserError
    from tutor.learner.simulation import WINDOW, default_goal, simulate

    if args.learners < 1:
        raise UserError("--learners must be at least 1")
    course = load_course_or_fail(args.content)
    goal = args.goal or default_goal(course)
    if goal not in course.topics:
        from tutor.errors import did_you_mean

        raise UserError(f"unknown goal topic '{goal}'{did_you_mean(goal, course.topics)}")
    start = time.perf_counter()
    report = simulate(course, goal, learners=args.learners, seed=args.seed, probe_prefix=args.probe)
    seconds = time.perf_counter() - start
    if args.json:
        data = report.as_dict()
        data["meets_targets"] = report.meets_targets
        data["seconds"] = round(seconds, 2)
        print(json.dumps(data, indent=2))
        return 0
    r = report
    out = sys.stdout
    out.write(
        f"goal {r.goal}: longest path {r.path_length} topics; {r.learners} learners, seed {r.seed}\n"
    )
    out.write("placement\n")
    out.write(
        f"  within ±{WINDOW} topics   {100 * r.placement_within_window:.1f}% of learners (target ≥ 90%)\n"
    )
    out.write(
        f"  mean |error|        {r.placement_mean_abs_error:.2f} topics (90th percentile {r.placement_error_p90:g})\n"
    )
    out.write(
        f"  questions           mean {r.placement_questions_mean:.1f}, max {r.placement_questions_max} (target ≤ 10)\n"
    )
    out.write("items until the goal is mastered (placement questions included)\n")
    out.write(
        f"  all learners        adaptive {r.items_adaptive_mean:.1f}, linear {r.items_linear_mean:.1f} ({r.items_ratio:.1f}x fewer)\n"
    )
    out.write(
        f"  knowing {r.prefix_probe} topics".ljust(20)
        + f"adaptive {r.probe_items_adaptive_mean:.1f}, "
        f"linear {r.probe_items_linear_mean:.1f} ({r.probe_ratio:.1f}x fewer; target ≥ 5x)\n"
    )
    if r.unfinished_runs:
        out.write(f"  {r.unfinished_runs} runs stopped before reaching the goal\n")
    out.write(f"targets {'met' if r.meets_targets else 'NOT met'} ({seconds:.1f} s)\n")
    return 0
