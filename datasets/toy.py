"""Classic toy data sets: XOR, noisy XOR, circles, moons, spirals and Trask's survey matrix.

Noise comes only from ``np.random.default_rng`` with a fixed seed per data set, so every call
returns the same points bit for bit.
"""

from __future__ import annotations

import numpy as np

from datasets.dataset import Dataset

__all__ = ["blobs", "circles", "moons", "spiral", "spiral3", "trask", "xor", "xor_noisy"]

XOR_NOISY_SEED = 20190703
CIRCLES_SEED = 20190704
MOONS_SEED = 20190705
SPIRAL_SEED = 20190706
SPIRAL3_SEED = 20190707
BLOBS_SEED = 20190708


def xor() -> Dataset:
    """The four corners of the unit square labelled by XOR of their coordinates.

    Returns
    -------
    Dataset
        ``points`` (0, 0), (0, 1), (1, 0), (1, 1) of shape (4, 2); ``labels`` [0, 1, 1, 0].
    """
    corners = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=np.float64)
    return Dataset(
        name="xor",
        points=corners,
        labels=_xor_labels(corners > 0.5),
        description=(
            "The four corners of the unit square, labelled 1 where exactly one "
            "coordinate is 1 (XOR)."
        ),
    )


def xor_noisy() -> Dataset:
    """Gaussian clusters of 50 points around the corners (+-1, +-1), labelled by XOR.

    A point's label is that of its corner: 1 where the corner's coordinates differ in sign.
    Each cluster's standard deviation is 0.25, so a point lands across an axis from its corner
    with odds of about 3 in 100,000 (none does with this seed).

    Returns
    -------
    Dataset
        ``points`` of shape (200, 2), grouped by corner in the order (-1, -1), (-1, 1), (1, -1),
        (1, 1); ``labels`` of shape (200,).
    """
    rng = np.random.default_rng(XOR_NOISY_SEED)
    corners = np.array([[-1, -1], [-1, 1], [1, -1], [1, 1]], dtype=np.float64)
    centres = np.repeat(corners, 50, axis=0)
    points = centres + 0.25 * rng.standard_normal(centres.shape)
    return Dataset(
        name="xor-noisy",
        points=points,
        labels=_xor_labels(centres > 0),
        description=(
            "200 points in four noisy clusters at (+-1, +-1), labelled 1 where the "
            "cluster's coordinates differ in sign (XOR)."
        ),
    )


def circles() -> Dataset:
    """Two concentric noisy circles of 250 points each: radius 2 (class 0) and 1 (class 1).

    Like scikit-learn's ``make_circles(500, noise=0.05, factor=0.5)`` scaled by 2: angles evenly
    spaced, Gaussian noise of standard deviation 0.05 added to both coordinates of the circles
    of radius 1 and 0.5, then everything doubled to fill the plane of about [-3, 3]^2.

    Returns
    -------
    Dataset
        ``points`` of shape (500, 2), outer circle first; ``labels`` of shape (500,).
    """
    rng = np.random.default_rng(CIRCLES_SEED)
    points = np.concatenate([_circle(250, radius=1.0), _circle(250, radius=0.5)])
    points = 2.0 * (points + 0.05 * rng.standard_normal(points.shape))
    return Dataset(
        name="circles",
        points=points,
        labels=np.repeat([0, 1], 250),
        description=(
            "500 points on two noisy concentric circles, the outer one (radius 2) "
            "class 0 and the inner one (radius 1) class 1."
        ),
    )


def moons() -> Dataset:
    """Two interleaving half circles of 100 points each, centred on the origin, scaled by 1.5.

    Like scikit-learn's ``make_moons(200, noise=0.1)``: the upper moon (class 0) is the half
    circle ``(cos t, sin t)``, the lower one (class 1) is ``(1 - cos t, 0.5 - sin t)``, t evenly
    spaced in [0, pi]; Gaussian noise of standard deviation 0.1 is added, then the centre
    (0.5, 0.25) is subtracted and everything is scaled by 1.5 to fill the plane of about
    [-3, 3]^2.

    Returns
    -------
    Dataset
        ``points`` of shape (200, 2), upper moon first; ``labels`` of shape (200,).
    """
    rng = np.random.default_rng(MOONS_SEED)
    t = np.linspace(0.0, np.pi, 100)
    upper = np.column_stack([np.cos(t), np.sin(t)])
    lower = np.column_stack([1.0 - np.cos(t), 0.5 - np.sin(t)])
    points = np.concatenate([upper, lower])
    points = points + 0.1 * rng.standard_normal(points.shape)
    points = 1.5 * (points - np.array([0.5, 0.25]))
    return Dataset(
        name="moons",
        points=points,
        labels=np.repeat([0, 1], 100),
        description=(
            "200 points on two interleaving noisy half moons centred on the origin, "
            "the upper one class 0 and the lower one class 1."
        ),
    )


def spiral() -> Dataset:
    """Two interleaved spiral arms of 100 points each, arm 1 being arm 0 turned half a turn.

    Arm 0 is ``r (cos a, sin a)`` with ``r = 0.3 + 2.4 s`` and ``a = 3 pi s`` (1.5 turns) for
    ``s = sqrt(u)``, u evenly spaced in [0, 1], so points spread roughly evenly along the arm
    instead of crowding the centre. Gaussian noise of standard deviation 0.08 is added.

    Returns
    -------
    Dataset
        ``points`` of shape (200, 2), arm 0 (class 0) first; ``labels`` of shape (200,).
    """
    rng = np.random.default_rng(SPIRAL_SEED)
    points = np.concatenate(
        [_spiral_arm(100, start_angle=0.0), _spiral_arm(100, start_angle=np.pi)]
    )
    points = points + 0.08 * rng.standard_normal(points.shape)
    return Dataset(
        name="spiral",
        points=points,
        labels=np.repeat([0, 1], 100),
        description=(
            "200 points on two interleaved noisy spiral arms of 1.5 turns, one arm per class."
        ),
    )


def spiral3() -> Dataset:
    """CS231n's three-arm spiral: 100 points per class, radius 0 to 1, angle noise 0.2.

    As in the course's "minimal neural network case study": class j's points have radius
    ``r = linspace(0, 1, 100)`` and angle ``t = linspace(4 j, 4 (j + 1), 100) + 0.2 noise``, at
    ``(r sin t, r cos t)``; the noise comes from a fixed seed instead of the global one.

    Returns
    -------
    Dataset
        ``points`` of shape (300, 2), class 0 first; ``labels`` 0, 1, 2 of shape (300,).
    """
    rng = np.random.default_rng(SPIRAL3_SEED)
    per_class, classes = 100, 3
    arms = []
    for arm in range(classes):
        radius = np.linspace(0.0, 1.0, per_class)
        angle = np.linspace(4.0 * arm, 4.0 * (arm + 1), per_class)
        angle = angle + 0.2 * rng.standard_normal(per_class)
        arms.append(np.column_stack([radius * np.sin(angle), radius * np.cos(angle)]))
    return Dataset(
        name="spiral3",
        points=np.concatenate(arms),
        labels=np.repeat(np.arange(classes), per_class),
        description=(
            "CS231n's three-arm spiral: 300 points, 100 per class, radius 0 to 1, one arm "
            "per class."
        ),
    )


def blobs(classes: int = 4) -> Dataset:
    """``classes`` Gaussian blobs of 60 points each, centres evenly spaced on a circle of radius 1.8.

    Each blob has standard deviation 0.4, so neighbouring blobs touch but mostly separate.

    Returns
    -------
    Dataset
        ``points`` of shape (60 K, 2), blob 0 first; ``labels`` 0 to K-1 of shape (60 K,).
    """
    rng = np.random.default_rng(BLOBS_SEED + classes)
    per_class = 60
    angle = np.pi / 2 + 2.0 * np.pi * np.arange(classes) / classes
    centres = 1.8 * np.column_stack([np.cos(angle), np.sin(angle)])
    points = np.repeat(centres, per_class, axis=0)
    points = points + 0.4 * rng.standard_normal(points.shape)
    name = "blobs" if classes == 4 else f"blobs-{classes}"
    return Dataset(
        name=name,
        points=points,
        labels=np.repeat(np.arange(classes), per_class),
        description=(
            f"{classes} Gaussian blobs of {per_class} points around a circle of radius 1.8, "
            "one class each."
        ),
    )


def trask() -> Dataset:
    """Andrew Trask's customer survey: 4 customers, 3 yes/no answers, did they buy?

    The values are those of the beginner tutorial on Trask's 3-4-1 network (source text 002).
    The label is the XOR of the first two answers; the third answer is always 1 and plays the
    part of a bias input.

    Returns
    -------
    Dataset
        ``points`` of shape (4, 3), rows [1, 0, 1], [0, 1, 1], [0, 0, 1], [1, 1, 1];
        ``labels`` [1, 1, 0, 0]. ``n_features`` is 3: this data set is not 2-D.
    """
    answers = np.array([[1, 0, 1], [0, 1, 1], [0, 0, 1], [1, 1, 1]], dtype=np.float64)
    return Dataset(
        name="trask",
        points=answers,
        labels=np.array([1, 1, 0, 0]),
        description=(
            "Andrew Trask's survey of 4 customers with 3 features each (yes/no "
            "answers), so not 2-D, labelled by whether they bought the product."
        ),
    )


def _xor_labels(bits: np.ndarray) -> np.ndarray:
    """bits: (n, 2) bool -> (n,) int64, 1 where exactly one of the two bits is set."""
    return np.logical_xor(bits[:, 0], bits[:, 1]).astype(np.int64)


def _circle(n: int, radius: float) -> np.ndarray:
    """(n, 2) points evenly spaced on a circle of the given radius around the origin."""
    angle = np.linspace(0.0, 2.0 * np.pi, n, endpoint=False)
    return radius * np.column_stack([np.cos(angle), np.sin(angle)])


def _spiral_arm(n: int, start_angle: float) -> np.ndarray:
    """(n, 2) points along one arm of 1.5 turns, from radius 0.3 out to 2.7."""
    progress = np.sqrt(np.linspace(0.0, 1.0, n))
    radius = 0.3 + 2.4 * progress
    angle = start_angle + 3.0 * np.pi * progress
    return radius[:, np.newaxis] * np.column_stack([np.cos(angle), np.sin(angle)])
