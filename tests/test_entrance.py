"""Text in a drawing fades in whole while the drawing's lines are traced (scenes.kit.entrance)."""

from __future__ import annotations

import numpy as np
import pytest
from manim import Axes, Create
from manim.animation.composition import AnimationGroup

from scenes.kit.entrance import CreateWithLabels, text_parts
from scenes.registry import get_scene, load_scene_class
from tests.scene_rendering import played


def labelled_axes() -> Axes:
    axes = Axes(x_range=(0, 10, 5), y_range=(0, 1, 0.5))
    axes.y_axis.add_labels({1.0: "100"})
    return axes


def test_halfway_every_label_is_whole_and_the_lines_are_partly_drawn():
    axes = labelled_axes()
    whole = [text.copy() for text in text_parts(axes)]
    entrance = CreateWithLabels(axes)
    entrance.begin()
    entrance.interpolate(0.9)
    for shown, full in zip(entrance.texts, whole, strict=True):
        for part, full_part in zip(
            shown.family_members_with_points(), full.family_members_with_points(), strict=True
        ):
            assert np.allclose(part.points, full_part.points)
    assert len(text_parts(entrance.bare)) == 0


def test_when_done_the_drawing_itself_is_on_screen():
    """trask-network's loss axes vanished after their entrance: the group put back was the
    animation's own group of copies, not the axes."""
    from manim import Scene, tempconfig

    axes = labelled_axes()

    class Entrance(Scene):
        def construct(self):
            self.play(CreateWithLabels(axes), run_time=0.1)

    with tempconfig({"dry_run": True, "verbosity": "ERROR", "progress_bar": "none"}):
        scene = Entrance()
        scene.render()
    assert axes in scene.mobjects
    assert all(text in scene.get_mobject_family_members() for text in text_parts(axes))


def traced_texts(animation) -> list:
    """The text pieces ``animation`` traces stroke by stroke (a Create over text)."""
    if isinstance(animation, AnimationGroup):
        return [text for part in animation.animations for text in traced_texts(part)]
    if isinstance(animation, Create):
        return text_parts(animation.mobject)
    return []


@pytest.mark.parametrize("scene_id", ["circles-training", "trask-network"])
def test_no_label_is_traced_stroke_by_stroke(scene_id):
    """circles-training's accuracy axis read '10'' for '100 %' at 6 s: Create traced its labels."""
    plays = played(load_scene_class(get_scene(scene_id)))
    assert plays
    assert [text for play in plays for a in play.animations for text in traced_texts(a)] == []
