"""Result models of the lab's experiments: data, never text.

The CLI and the UI render these; tests assert on them; ``--json`` prints them.
Imports only pydantic. Numbers that can be undefined (a ratio of two zero
norms, a relative movement from all-zero weights) are ``None``, never NaN, so
the JSON stays valid.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from tutor.lab.params import (
    ActivationDerivativesParams,
    ChainProductParams,
    GradientFlowParams,
    NetConfig,
    TrainingDynamicsParams,
)

# Fixed edges (log10 |g|) of every gradient histogram, so histograms from
# different runs line up and snapshot cleanly. Bin 0 holds |g| < 10^-20
# (exact zeros included); bin i (1..24) holds 10^(e_{i-1}) <= |g| < 10^(e_i);
# the last bin holds |g| >= 10^4.
HISTOGRAM_EDGES: tuple[float, ...] = tuple(float(e) for e in range(-20, 5))


class _Result(BaseModel):
    model_config = ConfigDict(frozen=True)


# --- activation_derivatives -------------------------------------------------


class ActivationCurve(_Result):
    activation: str
    z: list[float]
    value: list[float] = Field(description="act(z) at each z.")
    derivative: list[float] = Field(
        description="act'(z) at each z (ReLU'(0) taken as 0, as PyTorch does)."
    )
    max_derivative: float = Field(description="Largest derivative on the grid.")
    argmax_z: float = Field(
        description="The z where the derivative is largest (the one nearest 0 if there are several)."
    )
    peak_from: float = Field(description="Smallest grid z where the derivative equals its maximum.")
    peak_to: float = Field(description="Largest grid z where the derivative equals its maximum.")
    min_derivative: float


class ActivationDerivativesResult(_Result):
    experiment: Literal["activation_derivatives"] = "activation_derivatives"
    params: ActivationDerivativesParams
    curves: list[ActivationCurve]


# --- chain_product ------------------------------------------------------------


class ChainProductResult(_Result):
    experiment: Literal["chain_product"] = "chain_product"
    params: ChainProductParams
    layers: list[int] = Field(
        description="Layers passed through, 1..L, counted back from the output."
    )
    z: list[float] | None = Field(
        description="Pre-activation at each layer (modes at_z and random)."
    )
    local_factors: list[float] = Field(description="Local derivative at each layer.")
    cumulative: list[float] = Field(
        description="Product of the local factors up to and including each layer."
    )
    cumulative_log10: list[float | None] = Field(
        description="log10 of each cumulative product, exact even where the float under- or overflows; None where it is 0."
    )
    product: float = Field(description="Product over all L layers.")
    log10_product: float | None = Field(description="log10 of the product; None when it is 0.")
    best_case: float | None = Field(
        description="(peak derivative)^L: the largest product this activation allows; None in mode constant."
    )


# --- gradient_flow ------------------------------------------------------------


class LayerStats(_Result):
    layer: int = Field(
        description="1 = the layer next to the input, counting up to the output layer."
    )
    kind: Literal["hidden", "output"]
    weight_grad_norm: float = Field(description="Frobenius norm of dLoss/dW for this layer.")
    delta_norm: float = Field(
        description="Norm of the backpropagated error δ = dLoss/dz, z the layer's pre-activation (the linear output, before batch norm)."
    )
    activation_std: float = Field(
        description="Standard deviation of the layer's output over the batch and units."
    )
    saturated_fraction: float | None = Field(
        description="sigmoid/tanh: share of (example, unit) pairs whose local derivative is below 1% of its peak; else None."
    )
    dead_fraction: float | None = Field(
        description="relu/leaky_relu: share of units whose input is <= 0 for every example in the batch; else None."
    )
    grad_histogram: list[int] = Field(
        description="Counts of log10|dLoss/dW| entries over HISTOGRAM_EDGES bins."
    )


class FlowRun(_Result):
    config: NetConfig
    label: str
    loss: float
    layers: list[LayerStats] = Field(
        description="Input side first: hidden layers 1..depth, then the output layer."
    )
    first_last_ratio: float | None = Field(
        description="Weight-gradient norm of hidden layer 1 divided by that of the last hidden layer; None if the latter is 0."
    )
    factor_per_layer: float | None = Field(
        description="Geometric-mean factor by which the weight-gradient norm changes per layer, going from the last hidden layer back to the first (below 1: vanishing)."
    )
    finite: bool = Field(description="False when some value overflowed to inf or NaN.")


class GradientFlowResult(_Result):
    experiment: Literal["gradient_flow"] = "gradient_flow"
    params: GradientFlowParams
    histogram_edges: list[float] = Field(default_factory=lambda: list(HISTOGRAM_EDGES))
    runs: list[FlowRun]


# --- training_dynamics --------------------------------------------------------


class RunStep(_Result):
    loss: float = Field(description="Training loss on this step's batch (before the update).")
    accuracy: float = Field(description="Accuracy on the held-out set after the update.")
    grad_norms: list[float] = Field(
        description="Weight-gradient norm per layer, input side first, output layer last."
    )
    weight_movement: list[float | None] = Field(
        description="‖W - W0‖ / ‖W0‖ per layer after the update; None where W0 is all zero."
    )


class TrainingStep(_Result):
    """One step of every configuration, side by side (runs[i] is configs[i])."""

    step: int = Field(description="1-based step number.")
    runs: list[RunStep]


class RunSummary(_Result):
    config: NetConfig
    label: str
    final_loss: float
    final_accuracy: float
    first_layer_movement: float | None
    last_hidden_movement: float | None


class TrainingDynamicsResult(_Result):
    experiment: Literal["training_dynamics"] = "training_dynamics"
    params: TrainingDynamicsParams
    lr: float
    task: str = Field(description="What the synthetic task is.")
    completed_steps: int
    cancelled: bool
    steps: list[TrainingStep]
    summaries: list[RunSummary]


ExperimentResult = (
    ActivationDerivativesResult | ChainProductResult | GradientFlowResult | TrainingDynamicsResult
)
