"""Benchmark the lab's "show me" experiments against the source's straightforward version.

Run: .venv/bin/python bench/lab.py

Baseline (measured in this same process): the source's measure_gradient_flow,
written inline below: build an nn.Sequential of Linear + Sigmoid layers with
Xavier init, one forward and backward pass with autograd, and read each
weight's gradient norm. Ours: tutor.lab.flow.gradient_flow with one
configuration, which also computes δ, activation spread, saturation and a
histogram per layer. The two are timed in interleaved rounds so a noisy,
shared machine slows both alike; medians are reported. The baseline runs
twice: as the source runs it (torch's default thread count) and, stricter,
with torch on one thread (faster for nets this small).

Targets (README, Benchmarks): gradient_flow at 15 layers, width 32, batch 64, warm:
at most 0.5x the baseline; depth 50, width 64: under 16 ms. Exit status 1
when a target is missed.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import torch
import torch.nn as nn

from tutor.lab.flow import gradient_flow
from tutor.lab.params import GradientFlowParams, NetConfig, TrainingDynamicsParams
from tutor.lab.training import iter_training


def baseline(n_layers: int, width: int, batch: int) -> list[float]:
    """The source's measure_gradient_flow (sigmoid, Xavier init), as written there."""
    layers: list[nn.Module] = []
    for _ in range(n_layers):
        layers.extend([nn.Linear(width, width), nn.Sigmoid()])
    layers.append(nn.Linear(width, 1))
    model = nn.Sequential(*layers)
    for m in model.modules():
        if isinstance(m, nn.Linear):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)
    x = torch.randn(batch, width)
    y = torch.randint(0, 2, (batch,)).float()
    loss = nn.BCEWithLogitsLoss()(model(x).squeeze(), y)
    loss.backward()
    return [
        p.grad.norm().item()
        for name, p in model.named_parameters()
        if "weight" in name and p.grad is not None
    ]


def interleaved(
    fns: dict[str, Callable[[], object]], rounds: int, per_round: int
) -> dict[str, float]:
    """Median seconds per call of each function, timed in alternating rounds."""
    samples: dict[str, list[float]] = {name: [] for name in fns}
    for fn in fns.values():  # warm up
        for _ in range(5):
            fn()
    for _ in range(rounds):
        for name, fn in fns.items():
            t0 = time.perf_counter()
            for _ in range(per_round):
                fn()
            samples[name].append((time.perf_counter() - t0) / per_round)
    return {name: statistics.median(s) for name, s in samples.items()}


def main() -> int:
    torch.manual_seed(0)
    threads = torch.get_num_threads()
    print(
        f"torch {torch.__version__} ({threads} intra-op threads by default); tutor.lab runs numpy with hand-written backprop"
    )
    p15 = GradientFlowParams(
        depth=15, width=32, batch=64, configs=[NetConfig(activation="sigmoid", init="default")]
    )
    p50 = GradientFlowParams(
        depth=50, width=64, batch=64, configs=[NetConfig(activation="sigmoid", init="default")]
    )

    # The baseline as the source runs it (torch's default threads), and a
    # stricter one with torch on a single thread, which is faster for tiny nets.
    t = interleaved(
        {
            "baseline15": lambda: baseline(15, 32, 64),
            "ours15": lambda: gradient_flow(p15),
            "baseline50": lambda: baseline(50, 64, 64),
            "ours50": lambda: gradient_flow(p50),
        },
        rounds=15,
        per_round=20,
    )
    torch.set_num_threads(1)
    t1 = interleaved(
        {
            "baseline15": lambda: baseline(15, 32, 64),
            "ours15": lambda: gradient_flow(p15),
            "baseline50": lambda: baseline(50, 64, 64),
        },
        rounds=15,
        per_round=20,
    )
    torch.set_num_threads(threads)

    ratio15 = t["ours15"] / t["baseline15"]
    strict15 = t1["ours15"] / t1["baseline15"]
    print()
    print("gradient_flow, 15 layers, width 32, batch 64 (warm, median of interleaved rounds)")
    print(f"  baseline, as in the source ({threads} threads): {t['baseline15'] * 1e3:7.3f} ms")
    print(
        f"  tutor.lab gradient_flow:                 {t['ours15'] * 1e3:7.3f} ms   ratio {ratio15:.2f}x"
    )
    print(
        f"  baseline with torch on 1 thread:         {t1['baseline15'] * 1e3:7.3f} ms   ratio {strict15:.2f}x (ours {t1['ours15'] * 1e3:.3f} ms)"
    )
    print(
        f"  target <= 0.50x the source's version: {'OK' if ratio15 <= 0.5 else 'MISSED'}"
        f"; against the 1-thread baseline: {'OK' if strict15 <= 0.5 else 'MISSED'}"
    )
    print()
    print("gradient_flow, 50 layers, width 64, batch 64 (warm, median)")
    print(
        f"  baseline, as in the source:      {t['baseline50'] * 1e3:7.3f} ms  (1 thread: {t1['baseline50'] * 1e3:.3f} ms)"
    )
    print(
        f"  tutor.lab gradient_flow:         {t['ours50'] * 1e3:7.3f} ms  ({t['ours50'] / t['baseline50']:.2f}x the source's version)"
    )
    print(f"  target < 16 ms: {'OK' if t['ours50'] < 0.016 else 'MISSED'}")

    params = TrainingDynamicsParams(depth=12, steps=200)
    t0 = time.perf_counter()
    n = sum(1 for _ in iter_training(params))
    elapsed = time.perf_counter() - t0
    print()
    print("training_dynamics, 12 layers, width 32, batch 256, sigmoid/default vs relu/kaiming, SGD")
    print(
        f"  {n} steps of both networks in {elapsed:.2f} s: {n / elapsed:.0f} steps/s ({2 * n / elapsed:.0f} network-steps/s, held-out accuracy every step)"
    )
    return 0 if ratio15 <= 0.5 and t["ours50"] < 0.016 else 1


if __name__ == "__main__":
    raise SystemExit(main())
