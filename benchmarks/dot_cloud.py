"""How rendering cost grows with the number of data points.

Renders the same one-second layer animation (plane, grid, basis vectors, points moving through a
linear map) at preview size with 200 and with 5,000 points, and prints seconds per frame and the
ratio. The target is about 2x or less: points are one VMobject per class, not one per point.

    .venv/bin/python benchmarks/dot_cloud.py
"""

from __future__ import annotations

import time

import numpy as np
from manim import Scene, tempconfig

from nn_core import Architecture, Network
from scenes.kit.plane import PlaneFigure, PlaneView
from scenes.kit.stages import axis_line_indices, grid_lines, layer_steps
from scenes.kit.theme import current_theme


def make_scene(count: int) -> type[Scene]:
    rng = np.random.default_rng(0)
    points = rng.uniform(-3, 3, size=(count, 2))
    labels = (points[:, 1] > 0).astype(int)
    layer = Network(
        Architecture((2, 2), ("identity",)), (np.array([[1.0, 0.6], [-0.4, 0.8]]),), (np.zeros(2),)
    )
    grid = grid_lines((-7, 7), (-4, 4))
    step = layer_steps(layer, points, grid)[0]

    class MovingPoints(Scene):
        def construct(self) -> None:
            figure = PlaneFigure(
                step.start,
                labels,
                PlaneView(),
                current_theme(),
                axis_line_indices=axis_line_indices(grid),
            )
            self.add(figure.group)
            self.play(figure.move_to_state(step.end, run_time=1.0))

    return MovingPoints


def seconds_per_frame(count: int) -> float:
    with tempconfig(
        {
            "quality": "low_quality",
            "write_to_movie": False,
            "disable_caching": True,
            "verbosity": "ERROR",
            "progress_bar": "none",
            "media_dir": "/tmp/netplane-bench",
        }
    ):
        scene = make_scene(count)()
        started = time.perf_counter()
        scene.render()
        elapsed = time.perf_counter() - started
        return elapsed / scene.renderer.num_plays / 15  # 1 s at 15 fps


def main() -> None:
    seconds_per_frame(50)  # warm-up: imports, font caches
    small = min(seconds_per_frame(200) for _ in range(3))
    large = min(seconds_per_frame(5000) for _ in range(3))
    print(f"  200 points: {1000 * small:7.2f} ms per frame")
    print(f"5,000 points: {1000 * large:7.2f} ms per frame")
    print(f"ratio 5,000 / 200: {large / small:.2f} (target: about 2 or less)")


if __name__ == "__main__":
    main()
