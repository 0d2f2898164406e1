"""parse_request: plain-words requests to experiments and parameters."""

from __future__ import annotations

import pytest

from tutor.lab.registry import check_params
from tutor.lab.request import parse_request

CASES = [
    (
        "show me sigmoid vs relu at 30 layers with he init",
        "gradient_flow",
        {
            "depth": 30,
            "configs": [
                {"activation": "sigmoid", "init": "kaiming"},
                {"activation": "relu", "init": "kaiming"},
            ],
        },
    ),
    (
        "show me what batch norm does to tanh",
        "gradient_flow",
        {
            "configs": [
                {"activation": "tanh", "init": "default"},
                {"activation": "tanh", "init": "default", "batch_norm": True},
            ]
        },
    ),
    (
        "train sigmoid and relu for 300 steps with adam",
        "training_dynamics",
        {
            "steps": 300,
            "optimizer": "adam",
            "configs": [
                {"activation": "sigmoid", "init": "default"},
                {"activation": "relu", "init": "kaiming"},
            ],
        },
    ),
    (
        "sigmoid with glorot initialisation",
        "gradient_flow",
        {"configs": [{"activation": "sigmoid", "init": "xavier"}]},
    ),
    (
        "relu with pytorch default init, 20 layers",
        "gradient_flow",
        {"depth": 20, "configs": [{"activation": "relu", "init": "default"}]},
    ),
    (
        "what do skip connections do to sigmoid",
        "gradient_flow",
        {
            "configs": [
                {"activation": "sigmoid", "init": "default"},
                {"activation": "sigmoid", "init": "default", "residual": True},
            ]
        },
    ),
    (
        "tanh 40-layer network width 64",
        "gradient_flow",
        {"depth": 40, "width": 64, "configs": [{"activation": "tanh", "init": "default"}]},
    ),
    (
        "train relu with learning rate 0.01 and batch 128",
        "training_dynamics",
        {"batch": 128, "lr": 0.01, "configs": [{"activation": "relu", "init": "kaiming"}]},
    ),
    (
        "leaky relu vs relu with kaiming init",
        "gradient_flow",
        {
            "configs": [
                {"activation": "leaky_relu", "init": "kaiming"},
                {"activation": "relu", "init": "kaiming"},
            ]
        },
    ),
    (
        "relu with zero init vs large init",
        "gradient_flow",
        {
            "configs": [
                {"activation": "relu", "init": "zeros"},
                {"activation": "relu", "init": "large"},
            ]
        },
    ),
    (
        "sigmoid with batch normalization",
        "gradient_flow",
        {
            "configs": [
                {"activation": "sigmoid", "init": "default"},
                {"activation": "sigmoid", "init": "default", "batch_norm": True},
            ]
        },
    ),
    (
        "tanh with BN and residual connections",
        "gradient_flow",
        {
            "configs": [
                {"activation": "tanh", "init": "default"},
                {"activation": "tanh", "init": "default", "batch_norm": True, "residual": True},
            ]
        },
    ),
    ("sigmoid derivative", "activation_derivatives", {"activations": ["sigmoid"]}),
    (
        "derivatives of tanh and leaky relu",
        "activation_derivatives",
        {"activations": ["tanh", "leaky_relu"]},
    ),
    (
        "chain product of sigmoid over 20 layers",
        "chain_product",
        {"layers": 20, "activation": "sigmoid"},
    ),
    (
        "SGD training of a 12 layer sigmoid net",
        "training_dynamics",
        {
            "depth": 12,
            "optimizer": "sgd",
            "configs": [{"activation": "sigmoid", "init": "default"}],
        },
    ),
    ("show me gradient flow", "gradient_flow", {}),
    (
        "compare xavier and kaiming for tanh",
        "gradient_flow",
        {
            "configs": [
                {"activation": "tanh", "init": "xavier"},
                {"activation": "tanh", "init": "kaiming"},
            ]
        },
    ),
    (
        "relu with large weights",
        "gradient_flow",
        {"configs": [{"activation": "relu", "init": "large"}]},
    ),
    ("sigmoid at z 2 chain product", "chain_product", {"activation": "sigmoid", "z": 2.0}),
    (
        "sigmoid vs relu, depth 25, seed 4",
        "gradient_flow",
        {
            "depth": 25,
            "seed": 4,
            "configs": [
                {"activation": "sigmoid", "init": "default"},
                {"activation": "relu", "init": "kaiming"},
            ],
        },
    ),
]


@pytest.mark.parametrize(("text", "experiment", "params"), CASES, ids=[c[0] for c in CASES])
def test_requests(text: str, experiment: str, params: dict) -> None:  # type: ignore[type-arg]
    parsed = parse_request(text)
    assert parsed.experiment == experiment
    assert parsed.params == params
    assert parsed.unused == []
    assert check_params(parsed.experiment, parsed.params) == []


def test_understood_phrases() -> None:
    parsed = parse_request("show me sigmoid vs relu at 30 layers with he init")
    assert parsed.understood == [
        "experiment: gradient_flow",
        "30 layers",
        "activations: sigmoid, relu",
        "init: He (kaiming)",
    ]
    parsed = parse_request("show me what batch norm does to tanh")
    assert parsed.understood == [
        "experiment: gradient_flow",
        "compare tanh without and with batch norm",
    ]
    parsed = parse_request("train relu for 50 steps with adam")
    assert "50 steps" in parsed.understood and "optimizer: adam" in parsed.understood


def test_words_it_cannot_use_are_reported_without_stop_words() -> None:
    parsed = parse_request("show me what the banana does to relu with purple layers")
    assert parsed.unused == ["banana", "purple"]
    assert parsed.params == {"configs": [{"activation": "relu", "init": "kaiming"}]}


def test_ordinary_words_that_name_inits_need_init_nearby() -> None:
    parsed = parse_request("a large net of relu")
    assert parsed.params == {"configs": [{"activation": "relu", "init": "kaiming"}]}
    assert parsed.unused == ["large"]


def test_out_of_range_numbers_pass_through_for_the_registry_to_reject() -> None:
    parsed = parse_request("sigmoid at 5000 layers")
    assert parsed.params["depth"] == 5000
    assert check_params(parsed.experiment, parsed.params) == [
        (("depth",), "depth must be at most 100 (got 5000)")
    ]


def test_empty_request_is_the_default_experiment() -> None:
    parsed = parse_request("")
    assert parsed.experiment == "gradient_flow" and parsed.params == {} and parsed.unused == []


def test_a_request_over_the_work_budget_is_cut_down_and_says_so() -> None:
    parsed = parse_request("gradient flow at 100 layers width 256 batch 1024")
    assert check_params(parsed.experiment, parsed.params) == []
    assert parsed.params["batch"] < 1024
    assert any(
        n.startswith("cut down to fit the lab's budget: batch 1024 → ") for n in parsed.notes
    )


def test_numbers_are_bounded_and_the_parser_is_linear() -> None:
    import time

    from tutor.errors import UserError

    for text in ("relu at 1e999 layers", "relu at " + "9" * 200 + " layers"):
        with pytest.raises(UserError, match="too large a number"):
            parse_request(text)
    with pytest.raises(UserError, match="at most 300"):
        parse_request("bn do " * 800)
    start = time.perf_counter()
    parse_request("bn do " * 48 + "to tanh")  # the old regex backtracked on this shape
    assert time.perf_counter() - start < 0.1


def test_plain_words_reach_the_new_experiments() -> None:
    assert parse_request("lstm over 100 steps").experiment == "rnn_through_time"
    assert parse_request("float16 with loss scaling").experiment == "precision"
    assert parse_request("orthogonal init at the edge of chaos").experiment == "signal_propagation"
    assert parse_request("layernorm vs rmsnorm at 50 layers").params["depth"] == 50
    clipped = parse_request("train relu with large init and clip 1")
    assert clipped.experiment == "training_dynamics" and clipped.params["clip_norm"] == 1.0


def test_a_leading_show_me_is_not_read_twice() -> None:
    parsed = parse_request("show me show me sigmoid")
    assert parsed.unused == [] and "show" not in " ".join(parsed.understood)
