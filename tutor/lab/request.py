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

import re
from typing import Any

from pydantic import BaseModel, Field

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

_NUMBER = r"\d+(?:\.\d+)?(?:e-?\d+)?"
_TOKEN = re.compile(rf"{_NUMBER}|[a-z][a-z0-9]*(?:[-_'][a-z0-9]+)*")

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
}


# units written before their number ("depth 25", "seed 4"); they win over a following unit
PREFIX_UNITS = frozenset({"depth", "width", "batch", "seed", "lr", "rate", "steps"})


class ParsedRequest(BaseModel):
    experiment: str
    params: dict[str, Any] = Field(
        description="Parameters for the experiment, ready for parse_params."
    )
    understood: list[str] = Field(description="What the parser understood, as short phrases.")
    unused: list[str] = Field(description="Words it could not use (stop words excluded).")


def _tokens(text: str) -> list[str]:
    text = text.lower().replace("’", "'")
    text = re.sub(r"(\d)-(?=[a-z])", r"\1 ", text)  # 30-layer -> 30 layer
    text = re.sub(r"\bleaky[\s_-]+relu\b", "leaky_relu", text)
    text = re.sub(r"\bbatch[\s_-]*norm(?:ali[sz]ation|ali[sz]ed)?\b|\bbn\b", "batch_norm", text)
    text = re.sub(
        r"\b(?:skip|shortcut|residual)[\s_-]*connections?\b|\bresiduals?\b|\bresnet\b|\bskips?\b",
        "residual",
        text,
    )
    text = re.sub(r"\blearning[\s_-]+rate\b", "lr", text)
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
    value = float(token)
    return value if param == "lr" else int(value)


def parse_request(text: str) -> ParsedRequest:
    tokens = _tokens(text)
    used = [False] * len(tokens)
    understood: list[str] = []

    def take(*indices: int) -> None:
        for i in indices:
            used[i] = True

    activations: list[str] = []
    inits: list[str] = []
    numbers: dict[str, int | float] = {}
    batch_norm = residual = False
    optimizer: str | None = None
    wants: set[str] = set()
    z_value: float | None = None

    for i, tok in enumerate(tokens):
        if used[i]:
            continue
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        prev = tokens[i - 1] if i else ""
        if tok in ACTIVATION_WORDS:
            act = ACTIVATION_WORDS[tok]
            if act not in activations:
                activations.append(act)
            take(i)
        elif _is_init(tok, prev, nxt):
            init = INIT_WORDS[tok]
            if init not in inits:
                inits.append(init)
            take(i)
            if nxt in INIT_NOUNS or (tok in ("pytorch", "torch") and nxt == "default"):
                take(i + 1)
                if i + 2 < len(tokens) and tokens[i + 2] in INIT_NOUNS:
                    take(i + 2)
        elif tok == "batch_norm":
            batch_norm = True
            take(i)
        elif tok == "residual":
            residual = True
            take(i)
        elif tok in OPTIMISERS:
            optimizer = OPTIMISERS[tok]
            take(i)
        elif tok in ("z", "at_z") and _is_number(nxt.lstrip("-")):
            z_value = float(nxt)
            take(i, i + 1)
        elif _is_number(tok):
            if prev in PREFIX_UNITS and not used[i - 1]:  # "width 64", "lr 0.01"
                param = UNITS[prev]
                numbers[param] = _number(tok, param)
                take(i - 1, i)
            elif nxt in UNITS:  # "30 layers"
                param = UNITS[nxt]
                numbers[param] = _number(tok, param)
                take(i, i + 1)
            elif (
                nxt in ("by", "x") and i + 2 < len(tokens) and _is_number(tokens[i + 2])
            ):  # "30 by 64"
                numbers["depth"], numbers["width"] = int(float(tok)), int(float(tokens[i + 2]))
                take(i, i + 1, i + 2)
        elif tok in TRAIN_WORDS:
            wants.add("training_dynamics")
            take(i)
        elif tok in PRODUCT_WORDS:
            wants.add("chain_product")
            take(i)
        elif tok in DERIVATIVE_WORDS and tok not in ("activation", "activations"):
            wants.add("activation_derivatives")
            take(i)
        elif (
            tok in TOPIC_WORDS
            or tok in INIT_NOUNS
            or tok in ("activation", "activations", "function", "functions")
        ):
            take(i)

    # "what batch norm does to tanh": the same activation without and with the fix.
    joined = " ".join(tokens)
    compare_fix = (
        re.search(r"\b(batch_norm|residual)\b.*\b(do|does|doing)\b.*\bto\b", joined) is not None
    )

    if "training_dynamics" in wants or optimizer is not None or "steps" in numbers:
        experiment = "training_dynamics"
    elif "activation_derivatives" in wants and not {"depth"} & numbers.keys():
        experiment = "activation_derivatives"
    elif "chain_product" in wants:
        experiment = "chain_product"
    else:
        experiment = "gradient_flow"
    understood.append(f"experiment: {experiment}")

    params: dict[str, Any] = {}
    if experiment in ("gradient_flow", "training_dynamics"):
        for key in (
            "depth",
            "width",
            "batch",
            "seed",
            *(("steps", "lr") if experiment == "training_dynamics" else ()),
        ):
            if key in numbers:
                params[key] = numbers[key]
                understood.append(_phrase(key, numbers[key]))
        if experiment == "training_dynamics" and optimizer:
            params["optimizer"] = optimizer
            understood.append(f"optimizer: {optimizer}")
        configs = _configs(activations, inits, batch_norm, residual, compare_fix, understood)
        if configs is not None:
            params["configs"] = configs
    elif experiment == "activation_derivatives":
        if activations:
            params["activations"] = activations
            understood.append("activations: " + ", ".join(activations))
    else:
        if "depth" in numbers:
            params["layers"] = numbers["depth"]
            understood.append(_phrase("layers", numbers["depth"]))
        if activations:
            params["activation"] = activations[0]
            understood.append(f"activation: {activations[0]}")
        if z_value is not None:
            params["z"] = z_value
            understood.append(f"z = {z_value:g}")
        if "seed" in numbers:
            params["seed"] = numbers["seed"]
    unused = [t for t, u in zip(tokens, used, strict=True) if not u and t not in STOP_WORDS]
    return ParsedRequest(experiment=experiment, params=params, understood=understood, unused=unused)


def _phrase(key: str, value: int | float) -> str:
    return {
        "depth": f"{value} layers",
        "layers": f"{value} layers",
        "width": f"width {value}",
        "batch": f"batch of {value}",
        "seed": f"seed {value}",
        "steps": f"{value} steps",
        "lr": f"learning rate {value:g}",
    }[key]


def _natural_init(activation: str) -> str:
    return "kaiming" if activation in ("relu", "leaky_relu") else "default"


def _configs(
    activations: list[str],
    inits: list[str],
    batch_norm: bool,
    residual: bool,
    compare_fix: bool,
    understood: list[str],
) -> list[dict[str, Any]] | None:
    if not activations and not inits and not batch_norm and not residual:
        return None
    configs: list[dict[str, Any]]
    if compare_fix and (batch_norm or residual):
        acts = activations or ["sigmoid"]
        init = inits[0] if inits else None
        fix = "batch_norm" if batch_norm else "residual"
        configs = []
        for act in acts:
            base = {"activation": act, "init": init or _natural_init(act)}
            configs += [dict(base), {**base, fix: True}]
        understood.append(f"compare {', '.join(acts)} without and with {fix.replace('_', ' ')}")
        return configs
    if len(inits) > 1:
        acts = activations or ["sigmoid"]
        configs = [{"activation": a, "init": i} for a in acts for i in inits]
    else:
        acts = activations or ["sigmoid", "relu"]
        configs = [{"activation": a, "init": inits[0] if inits else _natural_init(a)} for a in acts]
    if activations:
        understood.append("activations: " + ", ".join(activations))
    if inits:
        understood.append("init: " + ", ".join(INIT_LABELS[i] for i in inits))
    else:
        understood.append("no init named: PyTorch default for sigmoid/tanh, He (kaiming) for ReLU")
    for cfg in configs:
        if batch_norm:
            cfg["batch_norm"] = True
        if residual:
            cfg["residual"] = True
    if batch_norm:
        understood.append("batch norm on")
    if residual:
        understood.append("residual connections on")
    return configs
