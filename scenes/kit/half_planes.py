"""The two sides of a one-layer network's boundary in the input plane, as geometry.

A one-output layer ``f(x) = w · x + b`` predicts class 1 where ``f(x)`` is above the threshold
the number line's boundary marks, class 0 below; in the plane that splits every box along the
line ``w · x + b = threshold`` into two convex polygons. Pure functions over NumPy arrays (plane
coordinates), so the tests check them without drawing anything.
"""

from __future__ import annotations

import numpy as np

__all__ = ["clip_to_half_plane", "half_plane_polygons", "inside_convex", "label_spot", "side_of"]


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
    row = np.asarray(row, dtype=np.float64)
    offset = bias - threshold
    return clip_to_half_plane(corners, -row, -offset), clip_to_half_plane(corners, row, offset)


def clip_to_half_plane(polygon: np.ndarray, normal: np.ndarray, offset: float) -> np.ndarray:
    """The part of the convex ``polygon (m, 2)`` where ``normal · p + offset >= 0``
    (Sutherland-Hodgman against one half-plane)."""
    if len(polygon) == 0:
        return polygon
    values = polygon @ normal + offset
    kept: list[np.ndarray] = []
    for index in range(len(polygon)):
        current, following = polygon[index], polygon[(index + 1) % len(polygon)]
        a, b = values[index], values[(index + 1) % len(polygon)]
        if a >= 0:
            kept.append(current)
        if (a >= 0) != (b >= 0):
            kept.append(current + (a / (a - b)) * (following - current))
    return np.array(kept) if kept else np.zeros((0, 2))


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
    half_height: float = 0.0,
) -> tuple[np.ndarray, np.ndarray]:
    """Where to write the two sides' names (class 0's side first): the centres of two labels,
    each a box ``half_width`` by ``half_height`` around its centre inside ``box``, on its own
    side of the line, at least ``offset`` clear of it.

    Each label goes as close to the line as it can while a label's height clear of every one
    of ``points (n, 2)`` (then nearest the box's middle); where no such place exists, where it
    is farthest from the points.
    """
    row = np.asarray(row, dtype=np.float64)
    normal = row / np.linalg.norm(row)
    along = np.array([-normal[1], normal[0]])
    foot = normal * (threshold - bias) / np.linalg.norm(row)
    # the box's corner nearest the line stays ``offset`` from it, whatever the line's slope
    nearest = offset + half_width * abs(normal[0]) + half_height * abs(normal[1])
    x_min, x_max, y_min, y_max = box
    middle = np.array([(x_min + x_max) / 2, (y_min + y_max) / 2])
    reach = np.hypot(x_max - x_min, y_max - y_min)
    steps = np.linspace(-reach, reach, 241)
    away = nearest + 2 * half_height * np.arange(6)
    data = np.asarray(points, dtype=np.float64)[:, :2]
    # each label as a 5 x 3 lattice over its box
    lattice = np.stack(
        np.meshgrid(
            np.linspace(-half_width, half_width, 5), np.linspace(-half_height, half_height, 3)
        ),
        axis=-1,
    ).reshape(-1, 2)
    clear = 2 * half_height
    spots = []
    for sign in (-1.0, 1.0):
        centres = (
            foot + steps[None, :, None] * along + sign * away[:, None, None] * normal
        ).reshape(-1, 2)
        ring = np.repeat(np.arange(len(away)), len(steps))
        inside = np.all(
            (centres - [half_width, half_height] >= [x_min, y_min])
            & (centres + [half_width, half_height] <= [x_max, y_max]),
            axis=1,
        )
        if not np.any(inside):
            spots.append(foot + sign * nearest * normal)
            continue
        centres, ring = centres[inside], ring[inside]
        spans = centres[:, None, :] + lattice[None]
        distance = np.full(len(centres), np.inf)
        if len(data):
            gaps = np.linalg.norm(spans[:, :, None, :] - data[None, None], axis=-1)
            distance = gaps.min(axis=(1, 2))
        free = distance >= clear
        if np.any(free):
            order = np.lexsort((np.linalg.norm(centres - middle, axis=1), ring))
            chosen = next(i for i in order if free[i])
        else:
            chosen = int(np.argmax(distance))
        spots.append(centres[chosen])
    return spots[0], spots[1]
