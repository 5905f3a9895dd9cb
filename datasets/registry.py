"""Built-in data sets by name: `load_dataset` and `dataset_names`."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable

from datasets.curves import hard_curves, two_curves
from datasets.dataset import MAX_CLASSES, Dataset, DatasetError
from datasets.toy import blobs, circles, moons, spiral, spiral3, trask, xor, xor_noisy

__all__ = ["dataset_names", "load_dataset"]

# In the order the story meets them: the article's curves first, then the other sources'.
_BUILDERS: dict[str, Callable[[], Dataset]] = {
    "two-curves": two_curves,
    "hard-curves": hard_curves,
    "xor": xor,
    "xor-noisy": xor_noisy,
    "circles": circles,
    "moons": moons,
    "spiral": spiral,
    "trask": trask,
    "spiral3": spiral3,
    "blobs": blobs,
}
# blobs with another number of classes: blobs-2 ... blobs-6
_BLOBS = re.compile(r"^blobs-(\d+)$")


def dataset_names() -> list[str]:
    """Names of the built-in data sets, always in the same order.

    Returns
    -------
    list of str
        A new list each call, e.g. ``["two-curves", "hard-curves", ...]``.
    """
    return list(_BUILDERS)


def load_dataset(name: str) -> Dataset:
    """Build the built-in data set called `name`.

    Every call builds it afresh from fixed formulas and seeds, so two calls give equal arrays
    bit for bit.

    Parameters
    ----------
    name : str
        One of `dataset_names()`, e.g. ``"two-curves"``, or ``"blobs-K"`` for K blobs
        (2 to 6; ``"blobs"`` has 4).

    Returns
    -------
    Dataset
        ``points`` of shape (n, 2) (shape (4, 3) for ``"trask"``), ``labels`` of shape (n,).

    Raises
    ------
    DatasetError
        If `name` is not a known data set; the message suggests the closest known name.

    Examples
    --------
    >>> load_dataset("xor").points.shape
    (4, 2)
    """
    match = _BLOBS.match(name) if isinstance(name, str) else None
    if match:
        classes = int(match.group(1))
        if not 2 <= classes <= MAX_CLASSES:
            raise DatasetError(
                f"data set {name!r}: blobs come in 2 to {MAX_CLASSES} classes, not {classes}"
            )
        return blobs(classes)
    try:
        builder = _BUILDERS[name]
    except (KeyError, TypeError):
        raise DatasetError(_unknown_name_message(name)) from None
    return builder()


def _unknown_name_message(name: object) -> str:
    known = ", ".join(_BUILDERS)
    closest = difflib.get_close_matches(str(name).lower(), _BUILDERS, n=1)
    hint = f"; did you mean {closest[0]!r}?" if closest else "."
    return f"unknown data set {name!r}{hint} Known data sets: {known}."
