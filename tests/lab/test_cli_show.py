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
    assert "sigmoid / default init" in out and "relu / kaiming init" in out
    assert "‖dL/dW‖ per layer, input (1) to output" in out
    assert "layer 1 / layer 6:" in out
    assert "With sigmoid / default init layer 1 receives 10" in out


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
    assert "step   20/20  sigmoid / default init: loss" in out
    assert "training: 20 steps, sgd lr 0.5" in out


def test_training_ctrl_c_stops_cleanly(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import tutor.lab.training as training

    real = training.iter_training

    def interrupted(params, cancel=None):  # type: ignore[no-untyped-def]
        for record in real(params, cancel):
            yield record
            if record.step == 4:
                raise KeyboardInterrupt

    monkeypatch.setattr(training, "iter_training", interrupted)
    assert (
        main(["show", "training_dynamics", "--depth", "3", "--steps", "50", "--batch", "32"]) == 130
    )
    out = capsys.readouterr().out
    assert "stopped after 4 steps" in out
    assert "(cancelled after 4 steps)" in out


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
            "5000",
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
    assert "cancelled after" in out
    assert "Traceback" not in err
