"""Result models by their old names, for code that imports them from one place."""

from __future__ import annotations

from tutor.lab.experiments.activation_derivatives import (
    ActivationCurve,
    ActivationDerivativesResult,
)
from tutor.lab.experiments.chain_product import ChainProductResult
from tutor.lab.experiments.gradient_flow import FlowRun, GradientFlowResult, LayerStats
from tutor.lab.experiments.training_dynamics import (
    RunStep,
    RunSummary,
    TrainingDynamicsResult,
    TrainingStep,
)

__all__ = [
    "ActivationCurve",
    "ActivationDerivativesResult",
    "ChainProductResult",
    "FlowRun",
    "GradientFlowResult",
    "LayerStats",
    "RunStep",
    "RunSummary",
    "TrainingDynamicsResult",
    "TrainingStep",
]
