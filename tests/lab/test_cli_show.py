"""``tutor show``: tables, JSON, the list, free-text requests and one-line errors."""

from __future__ import annotations

import json

import pytest

from tutor.cli import main


def test_table_chart_and_summary(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "show",
                "gradient_flow",
                "--depth",
                "6",
                "--activation",
                "sigmoid",
                "relu",
                "--init",
                "default",
                "kaiming",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "sigmoid/default" in out and "relu/kaiming" in out
    assert "‖dL/dW‖ per layer (log scale)" in out
    assert "layer 1 / layer 6:" in out
    assert "With sigmoid/default layer 1 receives 10" in out


def test_json_is_the_result_model(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "chain_product", "--layers", "10", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["experiment"] == "chain_product"
    assert data["product"] == pytest.approx(0.25**10, rel=1e-12)
    assert data["layers"] == list(range(1, 11))


def test_config_flags_build_configurations(capsys: pytest.CaptureFixture[str]) -> None:
    argv = [
        "show",
        "gradient_flow",
        "--depth",
        "4",
        "--json",
        "--config",
        "activation=tanh",
        "--config",
        "activation=tanh,batch_norm=on",
    ]
    assert main(argv) == 0
    runs = json.loads(capsys.readouterr().out)["runs"]
    assert [r["config"] for r in runs] == [
        {"activation": "tanh", "init": "default", "batch_norm": False, "residual": False},
        {"activation": "tanh", "init": "default", "batch_norm": True, "residual": False},
    ]
    assert (
        main(
            [
                "show",
                "gradient_flow",
                "--depth",
                "4",
                "--json",
                "--activation",
                "sigmoid",
                "--batch-norm",
                "off",
                "on",
            ]
        )
        == 0
    )
    runs = json.loads(capsys.readouterr().out)["runs"]
    assert [(r["config"]["activation"], r["config"]["batch_norm"]) for r in runs] == [
        ("sigmoid", False),
        ("sigmoid", True),
    ]


def test_list_shows_parameters_with_bounds_and_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "--list"]) == 0
    out = capsys.readouterr().out
    for name in ("activation_derivatives", "chain_product", "gradient_flow", "training_dynamics"):
        assert name in out
    assert "--depth" in out and ">= 2, <= 100" in out and "default 15" in out
    assert "sigmoid|tanh|relu|leaky_relu" in out


def test_bad_parameter_is_one_line_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "gradient_flow", "--depth", "500"]) == 2
    assert (
        capsys.readouterr().err
        == "tutor: error: gradient_flow: depth must be at most 100 (got 500)\n"
    )
    assert main(["show", "gradient_flow", "--deptth", "5"]) == 2
    assert "unknown parameter 'deptth' (did you mean 'depth'?)" in capsys.readouterr().err
    assert main(["show", "gradient_flow", "--depth", "5", "6"]) == 2
    assert capsys.readouterr().err == "tutor: error: --depth takes one value (got 2: 5 6)\n"
    assert (
        main(
            [
                "show",
                "gradient_flow",
                "--activation",
                "sigmoid",
                "relu",
                "--init",
                "default",
                "xavier",
                "kaiming",
            ]
        )
        == 2
    )
    assert "same number of values" in capsys.readouterr().err


def test_unknown_experiment_suggests_and_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "gradient_flw"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        "tutor: error: unknown experiment 'gradient_flw' (did you mean 'gradient_flow'?)"
    )
    assert main(["show"]) == 2


def test_free_text_request(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "sigmoid vs relu at 8 layers with he init and bananas", "--json"]) == 0
    captured = capsys.readouterr()
    assert (
        "understood: experiment: gradient_flow; 8 layers; activations: sigmoid, relu; init: He (kaiming)"
        in captured.err
    )
    assert "could not use: bananas" in captured.err
    data = json.loads(captured.out)
    assert data["params"]["depth"] == 8
    assert [r["config"]["init"] for r in data["runs"]] == ["kaiming", "kaiming"]


def test_free_text_out_of_range_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "sigmoid at 1000 layers"]) == 2
    assert "depth must be at most 100 (got 1000)" in capsys.readouterr().err


def test_training_streams_progress(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["show", "training_dynamics", "--depth", "3", "--steps", "20", "--batch", "32"]) == 0
    )
    out = capsys.readouterr().out
    assert out.count("step ") >= 10
    assert "step   20/20  sigmoid/default: loss" in out
    assert "training: sgd lr 0.5" in out


def test_training_ctrl_c_stops_cleanly(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import tutor.lab.experiments.training_dynamics as training

    real = training.train

    def interrupted(*args, **kwargs):  # type: ignore[no-untyped-def]
        for step, records in enumerate(real(*args, **kwargs), 1):
            yield records
            if step == 4:
                raise KeyboardInterrupt

    monkeypatch.setattr(training, "train", interrupted)
    assert (
        main(["show", "training_dynamics", "--depth", "3", "--steps", "50", "--batch", "32"]) == 130
    )
    out = capsys.readouterr().out
    assert "stopped after 4 steps" in out
    assert "(stopped after 4 steps)" in out


def test_real_sigint_stops_training_and_prints_what_ran() -> None:
    import signal
    import subprocess
    import sys

    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tutor",
            "show",
            "training_dynamics",
            "--steps",
            "1000",
            "--depth",
            "4",
            "--batch",
            "32",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    first = proc.stdout.readline()  # the first progress line: training is under way
    assert first.startswith("step ")
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, err
    assert "stopped after" in out
    assert "(stopped after" in out
    assert "Traceback" not in err


def test_an_experiment_name_then_stray_words_is_a_usage_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`tutor show chain_product 10` must not run gradient_flow (or anything else)."""
    assert main(["show", "chain_product", "10"]) == 2
    err = capsys.readouterr().err
    assert "unexpected words after 'chain_product': 10" in err
    assert "usage: tutor show" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("request_text", "message"),
    [
        ("sigmoid vs relu at 1e999 layers", "too large a number"),
        ("bn do " * 800, "at most 300"),
        ("relu at 99999999999999999999 layers", "too large a number"),
    ],
)
def test_hostile_requests_are_one_line_errors(
    capsys: pytest.CaptureFixture[str], request_text: str, message: str
) -> None:
    import time

    start = time.perf_counter()
    assert main(["show", request_text]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert time.perf_counter() - start < 2


def test_misspelt_words_get_a_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "sigmod vs relu at 4 layers", "--json"]) == 0
    err = capsys.readouterr().err
    assert "'sigmod': did you mean 'sigmoid'?" in err


def test_code_prints_a_script_that_reproduces_the_run(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "gradient_flow", "--depth", "5", "--seed", "3", "--code"]) == 0
    code = capsys.readouterr().out
    assert "import torch" in code and "depth=5" in code and "seed=3" in code
    compile(code, "<script>", "exec")
