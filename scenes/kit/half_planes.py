"""The two sides of a one-layer network's boundary in the input plane, as geometry.

A one-output layer ``f(x) = w · x + b`` predicts class 1 where ``f(x)`` is above the threshold
the number line's boundary marks, class 0 below; in the plane that splits every box along the
line ``w · x + b = threshold`` into two convex polygons. Pure functions over NumPy arrays (plane
coordinates), so the tests check them without drawing anything.
"""

from __future__ import annotations

import numpy as np

__all__ = ["half_plane_polygons", "inside_convex", "label_spot", "side_of"]


def side_of(points: np.ndarray, row: np.ndarray, bias: float, threshold: float) -> np.ndarray:
    """``(n,)`` the class a one-layer network ``row · x + bias`` predicts at ``points (n, 2)``:
    1 where the output is above ``threshold``, as on the number line."""
    output = np.asarray(points, dtype=np.float64)[:, :2] @ np.asarray(row, dtype=np.float64)
    return (output + bias > threshold).astype(int)


def half_plane_polygons(
    row: np.ndarray, bias: float, threshold: float, box: tuple[float, float, float, float]
) -> tuple[np.ndarray, np.ndarray]:
    """The box ``(x_min, x_max, y_min, y_max)`` cut along ``row · x + bias = threshold``: the
    polygon ``(k, 2)`` where class 0 is predicted and the one where class 1 is (either may be
    empty, ``(0, 2)``, when the line misses the box)."""
    x_min, x_max, y_min, y_max = box
    corners = np.array([[x_min, y_min], [x_max, y_min], [x_max, y_max], [x_min, y_max]])
    level = corners @ np.asarray(row, dtype=np.float64) + bias - threshold
    sides: tuple[list, list] = ([], [])
    for index in range(4):
        a, b = corners[index], corners[(index + 1) % 4]
        level_a, level_b = level[index], level[(index + 1) % 4]
        sides[int(level_a > 0)].append(a)
        if (level_a > 0) != (level_b > 0):
            crossing = a + (b - a) * level_a / (level_a - level_b)
            sides[0].append(crossing)
            sides[1].append(crossing)
    return tuple(np.array(side).reshape(-1, 2) for side in sides)  # type: ignore[return-value]


def inside_convex(polygon: np.ndarray, points: np.ndarray) -> np.ndarray:
    """``(n,)`` whether each of ``points (n, 2)`` lies inside the convex ``polygon (k, 2)``
    (vertices in order, either way round; the edges count as inside)."""
    points = np.asarray(points, dtype=np.float64)[:, :2]
    if len(polygon) < 3:
        return np.zeros(len(points), dtype=bool)
    edges = np.roll(polygon, -1, axis=0) - polygon
    offsets = points[:, None, :] - polygon[None, :, :]
    cross = edges[None, :, 0] * offsets[..., 1] - edges[None, :, 1] * offsets[..., 0]
    scale = 1e-9 * max(1.0, float(np.abs(polygon).max()))
    return np.all(cross >= -scale, axis=1) | np.all(cross <= scale, axis=1)


def label_spot(
    row: np.ndarray,
    bias: float,
    threshold: float,
    box: tuple[float, float, float, float],
    points: np.ndarray,
    offset: float,
    half_width: float = 0.0,
) -> tuple[np.ndarray, np.ndarray]:
    """Where to write the two sides' names: points ``offset`` off the line on each side
    (class 0's side first), at the place along the line inside ``box`` where a label reaching
    ``half_width`` left and right of its centre is farthest from every one of ``points (n, 2)``,
    so the labels sit in the emptiest stretch of the boundary."""
    row = np.asarray(row, dtype=np.float64)
    normal = row / np.linalg.norm(row)
    along = np.array([-normal[1], normal[0]])
    foot = normal * (threshold - bias) / np.linalg.norm(row)
    x_min, x_max, y_min, y_max = box
    reach = np.hypot(x_max - x_min, y_max - y_min)
    candidates = foot + np.linspace(-reach, reach, 401)[:, None] * along
    margin = np.array([half_width + offset, 2 * offset])
    lows, highs = np.array([x_min, y_min]) + margin, np.array([x_max, y_max]) - margin
    candidates = candidates[np.all((candidates >= lows) & (candidates <= highs), axis=1)]
    if not len(candidates):
        candidates = foot[None]
    sides = candidates[:, None, :] + np.array([-offset, offset])[None, :, None] * normal
    # each label as five points across its width
    across = np.linspace(-half_width, half_width, 5)[:, None] * np.array([1.0, 0.0])
    spans = sides[:, :, None, :] + across[None, None]
    data = np.asarray(points, dtype=np.float64)[:, :2]
    distance = np.linalg.norm(spans[:, :, :, None, :] - data[None, None, None], axis=-1)
    best = int(np.argmax(distance.min(axis=(1, 2, 3))))
    return sides[best, 0], sides[best, 1]
