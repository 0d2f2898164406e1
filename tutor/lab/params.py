"""Parameter models of the lab's experiments.

This module imports only pydantic, so the content loader can check every
``show_me`` reference at load time without paying for numpy or torch. Every
number is bounded: an experiment must never be asked to build a network that
freezes the terminal, and an author's typo must fail with the bound named.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Activation = Literal["sigmoid", "tanh", "relu", "leaky_relu"]
Init = Literal["default", "xavier", "kaiming", "zeros", "large"]
ChainMode = Literal["at_z", "constant", "random"]
Optimizer = Literal["sgd", "adam"]

ACTIVATIONS: tuple[str, ...] = ("sigmoid", "tanh", "relu", "leaky_relu")
INITS: tuple[str, ...] = ("default", "xavier", "kaiming", "zeros", "large")

MAX_SEED = 2**32 - 1


class _Params(BaseModel):
    """Unknown parameters are errors; instances are frozen so results can quote them."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class NetConfig(_Params):
    """One network variant in a side-by-side comparison."""

    activation: Activation = Field(
        default="sigmoid", description="Hidden-layer activation function."
    )
    init: Init = Field(
        default="default",
        description=(
            "Weight initialisation: default = PyTorch's nn.Linear default (uniform ±1/√fan_in, "
            "weights and biases; NOT He), xavier = Glorot uniform, kaiming = He normal for ReLU, "
            "zeros = all zero, large = N(0, 1) weights. Biases are zero except for default."
        ),
    )
    batch_norm: bool = Field(
        default=False,
        description="Batch normalisation between each linear layer and its activation.",
    )
    residual: bool = Field(
        default=False, description="Skip connection around every hidden layer: h = h + act(...)."
    )

    @property
    def label(self) -> str:
        extras = [
            name
            for name, on in (("batch norm", self.batch_norm), ("residual", self.residual))
            if on
        ]
        return " + ".join([f"{self.activation} / {self.init} init", *extras])


def _default_configs() -> list[NetConfig]:
    return [
        NetConfig(activation="sigmoid", init="default"),
        NetConfig(activation="relu", init="kaiming"),
    ]


def _all_activations() -> list[Activation]:
    """A named factory, not a lambda, so the list is typed as Activation values rather than str."""
    return ["sigmoid", "tanh", "relu", "leaky_relu"]


class ActivationDerivativesParams(_Params):
    activations: list[Activation] = Field(
        default_factory=_all_activations,
        min_length=1,
        max_length=4,
        description="Activation functions to plot with their derivatives.",
    )
    z_min: float = Field(default=-6.0, ge=-50.0, le=50.0, description="Left end of the z range.")
    z_max: float = Field(default=6.0, ge=-50.0, le=50.0, description="Right end of the z range.")
    points: int = Field(
        default=241, ge=3, le=10_001, description="Number of evenly spaced z values."
    )
    leaky_slope: float = Field(
        default=0.01, ge=0.0, le=0.5, description="Slope of leaky ReLU for z < 0."
    )

    @model_validator(mode="after")
    def _range_is_ordered(self) -> ActivationDerivativesParams:
        if self.z_min >= self.z_max:
            raise ValueError(f"z_min ({self.z_min:g}) must be less than z_max ({self.z_max:g})")
        return self


class ChainProductParams(_Params):
    layers: int = Field(
        default=10, ge=1, le=500, description="Number of layers the gradient passes back through."
    )
    mode: ChainMode = Field(
        default="at_z",
        description="at_z: every layer at pre-activation z; constant: the same local factor everywhere; random: z ~ N(0, z_std).",
    )
    z: float = Field(
        default=0.0, ge=-50.0, le=50.0, description="Pre-activation at every layer (mode at_z)."
    )
    factor: float = Field(
        default=0.25,
        ge=0.0,
        le=10.0,
        description="Local derivative at every layer (mode constant).",
    )
    activation: Activation = Field(
        default="sigmoid",
        description="Activation whose derivative is multiplied (modes at_z and random).",
    )
    z_std: float = Field(
        default=1.0,
        ge=0.0,
        le=50.0,
        description="Spread of the random pre-activations (mode random).",
    )
    seed: int = Field(default=0, ge=0, le=MAX_SEED, description="Random seed (mode random).")


class GradientFlowParams(_Params):
    depth: int = Field(default=15, ge=2, le=100, description="Number of hidden layers.")
    width: int = Field(
        default=32, ge=2, le=256, description="Units per hidden layer (and input features)."
    )
    batch: int = Field(
        default=64,
        ge=2,
        le=1024,
        description="Examples in the batch (batch norm needs at least 2).",
    )
    seed: int = Field(default=0, ge=0, le=MAX_SEED, description="Random seed for data and weights.")
    configs: list[NetConfig] = Field(
        default_factory=_default_configs,
        min_length=1,
        max_length=12,
        description="Network variants compared side by side (default: sigmoid/default vs relu/kaiming).",
    )


class TrainingDynamicsParams(_Params):
    depth: int = Field(default=12, ge=2, le=50, description="Number of hidden layers.")
    width: int = Field(
        default=32, ge=2, le=128, description="Units per hidden layer (and input features)."
    )
    steps: int = Field(default=200, ge=1, le=5000, description="Optimisation steps.")
    optimizer: Optimizer = Field(default="sgd", description="sgd (plain, no momentum) or adam.")
    lr: float | None = Field(
        default=None,
        gt=0.0,
        le=10.0,
        description="Learning rate (default: 0.5 for sgd, 0.005 for adam).",
    )
    batch: int = Field(
        default=256,
        ge=2,
        le=2048,
        description="Examples per step (drawn from 2,048 training points).",
    )
    seed: int = Field(
        default=0, ge=0, le=MAX_SEED, description="Random seed for the task and the weights."
    )
    configs: list[NetConfig] = Field(
        default_factory=_default_configs,
        min_length=1,
        max_length=4,
        description="Network variants trained side by side (default: sigmoid/default vs relu/kaiming).",
    )

    @property
    def effective_lr(self) -> float:
        if self.lr is not None:
            return self.lr
        return DEFAULT_LR[self.optimizer]


DEFAULT_LR: dict[str, float] = {"sgd": 0.5, "adam": 0.005}
