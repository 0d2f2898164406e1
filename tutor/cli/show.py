"""``tutor show``: run a "show me" experiment and print its table, chart and summary.

Syntax::

    tutor show --list
    tutor show EXPERIMENT [--PARAM VALUE ...] [--json] [--code]
    tutor show gradient_flow --depth 20 --activation sigmoid relu --init kaiming
    tutor show gradient_flow --config activation=tanh --config activation=tanh,batch_norm=on
    tutor show "sigmoid vs relu at 30 layers with he init"

Every parameter of the experiment is a flag (``--z-min`` or ``--z_min``); list
parameters take several values (``--activations sigmoid relu``). For the
network experiments, ``--activation``, ``--init``, ``--batch-norm`` and
``--residual`` describe the compared configurations: each takes one value (used
for every configuration) or one value per configuration; ``--batch-norm`` and
``--residual`` alone mean "on". ``--config k=v,...`` adds one configuration
and may be repeated. Anything that is not an experiment name is read as a
request in plain words. ``--code`` prints the standalone PyTorch script that
reproduces the run (same parameters, same seed, same numbers) instead of running it.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from tutor.errors import UserError

CONFIG_KEYS = ("activation", "init", "batch_norm", "residual")
_TRUE = {"on", "true", "yes", "1"}
_FALSE = {"off", "false", "no", "0"}
USAGE = 'usage: tutor show EXPERIMENT [--PARAM VALUE ...] [--json] [--code], or tutor show "REQUEST IN PLAIN WORDS"'


def configure(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = argparse.RawDescriptionHelpFormatter
    parser.epilog = __doc__.split("Syntax::", 1)[1] if __doc__ else None
    parser.add_argument(
        "--list",
        action="store_true",
        help="list the experiments with their parameters, bounds and defaults",
    )
    parser.add_argument(
        "--json", action="store_true", help="print the result as JSON instead of tables and charts"
    )
    parser.add_argument(
        "--code",
        action="store_true",
        help="print the standalone PyTorch script that reproduces the run, instead of running it",
    )
    parser.add_argument(
        "words",
        nargs=argparse.REMAINDER,
        metavar="EXPERIMENT|REQUEST [--PARAM VALUE ...]",
        help="an experiment name (see --list) or a request in plain words, then parameters",
    )


def run(args: argparse.Namespace) -> int:
    words = list(args.words)
    flags_seen = {w for w in words if w in ("--json", "--list", "--code")}
    want_json = args.json or "--json" in flags_seen
    want_code = getattr(args, "code", False) or "--code" in flags_seen
    words = [w for w in words if w not in flags_seen]
    out = _console()
    if args.list or "--list" in flags_seen:
        _print_list(out)
        return 0
    name, params = _resolve(words, quiet=want_json or want_code)
    from tutor.lab.registry import get_experiment, parse_params

    spec = get_experiment(name)
    model = parse_params(name, params)
    if want_code:
        sys.stdout.write(spec.script(model))
        return 0
    result = _train(spec, model, quiet=want_json) if spec.streams else spec.run(model)
    if want_json:
        sys.stdout.write(result.model_dump_json(indent=2) + "\n")
    else:
        _print_result(out, spec, result)
    return 130 if getattr(result, "cancelled", False) else 0  # interrupted with Ctrl-C


def _resolve(words: list[str], quiet: bool) -> tuple[str, dict[str, Any]]:
    """The experiment and its parameters from the leading words and the flags after them.

    An experiment name in first position wins; words after it that are not
    flags are an error with the usage line, never read as another request.
    """
    from tutor.lab.registry import EXPERIMENTS, get_experiment

    head, flags = _split(words)
    if not head:
        raise UserError(f"name an experiment or describe what to show\n{USAGE}", exit_code=2)
    params: dict[str, Any]
    if head[0] in EXPERIMENTS:
        if len(head) > 1:
            raise UserError(
                f"unexpected words after '{head[0]}': {' '.join(head[1:])} (parameters are flags, e.g. --layers 10)\n{USAGE}",
                exit_code=2,
            )
        name, params = head[0], {}
    elif len(head) == 1 and " " not in head[0]:
        name, params = get_experiment(head[0]).name, {}  # one word: a did-you-mean error
    else:
        name, params = _from_request(" ".join(head), quiet=quiet)
    return name, _merge_flags(name, params, flags)


def _print_result(out: Any, spec: Any, result: Any) -> None:
    from rich.table import Table as RichTable
    from rich.text import Text

    from tutor.lab.figure import chart_lines

    figure = spec.figure(result)
    for table in figure.tables:
        t = RichTable(
            title=table.title,
            title_justify="left",
            caption=table.caption or None,
            caption_justify="left",
        )
        for col in table.columns:
            t.add_column(col, justify="right")
        for row in table.rows:
            t.add_row(*row)
        out.print(t)
    for chart in figure.charts:
        out.print(Text("\n".join(chart_lines(chart))))
    out.print(Text(spec.summarize(result), style="bold"))


def _console() -> Any:
    from rich.console import Console

    return Console(file=sys.stdout, highlight=False, width=None if sys.stdout.isatty() else 100)


def _split(words: list[str]) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """Leading words (the experiment or request) and (flag, values) pairs after them."""
    head: list[str] = []
    flags: list[tuple[str, list[str]]] = []
    for word in words:
        if word.startswith("--") and len(word) > 2:
            key, eq, value = word[2:].partition("=")
            flags.append((key.replace("-", "_"), [value] if eq else []))
        elif flags:
            flags[-1][1].append(word)
        else:
            head.append(word)
    return head, flags


def _from_request(text: str, quiet: bool) -> tuple[str, dict[str, Any]]:
    from tutor.lab.request import parse_request

    parsed = parse_request(text)
    stream = sys.stderr if quiet else sys.stdout
    print(f"understood: {'; '.join(parsed.understood)}", file=stream)
    if parsed.unused:
        print(f"could not use: {', '.join(parsed.unused)}", file=stream)
    for note in parsed.notes:
        print(note, file=stream)
    return parsed.experiment, dict(parsed.params)


def _coerce_bool(flag: str, value: str) -> bool:
    low = value.lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    raise UserError(f"--{flag.replace('_', '-')} takes on or off (got '{value}')", exit_code=2)


def _merge_flags(
    name: str, params: dict[str, Any], flags: list[tuple[str, list[str]]]
) -> dict[str, Any]:
    from tutor.lab.registry import EXPERIMENTS

    model = EXPERIMENTS[name].params_model
    has_configs = "configs" in model.model_fields
    per_config: dict[str, list[Any]] = {}
    extra_configs: list[dict[str, Any]] = []
    for flag, values in flags:
        if has_configs and flag in CONFIG_KEYS:
            if flag in ("batch_norm", "residual"):
                per_config[flag] = [_coerce_bool(flag, v) for v in values] or [True]
            else:
                if not values:
                    raise UserError(f"--{flag} needs a value", exit_code=2)
                per_config[flag] = values
        elif has_configs and flag == "config":
            for value in values:
                extra_configs.append(_parse_config(value))
        else:
            field = model.model_fields.get(flag)
            is_list = field is not None and getattr(field.annotation, "__origin__", None) is list
            if is_list:
                params[flag] = values
            elif len(values) == 1:
                params[flag] = values[0]
            elif not values:
                raise UserError(f"--{flag.replace('_', '-')} needs a value", exit_code=2)
            else:
                raise UserError(
                    f"--{flag.replace('_', '-')} takes one value (got {len(values)}: {' '.join(values)})",
                    exit_code=2,
                )
    if per_config or extra_configs:
        configs = _broadcast(per_config, params.get("configs")) if per_config else []
        params["configs"] = configs + extra_configs
    return params


def _broadcast(
    per_config: dict[str, list[Any]], base: list[dict[str, Any]] | None
) -> list[dict[str, Any]]:
    counts = {len(v) for v in per_config.values() if len(v) > 1}
    if len(counts) > 1:
        detail = ", ".join(
            f"--{k.replace('_', '-')} has {len(v)}" for k, v in per_config.items() if len(v) > 1
        )
        raise UserError(
            f"give each of --activation/--init/--batch-norm/--residual one value or the same number of values ({detail})",
            exit_code=2,
        )
    n = counts.pop() if counts else (len(base) if base else 1)
    if base and len(base) != n:
        base = None
    configs = []
    for i in range(n):
        cfg: dict[str, Any] = dict(base[i]) if base else {}
        for key, values in per_config.items():
            cfg[key] = values[i] if len(values) > 1 else values[0]
        if "init" not in cfg and "activation" in cfg:
            # the registry's own pairing: He for the ReLU family, PyTorch default otherwise
            cfg["init"] = "kaiming" if cfg["activation"] in ("relu", "leaky_relu") else "default"
        configs.append(cfg)
    return configs


def _parse_config(text: str) -> dict[str, Any]:
    cfg: dict[str, Any] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        key, eq, value = part.partition("=")
        key = key.strip().replace("-", "_")
        if not eq:
            if key in ("batch_norm", "residual"):
                cfg[key] = True
                continue
            raise UserError(
                f"--config expects key=value pairs separated by commas (got '{part}')", exit_code=2
            )
        cfg[key] = (
            _coerce_bool(key, value.strip()) if key in ("batch_norm", "residual") else value.strip()
        )
    return cfg


def _train(spec: Any, params: Any, quiet: bool) -> Any:
    """Stream progress lines; Ctrl-C stops after the current step and keeps what ran."""
    every = max(1, params.steps // 10)
    stream = sys.stderr if quiet else sys.stdout
    labels = [c.label for c in params.configs]
    stop = False

    def progress(record: Any) -> None:
        if record.step % every == 0 or record.step == params.steps:
            cells = "  |  ".join(
                f"{label}: loss {r.loss:.3f} acc {r.accuracy:.0%}"
                for label, r in zip(labels, record.runs, strict=True)
            )
            print(f"step {record.step:>4}/{params.steps}  {cells}", file=stream, flush=True)

    steps: list[Any] = []

    def keep(record: Any) -> None:
        steps.append(record)
        progress(record)

    try:
        return spec.run(params, progress=keep, cancelled=lambda: stop)
    except KeyboardInterrupt:
        print(f"stopped after {len(steps)} steps", file=stream, flush=True)
        from tutor.lab.experiments.training_dynamics import result_from_steps

        return result_from_steps(params, steps)


def _print_list(out: Any) -> None:
    from tutor.lab.params import NetConfig
    from tutor.lab.registry import EXPERIMENTS

    for spec in EXPERIMENTS.values():
        out.print(f"[bold]{spec.name}[/bold]: {spec.title}")
        if spec.quantities:
            out.print(f"  quantities: {', '.join(spec.quantities)}", highlight=False, markup=False)
        out.print(f"  {spec.summary}", highlight=False)
        for field_name, field in spec.params_model.model_fields.items():
            out.print(
                f"  --{field_name.replace('_', '-'):<14} {_describe_field(field)}",
                highlight=False,
                markup=False,
            )
        if "configs" in spec.params_model.model_fields:
            out.print(
                "  each config (flags --activation, --init, --batch-norm, --residual, or --config k=v,...):",
                highlight=False,
                markup=False,
            )
            for field_name, field in NetConfig.model_fields.items():
                out.print(
                    f"    {field_name:<12} {_describe_field(field)}", highlight=False, markup=False
                )
        out.print("")


def _describe_field(field: Any) -> str:
    from pydantic_core import PydanticUndefined

    parts = []
    kind = getattr(field.annotation, "__args__", None)
    if kind and all(isinstance(a, str) for a in kind):
        parts.append("|".join(kind))
    bounds = []
    for meta in field.metadata:
        for attr, sym in (("ge", ">="), ("gt", ">"), ("le", "<="), ("lt", "<")):
            if getattr(meta, attr, None) is not None:
                bounds.append(f"{sym} {getattr(meta, attr)}")
    if bounds:
        parts.append(", ".join(bounds))
    default = (
        field.get_default(call_default_factory=True)
        if field.default is not PydanticUndefined or field.default_factory
        else None
    )
    if isinstance(default, list) and default and hasattr(default[0], "label"):
        default = "; ".join(d.label for d in default)
    elif isinstance(default, list):
        default = " ".join(str(d) for d in default)
    if default is not None:  # None: the description says what is used
        parts.append(f"default {default}")
    if field.description:
        parts.append(f"— {field.description}")
    return "  ".join(parts)
