"""Parameter pieces shared by several experiments: network variants, bounds, the work budget.

Imports only pydantic. Every number is bounded, and so is the work a request
asks for as a whole (layers × width × batch × configurations, and steps for
training): any request the models accept finishes in seconds and well under
500 MB, and one that asks for more is refused with the product named.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from tutor.lab.experiment import MAX_SEED, Params

Activation = Literal["sigmoid", "tanh", "relu", "leaky_relu"]
Init = Literal["default", "xavier", "kaiming", "zeros", "large"]

ACTIVATIONS: tuple[str, ...] = ("sigmoid", "tanh", "relu", "leaky_relu")
INITS: tuple[str, ...] = ("default", "xavier", "kaiming", "zeros", "large")
PEAK_DERIVATIVE = {"sigmoid": 0.25, "tanh": 1.0, "relu": 1.0, "leaky_relu": 1.0}
SATURATION_FRACTION = 0.01
LEAKY_SLOPE = 0.01

__all__ = ["MAX_SEED", "NetConfig", "over_budget"]


class NetConfig(Params):
    """One network variant in a side-by-side comparison."""

    activation: Activation = Field(
        default="sigmoid", description="Hidden-layer activation function."
    )
    init: Init = Field(
        default="default",
        description=(
            "Weight initialisation: default = PyTorch's nn.Linear default (uniform ±1/√fan_in, "
            "weights and biases; NOT He), xavier = nn.init.xavier_uniform_, kaiming = "
            "nn.init.kaiming_normal_ for ReLU, zeros = all zero, large = N(0, 1) weights. "
            "Biases are zero except for default."
        ),
    )
    batch_norm: bool = Field(
        default=False,
        description="nn.BatchNorm1d between each linear layer and its activation.",
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
        return " + ".join([f"{self.activation}/{self.init}", *extras])


def default_configs() -> list[NetConfig]:
    return [
        NetConfig(activation="sigmoid", init="default"),
        NetConfig(activation="relu", init="kaiming"),
    ]


def over_budget(what: str, work: float, budget: float, hint: str) -> str | None:
    """The refusal for a request whose work (a product of its sizes) exceeds the budget."""
    if work <= budget:
        return None
    return f"{what} = {work:,.0f} is over the lab's budget of {budget:,.0f} (it keeps every run under 10 s); {hint}"
