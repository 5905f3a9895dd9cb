"""The article's two curve data sets: `two_curves` (a line separates them) and `hard_curves` (no
line does, a 2-2-1 ReLU network does).

Both are fixed formulas without noise, so every point sits exactly on its curve, and both put
class 0 (yellow in the videos) on the lower curve and class 1 (blue) on the upper one.
"""

from __future__ import annotations

import numpy as np

from datasets.dataset import Dataset

__all__ = ["hard_curves", "two_curves"]

POINTS_PER_CURVE = 100
X1_RANGE = (-3.0, 3.0)

# The article's untrained classifier f(x) = x1 + x2 - 2, read as "class 1 when f(x) > 1", gets
# about two thirds right: every lower point and the upper points with x1 above roughly 1.
# An upper wave around x2 = 1.7 gives that; the lower wave is the same wave 3 units down.
WAVE_CENTRE_UPPER = 1.7
WAVE_CENTRE_LOWER = -1.3
WAVE_AMPLITUDE = 0.4

# Half the vertical gap between the hard curves. The bump 2 / (1 + x1^2) - 1 drops by 1.8 across
# half the range, far more than the 2 * 0.4 gap, so no straight line fits between the curves;
# the tent min(0.75, 0.8 - 0.6 |x1|), which two ReLUs can draw, stays within 0.29 of the bump,
# inside the gap.
HARD_HALF_GAP = 0.4
# Moves the bump 2 / (1 + x1^2) down so the curves straddle x2 = 0 instead of sitting above it.
HARD_VERTICAL_SHIFT = -1.0


def two_curves() -> Dataset:
    """Two parallel gentle waves, 100 points each, 3 units apart.

    Class 0: ``x2 = -1.3 + 0.4 cos(x1)``, class 1: ``x2 = 1.7 + 0.4 cos(x1)``, with
    ``x1`` evenly spaced in [-3, 3]. Any horizontal line ``x2 = c`` with -0.9 < c < 1.3 separates
    the classes.

    Returns
    -------
    Dataset
        ``points`` of shape (200, 2), class 0 first; ``labels`` of shape (200,).
    """
    x1 = _evenly_spaced_x1()
    # symmetric in x1, so the widest gap between the waves is level: trained, w11 comes out ~0
    wave = WAVE_AMPLITUDE * np.cos(x1)
    return _two_curve_dataset(
        name="two-curves",
        x1=x1,
        lower=WAVE_CENTRE_LOWER + wave,
        upper=WAVE_CENTRE_UPPER + wave,
        description=(
            "Two gentle waves of 100 points each, the lower yellow (0) and the upper "
            "blue (1), that a nearly horizontal line separates."
        ),
    )


def hard_curves() -> Dataset:
    """Two bumps pulled close together: no straight line separates them, two ReLUs do.

    Class 0: ``x2 = 2 / (1 + x1^2) - 1 - 0.4``, class 1: ``x2 = 2 / (1 + x1^2) - 1 + 0.4``,
    with ``x1`` evenly spaced in [-3, 3].

    Returns
    -------
    Dataset
        ``points`` of shape (200, 2), class 0 first; ``labels`` of shape (200,).
    """
    x1 = _evenly_spaced_x1()
    bump = 2.0 / (1.0 + x1**2) + HARD_VERTICAL_SHIFT
    return _two_curve_dataset(
        name="hard-curves",
        x1=x1,
        lower=bump - HARD_HALF_GAP,
        upper=bump + HARD_HALF_GAP,
        description=(
            "Two bumps of 100 points each, yellow (0) below and blue (1) above, so close "
            "that no straight line separates them."
        ),
    )


def _evenly_spaced_x1() -> np.ndarray:
    return np.linspace(*X1_RANGE, POINTS_PER_CURVE)


def _two_curve_dataset(
    name: str, x1: np.ndarray, lower: np.ndarray, upper: np.ndarray, description: str
) -> Dataset:
    """Stack a lower curve (class 0) and an upper curve (class 1), each of shape (m,)."""
    points = np.concatenate([np.column_stack([x1, lower]), np.column_stack([x1, upper])])
    labels = np.repeat([0, 1], x1.shape[0])
    return Dataset(name=name, points=points, labels=labels, description=description)
