"""The `Dataset` record shared by every data set, and the one error type for bad input."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["MAX_CLASSES", "Dataset", "DatasetError", "class_label_problem", "standardize"]

MAX_CLASSES = 6
"""The most classes netplane draws: one hue each in the palette, all told apart at a glance."""


class DatasetError(ValueError):
    """Raised for every bad input to the `datasets` package; the message names the problem."""


# eq=False: the generated __eq__ would compare arrays element-wise and raise on `if a == b`;
# compare data sets with `np.array_equal` on their fields instead.
@dataclass(frozen=True, eq=False)
class Dataset:
    """A labelled classification data set (two classes, or up to ``MAX_CLASSES``), immutable once built.

    Parameters
    ----------
    name : str
        Short identifier, e.g. ``"two-curves"`` or a CSV file's stem.
    points : array_like, shape (n, d)
        One row per data point. Stored as a read-only float64 copy.
    labels : array_like, shape (n,)
        Class of each point: 0 or 1, or 0 to K-1 for K classes (K at most ``MAX_CLASSES``).
        Stored as a read-only int64 copy.
    description : str
        One sentence for humans saying what the data set is.
    feature_names : tuple of str, optional
        The name of each coordinate, as a plot's axes say it: a CSV file's header names
        (``petal_length_cm``), by default ``x1, x2, ...``.

    Raises
    ------
    DatasetError
        If the name is empty, `points` is not a non-empty finite 2-D array, `labels` does
        not hold one whole number from 0 to ``MAX_CLASSES - 1`` per point, or
        `feature_names` does not name each coordinate once with a non-empty string.
    """

    name: str
    points: np.ndarray
    labels: np.ndarray
    description: str
    feature_names: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise DatasetError(f"data set name must be a non-empty string, got {self.name!r}")
        points = _as_points(self.name, self.points)
        labels = _as_labels(self.name, self.labels, n_points=points.shape[0])
        # Frozen dataclass: assign the validated, read-only copies past the frozen guard.
        object.__setattr__(self, "points", points)
        object.__setattr__(self, "labels", labels)
        names = _as_feature_names(self.name, self.feature_names, points.shape[1])
        object.__setattr__(self, "feature_names", names)

    @property
    def n_classes(self) -> int:
        """K: one more than the largest label (2 for binary data, whatever it holds)."""
        return max(2, int(self.labels.max()) + 1)

    @property
    def n_features(self) -> int:
        """Number of coordinates per point (the d of `points`, shape (n, d))."""
        return self.points.shape[1]


def _as_points(name: str, points: object) -> np.ndarray:
    try:
        array = np.array(points, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise DatasetError(f"{name}: points must be numbers ({error})") from None
    if array.ndim != 2 or array.shape[0] == 0 or array.shape[1] == 0:
        raise DatasetError(
            f"{name}: points must have shape (n, d) with n, d >= 1, got shape {array.shape}"
        )
    if not np.all(np.isfinite(array)):
        raise DatasetError(f"{name}: points contain NaN or infinite values")
    array.setflags(write=False)
    return array


def _as_labels(name: str, labels: object, n_points: int) -> np.ndarray:
    try:
        raw = np.array(labels, dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise DatasetError(f"{name}: labels must be class numbers 0, 1, ... ({error})") from None
    if raw.shape != (n_points,):
        raise DatasetError(
            f"{name}: labels must have shape ({n_points},) to match the points, "
            f"got shape {raw.shape}"
        )
    problems = [class_label_problem(float(value)) for value in np.unique(raw)]
    problem = next((problem for problem in problems if problem), None)
    if problem:
        raise DatasetError(f"{name}: {problem}")
    array = raw.astype(np.int64)
    array.setflags(write=False)
    return array


def _as_feature_names(name: str, names: object, n_features: int) -> tuple[str, ...]:
    if not names:
        return tuple(f"x{index}" for index in range(1, n_features + 1))
    names = tuple(names)
    if len(names) != n_features or not all(isinstance(n, str) and n.strip() for n in names):
        raise DatasetError(
            f"{name}: feature_names must name each of the {n_features} coordinates, got {names!r}"
        )
    return tuple(n.strip() for n in names)


def class_label_problem(value: float) -> str | None:
    """What is wrong with ``value`` as a class label (``None`` if it is one): labels are whole
    numbers 0 to K-1, K at most ``MAX_CLASSES``."""
    if value != int(value) or value < 0:
        return f"labels must be whole numbers 0, 1, ..., one per class, found {value:g}"
    if value >= MAX_CLASSES:
        return (
            f"label {value:g} makes {int(value) + 1} classes; netplane draws at most "
            f"{MAX_CLASSES} (labels 0 to {MAX_CLASSES - 1}): merge classes or drop some"
        )
    return None


def standardize(data: Dataset) -> tuple[Dataset, np.ndarray, np.ndarray]:
    """``data`` with every coordinate shifted to mean 0 and scaled to standard deviation 1.

    Returns the new data set (named ``<name> (standardized)``) and the ``mean (d,)`` and
    ``scale (d,)`` it used, so ``points = (original - mean) / scale``. A coordinate that never
    varies keeps scale 1.
    """
    points = np.asarray(data.points, dtype=np.float64)
    # Divide first: the mean of coordinates near 1e308 would overflow.
    magnitude = np.max(np.abs(points), axis=0)
    magnitude[magnitude == 0] = 1.0
    scaled = points / magnitude
    mean = scaled.mean(axis=0)
    spread = scaled.std(axis=0)
    spread[spread == 0] = 1.0
    result = Dataset(
        f"{data.name} (standardized)",
        (scaled - mean) / spread,
        data.labels,
        f"{data.description} Each coordinate standardized to mean 0 and standard deviation 1.",
        data.feature_names,
    )
    return result, mean * magnitude, spread * magnitude
