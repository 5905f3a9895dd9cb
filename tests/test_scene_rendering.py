"""The tests' renders (tests/scene_rendering.py) give the last frame Manim's own render gives."""

from __future__ import annotations

import numpy as np
from manim import Circle, Dot, Square, tempconfig

from scenes.kit.base import NetplaneScene
from tests.scene_rendering import CONTROL_SIZE, last_frame_settings, render_scene


class StillAndMoving(NetplaneScene):
    """A half-transparent square that holds still (Manim's still image of a play) while a dot
    moves over it, then a wait (a frozen frame), then a circle drawn in without a play."""

    def construct(self):
        self.add(Square(side_length=4, fill_opacity=0.5, stroke_opacity=0.6))
        dot = Dot(radius=0.3)
        self.add(dot)
        self.play(dot.animate.shift([2.0, 1.0, 0.0]), run_time=0.5)
        self.wait(0.2)
        self.add(Circle(radius=1.5, stroke_opacity=0.7))


def test_the_last_frame_is_the_one_manim_draws_itself(tmp_path):
    """render_scene draws nothing while the scene plays: the frame it then draws must be the one
    Manim saves when it renders the last frame (which would differ if the picture depended on a
    frame drawn during a play, such as the still image under the dot)."""
    _, frame = render_scene(StillAndMoving)
    with tempconfig(last_frame_settings(CONTROL_SIZE)):
        scene = StillAndMoving()
        scene.render()
        manims = np.array(scene.renderer.get_frame())[:, :, :3]
    assert frame.std() > 5
    np.testing.assert_array_equal(frame, manims)
