"""Load a user's own 2-D data set (two classes or up to six) from a CSV file of ``x1,x2,label`` rows."""

from __future__ import annotations

import csv
import math
import os
from pathlib import Path

import numpy as np

from datasets.dataset import Dataset, DatasetError, class_label_problem

__all__ = ["load_csv"]

EXPECTED_COLUMNS = ("x1", "x2", "label")


def load_csv(path: str | os.PathLike[str]) -> Dataset:
    """Read a data set from a CSV file with one ``x1,x2,label`` row per point.

    The first non-blank line may be a header if none of its cells is a number (e.g.
    ``petal_length_cm,petal_width_cm,species``): its first two cells name the coordinates
    (``Dataset.feature_names``, the input plane's axis names); blank lines are ignored anywhere. Labels are 0 or 1, or 0 to K-1 for K
    classes, K at most 6 (``1.0`` is accepted as 1).

    Parameters
    ----------
    path : str or os.PathLike
        The CSV file. Its stem becomes the data set's name.

    Returns
    -------
    Dataset
        ``points`` of shape (n, 2) and ``labels`` of shape (n,), one per data row, in file order.

    Raises
    ------
    DatasetError
        If the file is missing or unreadable, has no data rows, or a row has the wrong number
        of columns, a cell that is not a number, a NaN or infinite value, or a label that is
        not a whole number from 0 to 5. The message names the file and, for a bad row, the line number.

    Examples
    --------
    A file ``mine.csv`` holding ``x1,x2,label``, ``0.5,1.0,0`` and ``-1,2,1`` loads as a data
    set named ``"mine"`` with ``points`` of shape (2, 2).
    """
    path = Path(path)
    header, rows = _data_rows(path, _read_lines(path))
    if not rows:
        raise DatasetError(f"{path}: no data rows; expected lines of {','.join(EXPECTED_COLUMNS)}")
    values = np.array(rows, dtype=np.float64)
    return Dataset(
        name=path.stem,
        points=values[:, :2],
        labels=values[:, 2],
        description=f"{len(rows)} points loaded from {path.name}.",
        feature_names=tuple(header[:2]) if header and all(header[:2]) else (),
    )


def _read_lines(path: Path) -> list[str]:
    # utf-8-sig: spreadsheet programs often start CSV files with a byte order mark.
    try:
        return path.read_text(encoding="utf-8-sig").splitlines()
    except FileNotFoundError:
        raise DatasetError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise DatasetError(f"{path}: is a directory, not a CSV file") from None
    except UnicodeDecodeError:
        raise DatasetError(f"{path}: not a UTF-8 text file") from None
    except OSError as error:
        raise DatasetError(f"{path}: cannot be read ({error.strerror})") from None


def _data_rows(
    path: Path, lines: list[str]
) -> tuple[list[str] | None, list[tuple[float, float, float]]]:
    """The header's cells (``None`` without one) and every data line parsed into (x1, x2,
    label), skipping blank lines."""
    header = None
    rows = []
    first_content_line = True
    for line_number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        cells = [cell.strip() for cell in next(csv.reader([line]))]
        where = f"{path}, line {line_number}"
        if len(cells) != len(EXPECTED_COLUMNS):
            raise DatasetError(
                f"{where}: found {len(cells)} columns, expected {len(EXPECTED_COLUMNS)} "
                f"({','.join(EXPECTED_COLUMNS)})"
            )
        if first_content_line and not any(_is_number(cell) for cell in cells):
            first_content_line = False
            header = cells
            continue
        first_content_line = False
        rows.append(_parse_row(where, cells))
    return header, rows


def _parse_row(where: str, cells: list[str]) -> tuple[float, float, float]:
    values = []
    for column, cell in zip(EXPECTED_COLUMNS, cells, strict=True):
        if not _is_number(cell):
            raise DatasetError(f"{where}: {column} {cell!r} is not a number")
        value = float(cell)
        if not math.isfinite(value):
            raise DatasetError(
                f"{where}: {column} is {cell!r}; NaN and infinite values are not allowed"
            )
        values.append(value)
    x1, x2, label = values
    problem = class_label_problem(label)
    if problem:
        raise DatasetError(f"{where}: {problem}")
    return x1, x2, label


def _is_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True
