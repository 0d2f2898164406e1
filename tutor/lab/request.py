"""Turn a learner's sentence ("show me sigmoid vs relu at 30 layers with he init")
into an experiment name and parameters.

The parser is deliberately small and literal: it recognises activation names,
initialisations (with their common synonyms), batch norm, residual/skip
connections, numbers attached to a unit (30 layers, width 64, 300 steps, lr
0.01), an optimiser, and words that pick the experiment (train, derivative,
product). It reports what it understood as short phrases and every word it
could not use, so a learner sees at once when a request was half-read. It
imports only pydantic.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, Field

from tutor.errors import UserError

ACTIVATION_WORDS: dict[str, str] = {
    "sigmoid": "sigmoid",
    "sigmoids": "sigmoid",
    "logistic": "sigmoid",
    "tanh": "tanh",
    "relu": "relu",
    "relus": "relu",
    "leaky_relu": "leaky_relu",
    "leaky-relu": "leaky_relu",
    "leakyrelu": "leaky_relu",
}
INIT_WORDS: dict[str, str] = {
    "he": "kaiming",
    "kaiming": "kaiming",
    "xavier": "xavier",
    "glorot": "xavier",
    "zeros": "zeros",
    "zero": "zeros",
    "large": "large",
    "big": "large",
    "huge": "large",
    "default": "default",
    "pytorch": "default",
    "torch": "default",
}
INIT_LABELS = {
    "kaiming": "He (kaiming)",
    "xavier": "Xavier (Glorot)",
    "zeros": "all-zero",
    "large": "large N(0, 1)",
    "default": "PyTorch default",
}
STOP_WORDS = frozenset(
    [
        "show",
        "me",
        "what",
        "the",
        "with",
        "at",
        "and",
        "vs",
        "versus",
        "v",
        "does",
        "do",
        "doing",
        "to",
        "a",
        "an",
        "of",
        "for",
        "in",
        "on",
        "using",
        "use",
        "compare",
        "comparing",
        "between",
        "how",
        "happens",
        "happen",
        "when",
        "it",
        "is",
        "are",
        "by",
        "if",
        "i",
        "can",
        "see",
        "let",
        "lets",
        "let's",
        "please",
        "try",
        "run",
        "running",
        "versus",
        "against",
        "than",
        "from",
        "into",
        "over",
        "under",
        "both",
        "each",
        "all",
        "my",
        "our",
        "this",
        "that",
        "these",
        "those",
    ]
)
# Words that only say "this is about gradients in a network": consumed, no parameter.
TOPIC_WORDS = frozenset(
    [
        "gradient",
        "gradients",
        "flow",
        "flows",
        "vanishing",
        "vanish",
        "exploding",
        "network",
        "networks",
        "net",
        "nets",
        "deep",
        "mlp",
        "model",
        "layer",
        "layers",
        "layer-wise",
        "layerwise",
        "backprop",
        "backpropagation",
    ]
)
INIT_NOUNS = frozenset(
    ["init", "initialisation", "initialization", "initialised", "initialized", "weights", "weight"]
)
TRAIN_WORDS = frozenset(["train", "training", "trained", "learn", "learning", "fit", "fitting"])
DERIVATIVE_WORDS = frozenset(
    ["derivative", "derivatives", "slope", "slopes", "activation", "activations", "curve", "curves"]
)
PRODUCT_WORDS = frozenset(["product", "products", "chain", "multiply", "multiplied", "multiplying"])
OPTIMISERS = {"sgd": "sgd", "adam": "adam"}
# Words that pick one of the other experiments (checked after the network words).
EXPERIMENT_WORDS: dict[str, str] = {
    "rnn": "rnn_through_time",
    "rnns": "rnn_through_time",
    "recurrent": "rnn_through_time",
    "lstm": "rnn_through_time",
    "lstms": "rnn_through_time",
    "gru": "rnn_through_time",
    "grus": "rnn_through_time",
    "time": "rnn_through_time",
    "sequence": "rnn_through_time",
    "layernorm": "normalisation",
    "layer_norm": "normalisation",
    "rmsnorm": "normalisation",
    "normalisation": "normalisation",
    "normalization": "normalisation",
    "prenorm": "normalisation",
    "postnorm": "normalisation",
    "jacobian": "signal_propagation",
    "orthogonal": "signal_propagation",
    "chaos": "signal_propagation",
    "chaotic": "signal_propagation",
    "isometry": "signal_propagation",
    "signal": "signal_propagation",
    "propagation": "signal_propagation",
    "float16": "precision",
    "fp16": "precision",
    "half": "precision",
    "bfloat16": "precision",
    "bf16": "precision",
    "precision": "precision",
    "underflow": "precision",
    "scaling": "precision",
    "clip": "training_dynamics",
    "clipping": "training_dynamics",
    "clipped": "training_dynamics",
}
CELL_WORDS = {
    "rnn": "rnn_tanh",
    "rnns": "rnn_tanh",
    "lstm": "lstm",
    "lstms": "lstm",
    "gru": "gru",
    "grus": "gru",
}
NORM_WORDS = {"batch_norm": "batch", "layernorm": "layer", "layer_norm": "layer", "rmsnorm": "rms"}

MAX_REQUEST = 300
"""Longest request read, in characters: a sentence, not a document."""
MAX_NUMBER = 1e9
"""Numbers beyond this are refused before any parameter sees them (no overflow, no huge ints)."""

_NUMBER = r"\d+(?:\.\d+)?(?:e-?\d+)?"
_TOKEN = re.compile(rf"{_NUMBER}|[a-z][a-z0-9]*(?:[-_'][a-z0-9]+)*")
_FIXES = (
    (re.compile(r"(\d)-(?=[a-z])"), r"\1 "),  # 30-layer -> 30 layer
    (re.compile(r"\bleaky[\s_-]+relu\b"), "leaky_relu"),
    (re.compile(r"\blayer[\s_-]+norm(?:ali[sz]ation)?\b"), "layer_norm"),
    (re.compile(r"\brms[\s_-]*norm\b"), "rmsnorm"),
    (re.compile(r"\bbatch[\s_-]*norm(?:ali[sz]ation|ali[sz]ed)?\b|\bbn\b"), "batch_norm"),
    (
        re.compile(
            r"\b(?:skip|shortcut|residual)[\s_-]*connections?\b|\bresiduals?\b|\bresnet\b|\bskips?\b"
        ),
        "residual",
    ),
    (re.compile(r"\blearning[\s_-]+rate\b"), "lr"),
    (re.compile(r"\bloss[\s_-]+scal(?:e|ing)\b"), "scaling"),
)

# unit word -> parameter name, for "30 layers" and "layers 30"
UNITS: dict[str, str] = {
    "layer": "depth",
    "layers": "depth",
    "deep": "depth",
    "depth": "depth",
    "width": "width",
    "wide": "width",
    "units": "width",
    "unit": "width",
    "neurons": "width",
    "hidden": "width",
    "step": "steps",
    "steps": "steps",
    "iterations": "steps",
    "epochs": "steps",
    "batch": "batch",
    "seed": "seed",
    "lr": "lr",
    "rate": "lr",
    "clip": "clip_norm",
}

# units written before their number ("depth 25", "seed 4"); they win over a following unit
PREFIX_UNITS = frozenset({"depth", "width", "batch", "seed", "lr", "rate", "steps", "clip"})
DO_WORDS = frozenset({"do", "does", "doing"})


class ParsedRequest(BaseModel):
    experiment: str
    params: dict[str, Any] = Field(
        description="Parameters for the experiment, ready for parse_params."
    )
    understood: list[str] = Field(description="What the parser understood, as short phrases.")
    unused: list[str] = Field(description="Words it could not use (stop words excluded).")
    notes: list[str] = Field(
        default_factory=list, description="Suggestions for misspelt words, and anything cut down."
    )


def strip_show_me(text: str) -> str:
    """The request without a leading 'show me' (the box is already labelled so)."""
    words = text.strip()
    low = words.lower()
    for prefix in ("show me ", "show me:", "show "):
        if low.startswith(prefix):
            return words[len(prefix) :].lstrip(" :")
    return "" if low in ("show me", "show") else words


def _tokens(text: str) -> list[str]:
    text = text.lower().replace("’", "'")
    for pattern, replacement in _FIXES:
        text = pattern.sub(replacement, text)
    return _TOKEN.findall(text)


# Init names that are also ordinary words count only next to "init"/"weights"
# or another init word: "large init", "pytorch default", but not "a large net".
_AMBIGUOUS_INITS = frozenset({"default", "large", "big", "huge", "zero", "torch", "pytorch"})


def _is_init(tok: str, prev: str, nxt: str) -> bool:
    if tok not in INIT_WORDS:
        return False
    if tok not in _AMBIGUOUS_INITS:
        return True
    return nxt in INIT_NOUNS or nxt in INIT_WORDS or prev in ("pytorch", "torch")


def _is_number(token: str) -> bool:
    return re.fullmatch(_NUMBER, token) is not None


def _number(token: str, param: str) -> int | float:
    value = float(token) if len(token) <= 40 else math.inf
    if not math.isfinite(value) or abs(value) > MAX_NUMBER:
        raise UserError(
            f"'{token}' is too large a number for {param} (at most {MAX_NUMBER:g})", exit_code=2
        )
    return value if param in ("lr", "clip_norm") else int(value)


@dataclass
class _Scan:
    """What one pass over the tokens found."""

    tokens: list[str]
    used: list[bool]
    activations: list[str] = field(default_factory=list)
    inits: list[str] = field(default_factory=list)
    numbers: dict[str, int | float] = field(default_factory=dict)
    batch_norm: bool = False
    residual: bool = False
    optimizer: str | None = None
    wants: list[str] = field(default_factory=list)
    z_value: float | None = None
    cells: list[str] = field(default_factory=list)
    norms: list[str] = field(default_factory=list)

    def take(self, *indices: int) -> None:
        for i in indices:
            self.used[i] = True

    def want(self, experiment: str) -> None:
        if experiment not in self.wants:
            self.wants.append(experiment)


def _scan_word(scan: _Scan, i: int) -> bool:
    """Read a word that names a thing (activation, init, fix, cell, optimiser); True if used."""
    tokens = scan.tokens
    tok = tokens[i]
    nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
    prev = tokens[i - 1] if i else ""
    if tok in ACTIVATION_WORDS:
        _add(scan.activations, ACTIVATION_WORDS[tok])
    elif _is_init(tok, prev, nxt):
        _add(scan.inits, INIT_WORDS[tok])
        if nxt in INIT_NOUNS or (tok in ("pytorch", "torch") and nxt == "default"):
            scan.take(i + 1)
            if i + 2 < len(tokens) and tokens[i + 2] in INIT_NOUNS:
                scan.take(i + 2)
    elif tok == "batch_norm":
        scan.batch_norm = True
        _add(scan.norms, "batch")
    elif tok == "residual":
        scan.residual = True
    elif tok in OPTIMISERS:
        scan.optimizer = OPTIMISERS[tok]
    else:
        return False
    scan.take(i)
    return True


def _scan_other(scan: _Scan, i: int) -> None:
    tok = scan.tokens[i]
    if tok in CELL_WORDS:
        _add(scan.cells, CELL_WORDS[tok])
    if tok in NORM_WORDS:
        _add(scan.norms, NORM_WORDS[tok])
    if tok in EXPERIMENT_WORDS and not (tok == "clip" and _next_is_number(scan, i)):
        scan.want(EXPERIMENT_WORDS[tok])
    elif tok in TRAIN_WORDS:
        scan.want("training_dynamics")
    elif tok in PRODUCT_WORDS:
        scan.want("chain_product")
    elif tok in DERIVATIVE_WORDS and tok not in ("activation", "activations"):
        scan.want("activation_derivatives")
    elif not (
        tok in TOPIC_WORDS
        or tok in INIT_NOUNS
        or tok in ("activation", "activations", "function", "functions")
    ):
        return
    scan.take(i)


def _next_is_number(scan: _Scan, i: int) -> bool:
    return i + 1 < len(scan.tokens) and _is_number(scan.tokens[i + 1])


def _scan_number(scan: _Scan, i: int) -> None:
    tokens = scan.tokens
    tok = tokens[i]
    nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
    prev = tokens[i - 1] if i else ""
    if prev in PREFIX_UNITS and not scan.used[i - 1]:  # "width 64", "lr 0.01"
        param = UNITS[prev]
        scan.numbers[param] = _number(tok, param)
        scan.take(i - 1, i)
    elif nxt in UNITS and nxt != "clip":  # "30 layers"
        param = UNITS[nxt]
        scan.numbers[param] = _number(tok, param)
        scan.take(i, i + 1)
    elif nxt in ("by", "x") and i + 2 < len(tokens) and _is_number(tokens[i + 2]):  # "30 by 64"
        scan.numbers["depth"] = int(_number(tok, "depth"))
        scan.numbers["width"] = int(_number(tokens[i + 2], "width"))
        scan.take(i, i + 1, i + 2)
    elif prev in ("z", "at_z"):
        scan.z_value = float(_number(tok, "z"))
        scan.take(i - 1, i)


def _add(items: list[str], item: str) -> None:
    if item not in items:
        items.append(item)


def _scan(tokens: list[str]) -> _Scan:
    scan = _Scan(tokens=tokens, used=[False] * len(tokens))
    for i, tok in enumerate(tokens):
        if scan.used[i]:
            continue
        if _is_number(tok):
            _scan_number(scan, i)
        elif not _scan_word(scan, i):
            _scan_other(scan, i)
    return scan


def _asks_what_a_fix_does(tokens: list[str]) -> bool:
    """'what batch norm does to tanh': a fix, then do/does, then 'to' (one linear pass)."""
    stage = 0
    for tok in tokens:
        if stage == 0 and tok in ("batch_norm", "residual"):
            stage = 1
        elif stage == 1 and tok in DO_WORDS:
            stage = 2
        elif stage == 2 and tok == "to":
            return True
    return False


def _experiment(scan: _Scan) -> str:
    if "rnn_through_time" in scan.wants or scan.cells:
        return "rnn_through_time"
    if (
        "training_dynamics" in scan.wants
        or scan.optimizer is not None
        or "steps" in scan.numbers
        or "clip_norm" in scan.numbers
    ):
        return "training_dynamics"
    for name in ("rnn_through_time", "precision", "signal_propagation", "normalisation"):
        if name in scan.wants:
            return name
    if "activation_derivatives" in scan.wants and "depth" not in scan.numbers:
        return "activation_derivatives"
    if "chain_product" in scan.wants:
        return "chain_product"
    return "gradient_flow"


def parse_request(text: str) -> ParsedRequest:
    """Experiment and parameters for a sentence; UserError for an over-long request or a huge number."""
    if len(text) > MAX_REQUEST:
        raise UserError(
            f"that request is {len(text)} characters long; say it in at most {MAX_REQUEST}",
            exit_code=2,
        )
    scan = _scan(_tokens(strip_show_me(text)))
    experiment = _experiment(scan)
    understood = [f"experiment: {experiment}"]
    params = _PARAMS[experiment](scan, understood)
    unused = [
        t for t, u in zip(scan.tokens, scan.used, strict=True) if not u and t not in STOP_WORDS
    ]
    notes = _suggestions(unused)
    from tutor.lab.registry import fit_to_budget  # the registry's models, loaded lazily

    params, cut = fit_to_budget(experiment, params)
    if cut:
        notes.append(cut)
    return ParsedRequest(
        experiment=experiment, params=params, understood=understood, unused=unused, notes=notes
    )


def _vocabulary() -> list[str]:
    words = {
        *ACTIVATION_WORDS, *INIT_WORDS, *TOPIC_WORDS, *INIT_NOUNS, *TRAIN_WORDS, *DERIVATIVE_WORDS,
        *PRODUCT_WORDS, *OPTIMISERS, *EXPERIMENT_WORDS, *UNITS, "batch", "norm", "residual",
    }  # fmt: skip
    return sorted(w for w in words if len(w) > 2)


def _suggestions(unused: list[str]) -> list[str]:
    import difflib

    vocabulary = _vocabulary()
    notes = []
    for word in unused[:10]:
        match = difflib.get_close_matches(word, vocabulary, n=1, cutoff=0.75)
        if match:
            notes.append(f"'{word}': did you mean '{match[0]}'?")
    return notes


def _numbers(
    scan: _Scan, keys: tuple[str, ...], understood: list[str], rename: dict[str, str] | None = None
) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for key in keys:
        if key in scan.numbers:
            name = (rename or {}).get(key, key)
            params[name] = scan.numbers[key]
            understood.append(_phrase(name, scan.numbers[key]))
    return params


def _network_params(scan: _Scan, understood: list[str], training: bool) -> dict[str, Any]:
    keys = ("depth", "width", "batch", "seed", *(("steps", "lr", "clip_norm") if training else ()))
    params = _numbers(scan, keys, understood)
    if training and scan.optimizer:
        params["optimizer"] = scan.optimizer
        understood.append(f"optimizer: {scan.optimizer}")
    limit = 4 if training else 12
    configs = _configs(scan, understood, limit)
    if configs is not None:
        params["configs"] = configs
    return params


def _flow_params(scan: _Scan, understood: list[str]) -> dict[str, Any]:
    return _network_params(scan, understood, training=False)


def _training_params(scan: _Scan, understood: list[str]) -> dict[str, Any]:
    return _network_params(scan, understood, training=True)


def _derivative_params(scan: _Scan, understood: list[str]) -> dict[str, Any]:
    if not scan.activations:
        return {}
    understood.append("activations: " + ", ".join(scan.activations))
    return {"activations": list(scan.activations)}


def _chain_params(scan: _Scan, understood: list[str]) -> dict[str, Any]:
    params = _numbers(scan, ("depth", "seed"), understood, rename={"depth": "layers"})
    if scan.activations:
        params["activation"] = scan.activations[0]
        understood.append(f"activation: {scan.activations[0]}")
    if scan.z_value is not None:
        params["z"] = scan.z_value
        understood.append(f"z = {scan.z_value:g}")
    return params


def _rnn_params(scan: _Scan, understood: list[str]) -> dict[str, Any]:
    params = _numbers(
        scan, ("steps", "width", "batch", "seed"), understood, rename={"width": "hidden"}
    )
    if "depth" in scan.numbers and "steps" not in params:
        params["steps"] = scan.numbers["depth"]  # "100 steps" may be read as layers of time
    if scan.cells:
        cells = [
            c
            for cell in scan.cells
            for c in (("lstm", "lstm_forget1") if cell == "lstm" else (cell,))
        ]
        params["cells"] = cells
        understood.append("cells: " + ", ".join(cells))
    return params


def _norm_params(scan: _Scan, understood: list[str]) -> dict[str, Any]:
    params = _numbers(scan, ("depth", "width", "batch", "seed"), understood)
    if scan.norms or scan.residual:
        norms = ["none", *scan.norms] if scan.norms else ["none", "batch", "layer", "rms"]
        placements = ("pre", "post") if scan.residual else ("pre",)
        params["configs"] = [
            {"norm": n, "residual": scan.residual, "placement": p}
            for n in norms
            for p in placements
        ][:8]
        understood.append(
            "norms: "
            + ", ".join(norms)
            + (", in residual blocks (pre and post)" if scan.residual else "")
        )
    return params


def _signal_params(scan: _Scan, understood: list[str]) -> dict[str, Any]:
    params = _numbers(scan, ("depth", "width", "batch", "seed"), understood)
    if scan.activations and scan.activations[0] in ("tanh", "relu"):
        params["activation"] = scan.activations[0]
        understood.append(f"activation: {scan.activations[0]}")
    return params


def _precision_params(scan: _Scan, understood: list[str]) -> dict[str, Any]:
    params = _numbers(scan, ("depth", "width", "batch", "seed"), understood)
    if scan.activations:
        params["activation"] = scan.activations[0]
        understood.append(f"activation: {scan.activations[0]}")
    return params


_PARAMS = {
    "gradient_flow": _flow_params,
    "training_dynamics": _training_params,
    "activation_derivatives": _derivative_params,
    "chain_product": _chain_params,
    "rnn_through_time": _rnn_params,
    "normalisation": _norm_params,
    "signal_propagation": _signal_params,
    "precision": _precision_params,
}


def _phrase(key: str, value: int | float) -> str:
    return {
        "depth": f"{value} layers",
        "layers": f"{value} layers",
        "width": f"width {value}",
        "hidden": f"{value} hidden units",
        "batch": f"batch of {value}",
        "seed": f"seed {value}",
        "steps": f"{value} steps",
        "lr": f"learning rate {value:g}",
        "clip_norm": f"gradients clipped to norm {value:g}",
    }[key]


def _natural_init(activation: str) -> str:
    return "kaiming" if activation in ("relu", "leaky_relu") else "default"


def _fix_comparison(scan: _Scan, understood: list[str], limit: int) -> list[dict[str, Any]] | None:
    """'sigmoid with batch norm', 'what skip connections do to tanh': each activation
    without and with the fix, side by side (when that fits in the experiment's limit)."""
    acts = scan.activations or ["sigmoid"]
    if not (scan.batch_norm or scan.residual) or len(acts) * 2 > limit or len(scan.inits) > 1:
        return None
    init = scan.inits[0] if scan.inits else None
    fix = {"batch_norm": scan.batch_norm, "residual": scan.residual}
    fix = {k: v for k, v in fix.items() if v}
    configs: list[dict[str, Any]] = []
    for act in acts:
        base = {"activation": act, "init": init or _natural_init(act)}
        configs += [dict(base), {**base, **fix}]
    words = " and ".join(k.replace("_", " ") for k in fix)
    understood.append(f"compare {', '.join(acts)} without and with {words}")
    if scan.inits:
        understood.append("init: " + INIT_LABELS[scan.inits[0]])
    return configs


def _configs(scan: _Scan, understood: list[str], limit: int) -> list[dict[str, Any]] | None:
    if not scan.activations and not scan.inits and not scan.batch_norm and not scan.residual:
        return None
    compared = _fix_comparison(scan, understood, limit)
    if compared is not None:
        return compared
    configs: list[dict[str, Any]]
    if len(scan.inits) > 1:
        acts = scan.activations or ["sigmoid"]
        configs = [{"activation": a, "init": i} for a in acts for i in scan.inits]
    else:
        acts = scan.activations or ["sigmoid", "relu"]
        init = scan.inits[0] if scan.inits else None
        configs = [{"activation": a, "init": init or _natural_init(a)} for a in acts]
    fixes = {
        k: True for k, on in (("batch_norm", scan.batch_norm), ("residual", scan.residual)) if on
    }
    configs = [{**cfg, **fixes} for cfg in configs]
    understood += _config_phrases(scan)
    return configs[:limit]


def _config_phrases(scan: _Scan) -> list[str]:
    phrases = []
    if scan.activations:
        phrases.append("activations: " + ", ".join(scan.activations))
    if scan.inits:
        phrases.append("init: " + ", ".join(INIT_LABELS[i] for i in scan.inits))
    else:
        phrases.append("no init named: PyTorch default for sigmoid/tanh, He (kaiming) for ReLU")
    if scan.batch_norm:
        phrases.append("batch norm on")
    if scan.residual:
        phrases.append("residual connections on")
    return phrases
