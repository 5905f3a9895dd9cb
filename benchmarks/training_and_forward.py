"""Print the speed figures issue 2 asks for: training every experiment, a 1M-point forward pass.

Targets (issue 2): training all experiments takes a few seconds at most; the forward pass of a
2-2-1 network over 1,000,000 points takes well under a second. Figures only, no pass/fail: timing
depends on the machine, and the tests stay free of timed assertions.

Run with ``.venv/bin/python benchmarks/training_and_forward.py``.
"""

from __future__ import annotations

import os
import platform
import time
import tracemalloc

import numpy as np

from nn_core import forward
from nn_core.experiments import EXPERIMENTS, run_experiment, trained

__all__ = ["benchmark_forward", "benchmark_training", "main"]

FORWARD_POINTS = 1_000_000
FORWARD_REPEATS = 5


def benchmark_training() -> float:
    """Train every experiment from scratch (no cache), print each time and return the total."""
    print("(a) training every experiment from scratch (run_experiment, wall clock)")
    total = 0.0
    for name, experiment in EXPERIMENTS.items():
        started = time.perf_counter()
        result = run_experiment(experiment)
        seconds = time.perf_counter() - started
        total += seconds
        print(
            f"    {name:<18} {result.network.architecture.describe():<46} "
            f"accuracy {result.accuracy:6.1%}  {seconds:7.3f} s"
        )
    print(f"    {'total':<18} {'':<46} {'':<15}  {total:7.3f} s   (target: a few seconds at most)")
    return total


def benchmark_forward() -> float:
    """Time ``forward`` of the trained 2-2-1 ReLU network on 1M points; return the best seconds."""
    network = trained("two-layer-relu").network
    # Points spread over the visible plane, as a grid-line animation would sample it.
    points = np.random.default_rng(0).uniform(-4.0, 4.0, size=(FORWARD_POINTS, 2))
    forward(network, points[:1000])  # warm up imports and caches outside the timing

    timings = []
    for _ in range(FORWARD_REPEATS):
        started = time.perf_counter()
        trace = forward(network, points)
        timings.append(time.perf_counter() - started)
        del trace
    best = min(timings)

    tracemalloc.start()
    trace = forward(network, points)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # An identity layer may hand back its pre-activation as its activation: count each buffer once.
    buffers = {
        id(array): array
        for layer in trace.layers
        for array in (layer.linear, layer.pre_activation, layer.activation)
    }
    kept = sum(array.nbytes for array in buffers.values())

    print(
        f"(b) forward pass of {network.architecture.describe()} over {FORWARD_POINTS:,} points "
        f"(best of {FORWARD_REPEATS})"
    )
    print(
        f"    best {best:.4f} s   {FORWARD_POINTS / best:,.0f} points/s   (target: well under 1 s)"
    )
    print(f"    all runs: {', '.join(f'{t:.4f}' for t in timings)} s")
    print(
        f"    peak extra memory (tracemalloc) {peak / 2**20:.1f} MiB, of which the returned trace "
        f"keeps {kept / 2**20:.1f} MiB (input points {points.nbytes / 2**20:.1f} MiB, not counted)"
    )
    return best


def main() -> None:
    print(
        f"python {platform.python_version()}, numpy {np.__version__}, {os.cpu_count()} CPUs, "
        f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE')!r}"
    )
    benchmark_training()
    benchmark_forward()


if __name__ == "__main__":
    main()
