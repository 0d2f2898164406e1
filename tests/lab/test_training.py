"""training_dynamics: ReLU+He learns, sigmoid's first layers stay frozen; streaming and cancelling."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from tutor.lab.params import TrainingDynamicsParams
from tutor.lab.results import TrainingDynamicsResult, TrainingStep
from tutor.lab.training import iter_training, make_task, training_dynamics


@pytest.fixture(scope="module")
def default_run() -> TrainingDynamicsResult:
    # 12 layers, plain SGD, 200 steps, default configs: sigmoid/default vs relu/kaiming
    return training_dynamics(TrainingDynamicsParams(depth=12, steps=200, optimizer="sgd"))


def test_relu_with_he_learns_while_sigmoid_does_not(default_run: TrainingDynamicsResult) -> None:
    sigmoid, relu = default_run.summaries
    assert sigmoid.config.activation == "sigmoid" and relu.config.activation == "relu"
    assert relu.final_accuracy >= 0.9
    assert sigmoid.final_accuracy < 0.7
    assert default_run.completed_steps == 200 and not default_run.cancelled


def test_relu_first_layer_moves_a_thousand_times_more(default_run: TrainingDynamicsResult) -> None:
    sigmoid, relu = default_run.summaries
    assert sigmoid.first_layer_movement is not None and relu.first_layer_movement is not None
    assert relu.first_layer_movement >= 1000 * sigmoid.first_layer_movement
    # sigmoid's last hidden layer does move: the problem is the input side
    assert sigmoid.last_hidden_movement is not None
    assert sigmoid.last_hidden_movement > 1e4 * sigmoid.first_layer_movement


def test_every_step_reports_every_layer(default_run: TrainingDynamicsResult) -> None:
    assert [s.step for s in default_run.steps] == list(range(1, 201))
    for run in default_run.steps[0].runs:
        assert len(run.grad_norms) == 13 and len(run.weight_movement) == 13
        assert 0 <= run.accuracy <= 1 and run.loss > 0
    first, last = default_run.steps[0].runs[1], default_run.steps[-1].runs[1]
    assert last.loss < first.loss


def test_the_task_is_balanced_and_not_linearly_separable() -> None:
    x, y, x_test, y_test = make_task(32, 0)
    assert x.shape == (2048, 32) and x_test.shape == (1024, 32)
    assert 0.4 < y.mean() < 0.6
    # a least-squares linear classifier stays well below the 90% the ReLU net reaches
    design = np.hstack([x, np.ones((len(x), 1))])
    w, *_ = np.linalg.lstsq(design, 2 * y - 1, rcond=None)
    linear = np.mean((np.hstack([x_test, np.ones((len(x_test), 1))]) @ w > 0) == (y_test > 0.5))
    assert 0.7 < linear < 0.85


def test_same_seed_same_run() -> None:
    params = TrainingDynamicsParams(depth=4, steps=5, batch=32)
    assert training_dynamics(params).steps == training_dynamics(params).steps


def test_generator_streams_one_record_per_step_for_every_config() -> None:
    params = TrainingDynamicsParams(depth=4, steps=3, batch=32, optimizer="adam")
    records = list(iter_training(params))
    assert [r.step for r in records] == [1, 2, 3]
    assert all(len(r.runs) == 2 for r in records)


def test_callback_sees_every_step_and_an_event_cancels_within_one_step() -> None:
    cancel = threading.Event()
    seen: list[int] = []

    def on_step(record: TrainingStep) -> None:
        seen.append(record.step)
        if record.step == 7:
            cancel.set()

    result = training_dynamics(
        TrainingDynamicsParams(depth=6, steps=200, batch=32), on_step=on_step, cancel=cancel
    )
    assert seen == list(range(1, 8))
    assert result.completed_steps == 7 and result.cancelled
    assert len(result.steps) == 7


def test_a_callable_cancels_too() -> None:
    calls = {"n": 0}

    def cancelled() -> bool:
        calls["n"] += 1
        return calls["n"] > 3

    result = training_dynamics(
        TrainingDynamicsParams(depth=4, steps=50, batch=32), cancel=cancelled
    )
    assert result.completed_steps == 3 and result.cancelled


def test_cancelled_before_the_first_step() -> None:
    event = threading.Event()
    event.set()
    result = training_dynamics(TrainingDynamicsParams(depth=4, steps=50), cancel=event)
    assert result.completed_steps == 0 and result.steps == [] and result.cancelled


def test_zero_init_reports_no_relative_movement() -> None:
    params = TrainingDynamicsParams(
        depth=3, steps=2, batch=16, configs=[{"activation": "relu", "init": "zeros"}]
    )
    result = training_dynamics(params)
    assert result.steps[-1].runs[0].weight_movement[0] is None
    result.model_dump_json()
