"""What each catalogue scene is expected to cost, so that the dearest scenes start first.

With two workers taking scenes in the catalogue's order, the dear scenes near its end
(deep-bending, trask-network) ran alone after the other worker had run out of scenes. Started
longest-first, the cheap scenes fill in at the end and the workers finish about together.
Only the order changes: every scene renders the same.

The figures are relative: each scene's worker CPU seconds at preview quality, from
``benchmarks/catalogue.py`` (README, "The catalogue's render cost"). A scene not in the table (a
generated one, or one added since) counts as dearer than any, so it starts first rather than last.
Scenes a change made cheaper since that table are scaled by their CPU after/before measured the
same day (trask-network, activations, circles-training, two-layer-linear, matmul-2x3,
two-curves-revisited: snapshots of still mobjects and readouts redrawn only on change).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

__all__ = ["EXPECTED_CPU_SECONDS", "longest_first"]

EXPECTED_CPU_SECONDS = {
    "intro": 22.0,
    "two-curves": 5.8,
    "matmul-1x2": 5.8,
    "matmul-1x2-values": 4.6,
    "one-layer-transform": 7.6,
    "one-layer-random": 7.7,
    "one-layer-trained": 7.0,
    "two-curves-revisited": 5.8,
    "hard-curves": 8.6,
    "one-layer-hard": 8.3,
    "two-layer-linear": 19.4,
    "matmul-2x2": 5.9,
    "relu-fold": 3.5,
    "two-layer-relu": 11.8,
    "matmul-2x3": 9.2,
    "matmul-more": 13.1,
    "linear-collapse": 13.1,
    "activations": 13.4,
    "five-operations": 19.9,
    "lift-3d": 20.0,
    "deep-bending": 47.4,
    "xor": 13.7,
    "circles-training": 13.1,
    "loss-surface": 13.2,
    "trask-network": 23.5,
}


def longest_first(jobs: Sequence, costs: dict[str, float] = EXPECTED_CPU_SECONDS) -> list:
    """``jobs`` (each with an ``entry.id``) dearest first; equal costs keep their order."""
    return sorted(jobs, key=lambda job: -costs.get(job.entry.id, math.inf))
