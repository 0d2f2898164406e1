"""rnn_through_time: ‖∂L/∂h_t‖ against t for a tanh RNN, an LSTM and a GRU (torch.nn cells).

A sequence of x_t ~ N(0, 1) runs through one cell (``nn.RNNCell`` with tanh,
``nn.LSTMCell``, ``nn.GRUCell``) stepped in a loop, so every hidden state h_t
is a node of the graph; the loss reads only the last state (a linear readout
averaged over the batch), and one backward pass gives ∂L/∂h_t for every t.
How fast that norm falls going back in time is how far back the network can
learn from. Weights use PyTorch's default init (uniform ±1/√hidden); the
LSTM is run with its forget-gate bias at 0 and at 1 (the common fix: a
forget gate that starts near σ(1) ≈ 0.73 keeps more of the cell state).
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import Field, model_validator

from tutor.lab.experiment import (
    MAX_SEED,
    Cancelled,
    Experiment,
    Params,
    Progress,
    Result,
    never,
    script_text,
    source_of,
    torch_setup,
)
from tutor.lab.figure import Chart, Figure, Series, Table, sci
from tutor.lab.params import over_budget
from tutor.lab.summary import power_of_ten

Cell = Literal["rnn_tanh", "lstm", "lstm_forget1", "gru"]
CELL_LABELS = {
    "rnn_tanh": "tanh RNN",
    "lstm": "LSTM, forget bias 0",
    "lstm_forget1": "LSTM, forget bias 1",
    "gru": "GRU",
}
BUDGET = 4e8  # cells × steps × batch × hidden² (× 4 gates at most): well under a second


def _all_cells() -> list[Cell]:
    return ["rnn_tanh", "lstm", "lstm_forget1", "gru"]


class RnnThroughTimeParams(Params):
    steps: int = Field(default=100, ge=10, le=200, description="Sequence length (time steps).")
    hidden: int = Field(default=64, ge=4, le=256, description="Hidden units (and input features).")
    batch: int = Field(default=16, ge=1, le=256, description="Sequences in the batch.")
    seed: int = Field(default=0, ge=0, le=MAX_SEED, description="Random seed for data and weights.")
    cells: list[Cell] = Field(
        default_factory=_all_cells,
        min_length=1,
        max_length=4,
        description="Cells compared: rnn_tanh, lstm (forget-gate bias 0), lstm_forget1 (bias 1), gru.",
    )

    @model_validator(mode="after")
    def _bounded_work(self) -> RnnThroughTimeParams:
        work = len(self.cells) * self.steps * self.batch * self.hidden**2 * 4
        problem = over_budget(
            "cells × steps × batch × hidden² × 4",
            work,
            BUDGET,
            "use fewer steps, units or sequences",
        )
        if problem:
            raise ValueError(problem)
        return self


class CellRun(Result):
    cell: Cell
    label: str
    grad_norms: list[float] = Field(description="‖∂L/∂h_t‖ for t = 1..steps.")
    first_last_ratio: float | None = Field(description="‖∂L/∂h_1‖ / ‖∂L/∂h_T‖.")
    factor_per_step: float | None = Field(
        description="Geometric-mean change per step going back in time."
    )


class RnnThroughTimeResult(Result):
    experiment: Literal["rnn_through_time"] = "rnn_through_time"
    params: RnnThroughTimeParams
    runs: list[CellRun]


# --- the PyTorch code (copied verbatim into the generated script) ------------------


def grads_through_time(steps: int, hidden: int, batch: int, seed: int, cells: list) -> dict:
    import torch
    from torch import nn

    torch.default_generator.manual_seed(seed)
    xs = torch.randn(steps, batch, hidden)
    out = {}
    for name in cells:
        torch.default_generator.manual_seed(seed + 1)  # every cell draws the same numbers
        kind = {"rnn_tanh": nn.RNNCell, "gru": nn.GRUCell}.get(name, nn.LSTMCell)
        cell, readout = kind(hidden, hidden), nn.Linear(hidden, 1)
        if kind is nn.LSTMCell:  # gates are ordered input, forget, cell, output
            with torch.no_grad():
                cell.bias_ih[hidden : 2 * hidden] = 1.0 if name == "lstm_forget1" else 0.0
                cell.bias_hh[hidden : 2 * hidden] = 0.0
        h = torch.zeros(batch, hidden)
        state, hs = (h, torch.zeros(batch, hidden)) if kind is nn.LSTMCell else h, []
        for x in xs:
            state = cell(x, state)
            hs.append(state[0] if kind is nn.LSTMCell else state)
        loss = readout(hs[-1]).mean()  # the loss reads only the last step
        grads = torch.autograd.grad(loss, hs)  # ∂L/∂h_t for every t, one backward pass
        out[name] = torch.stack([g.norm() for g in grads]).tolist()
    return out


# --- the lab's side -------------------------------------------------------------------


def run(
    params: RnnThroughTimeParams, progress: Progress | None = None, cancelled: Cancelled = never
) -> RnnThroughTimeResult:
    torch_setup()
    raw = grads_through_time(
        params.steps, params.hidden, params.batch, params.seed, list(params.cells)
    )
    runs = []
    for cell in params.cells:
        norms = raw[cell]
        ratio = norms[0] / norms[-1] if norms[-1] > 0 and all(map(math.isfinite, norms)) else None
        factor = None if ratio is None else (ratio ** (1 / (len(norms) - 1)) if ratio > 0 else 0.0)
        runs.append(
            CellRun(
                cell=cell,
                label=CELL_LABELS[cell],
                grad_norms=norms,
                first_last_ratio=ratio,
                factor_per_step=factor,
            )
        )
    return RnnThroughTimeResult(params=params, runs=runs)


def numbers(result: RnnThroughTimeResult) -> dict[str, float]:
    return {f"{r.cell} t={t}": g for r in result.runs for t, g in enumerate(r.grad_norms, 1)}


PRINTER = """for name, norms in numbers.items():
    for t, g in enumerate(norms, 1):
        print(name, f"t={t}", repr(g))"""


def script(params: RnnThroughTimeParams) -> str:
    call = (
        f"grads_through_time(steps={params.steps}, hidden={params.hidden}, batch={params.batch}, "
        f"seed={params.seed}, cells={list(params.cells)!r})"
    )
    return script_text(source_of(grads_through_time), None, call, PRINTER)


def summarize(result: RnnThroughTimeResult) -> str:
    parts = []
    t = result.params.steps
    for r in result.runs:
        ratio = r.first_last_ratio
        if ratio is None:
            parts.append(f"the {r.label}'s gradient overflows or is zero at the last step")
        elif ratio == 0:
            parts.append(f"the {r.label} passes no gradient at all back to step 1 (it underflows)")
        else:
            parts.append(
                f"the {r.label} passes {power_of_ten(ratio) if ratio < 0.01 else f'{ratio:.2g}×'} of step {t}'s gradient back to step 1"
            )
    text = "; ".join(parts)
    return text[0].upper() + text[1:] + "."


def figure(result: RnnThroughTimeResult) -> Figure:
    chart = Chart(
        "‖∂L/∂h_t‖ by time step t (log scale; the loss reads step T)",
        tuple(Series(r.label, tuple(r.grad_norms)) for r in result.runs),
        kind="lines",
        x_title="time step t (1 = first input, right = the step the loss reads)",
    )
    rows = tuple(
        (
            r.label,
            sci(r.grad_norms[0]),
            sci(r.grad_norms[len(r.grad_norms) // 2]),
            sci(r.grad_norms[-1]),
            sci(r.first_last_ratio),
            sci(r.factor_per_step),
        )
        for r in result.runs
    )
    table = Table(
        f"gradient through {result.params.steps} steps",
        (
            "cell",
            "t = 1",
            f"t = {result.params.steps // 2 + 1}",
            f"t = {result.params.steps}",
            "first/last",
            "per step",
        ),
        rows,
    )
    return Figure(charts=(chart,), tables=(table,))


QUANTITIES = {
    "first_last_ratio": "‖∂L/∂h_1‖ / ‖∂L/∂h_T‖ for the first cell",
    "factor_per_step": "geometric-mean change of ‖∂L/∂h_t‖ per step back in time, first cell",
}


def measure(result: RnnThroughTimeResult, quantity: str) -> float | None:
    value: float | None = getattr(result.runs[0], quantity)
    return value


EXPERIMENT = Experiment(
    name="rnn_through_time",
    title="Gradients through time in an RNN, an LSTM and a GRU",
    summary="‖∂L/∂h_t‖ against t for a tanh RNN, an LSTM (forget-gate bias 0 and 1) and a GRU: where recurrent gradients vanish.",
    params_model=RnnThroughTimeParams,
    runner=run,
    summarize=summarize,
    figure=figure,
    script=script,
    numbers=numbers,
    quantities=QUANTITIES,
    measure=measure,
)
