"""Which points a frame shows when a data set has more than a frame can draw usefully.

Training and accuracy use every point; the picture shows a fair sample: each class keeps its
share of the points shown, and every point on the wrong side of the boundary is among them (the
readout counts them, so the picture must show them all). Deterministic: the same labels and
wrong-side points always give the same sample.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["DEFAULT_SHOWN_POINTS", "SAMPLE_SEED", "ShownSample", "shown_sample"]

# A 854x480 frame shows a few thousand dots as a cloud with a shape; beyond that they merge.
DEFAULT_SHOWN_POINTS = 2000
SAMPLE_SEED = 0


@dataclass(frozen=True, eq=False)
class ShownSample:
    """``indices (k,)`` into the data, ascending; ``total`` points in the data; ``wrong`` of them
    on the wrong side, ``wrong_shown`` of those in the sample (all of them unless the wrong-side
    points alone outnumber the sample)."""

    indices: np.ndarray
    total: int
    wrong: int
    wrong_shown: int

    @property
    def count(self) -> int:
        return len(self.indices)

    @property
    def is_everything(self) -> bool:
        return self.count == self.total

    def summary(self) -> str:
        """``2,000 of 200,000 points shown (each class's share, all 37 wrong-side points)``."""
        if self.is_everything:
            return f"all {self.total:,} points shown"
        wrong = (
            f"all {self.wrong:,} wrong-side points"
            if self.wrong_shown == self.wrong
            else f"{self.wrong_shown:,} of {self.wrong:,} wrong-side points"
        )
        return f"{self.count:,} of {self.total:,} points shown (each class's share, {wrong})"


def _quotas(counts: np.ndarray, limit: int) -> np.ndarray:
    """``limit`` split in proportion to ``counts`` by largest remainders (ties to the lower
    index), never more than a count, and at least one for a non-empty group."""
    exact = counts / counts.sum() * limit
    quotas = np.floor(exact).astype(np.int64)
    order = sorted(range(len(counts)), key=lambda k: (-(exact[k] - quotas[k]), k))
    for k in order[: limit - int(quotas.sum())]:
        quotas[k] += 1
    quotas = np.minimum(np.maximum(quotas, (counts > 0).astype(np.int64)), counts)
    while quotas.sum() > limit:  # a group raised to one point takes it from the largest
        quotas[int(np.argmax(quotas))] -= 1
    return quotas


def _choose(indices: np.ndarray, count: int, rng: np.random.Generator) -> np.ndarray:
    if count >= len(indices):
        return indices
    return np.sort(rng.choice(indices, size=count, replace=False))


def shown_sample(
    labels: np.ndarray,
    wrong: np.ndarray,
    limit: int = DEFAULT_SHOWN_POINTS,
    seed: int = SAMPLE_SEED,
) -> ShownSample:
    """The points to draw: at most ``limit`` of ``labels (n,)``, stratified by class, with every
    point where ``wrong (n,)`` is true.

    Each class gets its share of ``limit`` (largest remainders); within a class, its wrong-side
    points first, then correctly placed ones drawn at random (``seed``) to fill the share. When a
    class has more wrong-side points than its share, its share is split between wrong and right
    in their own proportion instead (the summary then says how many wrong ones are shown).

    Raises ``ValueError`` for a ``limit`` below 1 or arrays of different lengths.
    """
    labels = np.asarray(labels).reshape(-1)
    wrong = np.asarray(wrong, dtype=bool).reshape(-1)
    if limit < 1:
        raise ValueError(f"the number of points shown must be at least 1, got {limit}")
    if wrong.shape != labels.shape:
        raise ValueError(f"{wrong.size} wrong-side flags for {labels.size} labels")
    total, wrong_count = labels.size, int(wrong.sum())
    if total <= limit:
        return ShownSample(np.arange(total), total, wrong_count, wrong_count)
    rng = np.random.default_rng(seed)
    classes = np.unique(labels)
    shares = _quotas(np.array([np.sum(labels == c) for c in classes]), limit)
    chosen = []
    for label, share in zip(classes, shares, strict=True):
        members = labels == label
        off, on = np.flatnonzero(members & wrong), np.flatnonzero(members & ~wrong)
        if len(off) <= share:
            chosen += [off, _choose(on, share - len(off), rng)]
        else:
            split = _quotas(np.array([len(off), len(on)]), share)
            chosen += [_choose(off, split[0], rng), _choose(on, split[1], rng)]
    indices = np.sort(np.concatenate(chosen))
    return ShownSample(indices, total, wrong_count, int(wrong[indices].sum()))
