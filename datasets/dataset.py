"""The `Dataset` record shared by every data set, and the one error type for bad input."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["Dataset", "DatasetError", "standardize"]


class DatasetError(ValueError):
    """Raised for every bad input to the `datasets` package; the message names the problem."""


# eq=False: the generated __eq__ would compare arrays element-wise and raise on `if a == b`;
# compare data sets with `np.array_equal` on their fields instead.
@dataclass(frozen=True, eq=False)
class Dataset:
    """A labelled binary classification data set, immutable once built.

    Parameters
    ----------
    name : str
        Short identifier, e.g. ``"two-curves"`` or a CSV file's stem.
    points : array_like, shape (n, d)
        One row per data point. Stored as a read-only float64 copy.
    labels : array_like, shape (n,)
        Class of each point, 0 or 1. Stored as a read-only int64 copy.
    description : str
        One sentence for humans saying what the data set is.

    Raises
    ------
    DatasetError
        If the name is empty, `points` is not a non-empty finite 2-D array, or `labels` does
        not hold one 0 or 1 per point.
    """

    name: str
    points: np.ndarray
    labels: np.ndarray
    description: str

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name:
            raise DatasetError(f"data set name must be a non-empty string, got {self.name!r}")
        points = _as_points(self.name, self.points)
        labels = _as_labels(self.name, self.labels, n_points=points.shape[0])
        # Frozen dataclass: assign the validated, read-only copies past the frozen guard.
        object.__setattr__(self, "points", points)
        object.__setattr__(self, "labels", labels)

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
        raise DatasetError(f"{name}: labels must be 0 or 1 ({error})") from None
    if raw.shape != (n_points,):
        raise DatasetError(
            f"{name}: labels must have shape ({n_points},) to match the points, "
            f"got shape {raw.shape}"
        )
    if not np.all((raw == 0) | (raw == 1)):
        bad = raw[(raw != 0) & (raw != 1)][0]
        raise DatasetError(f"{name}: labels must be 0 or 1, found {bad:g}")
    array = raw.astype(np.int64)
    array.setflags(write=False)
    return array


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
    )
    return result, mean * magnitude, spread * magnitude
