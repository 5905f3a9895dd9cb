"""Nothing over the data or its labels: text panels clear of the points, of each other and of
the tick labels, checked at the step log's sampled moments and on the pieces themselves."""

from __future__ import annotations

import numpy as np
import pytest

from scenes.registry import get_scene, load_scene_class
from tests.scene_rendering import render_scene
from tests.test_scenes import STORY_SCENES

# The 3-D scenes draw their panels fixed to the screen, their points in space: not compared here
FLAT_STORIES = [
    scene_id for scene_id in STORY_SCENES if scene_id not in ("lift-3d", "deep-bending")
]


def inside(points: np.ndarray, box: tuple[float, float, float, float], margin: float):
    x0, x1, y0, y1 = box
    return (
        (points[:, 0] > x0 - margin)
        & (points[:, 0] < x1 + margin)
        & (points[:, 1] > y0 - margin)
        & (points[:, 1] < y1 + margin)
    )


def overlap(a, b) -> bool:
    return a[0] < b[1] and b[0] < a[1] and a[2] < b[3] and b[2] < a[3]


def math_records(scene):
    return [record for record in scene.step_log if record.kind != "camera" and record.panels]


@pytest.mark.parametrize("scene_id", FLAT_STORIES)
def test_no_point_is_drawn_under_a_text_panel(scene_id):
    scene, _ = render_scene(load_scene_class(get_scene(scene_id)))
    records = math_records(scene)
    assert records, f"{scene_id} logged no panels"
    for record in records:
        for t, drawn in zip(record.times, record.drawn, strict=True):
            for box in record.panels:
                under = inside(drawn[:, :2], box, scene.dot_radius)
                assert not under.any(), (record.kind, record.layer, float(t), box, drawn[under][:3])


@pytest.mark.parametrize("scene_id", STORY_SCENES)
def test_text_panels_do_not_overlap(scene_id):
    """A long formula line once ran under the legend."""
    scene, _ = render_scene(load_scene_class(get_scene(scene_id)))
    for record in math_records(scene):
        boxes = record.panels
        for n, first in enumerate(boxes):
            for second in boxes[n + 1 :]:
                assert not overlap(first, second), (record.kind, record.layer, first, second)


def test_a_boundary_at_zero_leaves_its_tick_label_readable():
    """The dashed boundary at 0 once ran through the "0" under it on every readout."""
    from scenes.kit.plane import PlaneView
    from scenes.kit.readout import boundary_line, number_line
    from scenes.kit.theme import current_theme

    theme = current_theme()
    view = PlaneView(unit=1.0)
    ruler = number_line(view, theme)
    zero = next(label for label in ruler.numbers if abs(label.get_center()[0]) < 1e-6)
    dashes = boundary_line(view, 0.0, theme, ruler=ruler)[0]
    box = (
        zero.get_left()[0],
        zero.get_right()[0],
        zero.get_bottom()[1],
        zero.get_top()[1],
    )
    drawn = np.vstack([piece.get_all_points() for piece in dashes.family_members_with_points()])
    assert not inside(drawn, box, 0.02).any()
    # and it still spans the strip the points sit in, above and below the line
    assert drawn[:, 1].max() > 1.0 and drawn[:, 1].min() < -1.0


def test_the_legend_hides_the_grid_behind_it():
    from scenes.kit.plane import class_legend
    from scenes.kit.theme import current_theme

    box = class_legend(current_theme())[0]
    assert box.get_fill_opacity() == 1.0


@pytest.mark.parametrize("architecture", ["2-2-1", "2-8-1"])
def test_the_generators_notes_and_panels_keep_off_the_points(architecture, monkeypatch):
    """A generated video's notes (inputs standardized, a sample of the points shown) sat under
    the diagram, where the points are drawn."""
    from nn_core.experiments import (
        CUSTOM_ENVIRONMENT_VARIABLE,
        custom_experiment,
        experiment_to_json,
    )
    from scenes.custom import SHOW_POINTS_ENVIRONMENT_VARIABLE, CustomNetwork

    experiment = custom_experiment(
        "moons", architecture, hidden_activation="tanh", standardize=True, steps=400
    )
    monkeypatch.setenv(CUSTOM_ENVIRONMENT_VARIABLE, experiment_to_json(experiment))
    monkeypatch.setenv(SHOW_POINTS_ENVIRONMENT_VARIABLE, "80")
    scene, _ = render_scene(CustomNetwork)
    assert scene.sample is not None
    records = [record for record in math_records(scene) if record.drawn.size]
    # steps seen from straight above (phi 0 throughout): the screen is the scene's plane
    flat = [record for record in records if all(pose[0] == 0 for pose in record.camera)]
    assert flat
    for record in flat:
        for box in record.panels:
            for first in record.panels:
                assert first is box or not overlap(first, box), (record.kind, first, box)
            for t, drawn in zip(record.times, record.drawn, strict=True):
                under = inside(drawn[:, :2], box, scene.dot_radius)
                assert not under.any(), (record.kind, record.layer, float(t), box)


def box_of(mobject) -> tuple[float, float, float, float]:
    return (
        float(mobject.get_left()[0]),
        float(mobject.get_right()[0]),
        float(mobject.get_bottom()[1]),
        float(mobject.get_top()[1]),
    )


def test_circles_training_legend_and_diagram_keep_apart_and_off_the_plane():
    """The legend once sat on the diagram's output neuron; the plane stays the largest piece."""
    scene, _ = render_scene(load_scene_class(get_scene("circles-training")))
    legend, diagram, plane = box_of(scene.legend), box_of(scene.diagram), box_of(scene.plane_frame)
    assert not overlap(legend, diagram)
    for neuron in (n for layer in scene.diagram.layers for n in layer):
        assert not overlap(legend, box_of(neuron))
    for panel in (legend, diagram, box_of(scene.loss_axes), box_of(scene.accuracy_axes)):
        assert not overlap(panel, plane)
    width, height = plane[1] - plane[0], plane[3] - plane[2]
    for piece in (scene.diagram, scene.loss_axes, scene.accuracy_axes):
        assert piece.width * piece.height < 0.5 * width * height


def test_circles_training_shows_the_regions_with_their_caption():
    """The regions were added (shown) before the opening caption's hold, then faded in again."""
    scene, _ = render_scene(load_scene_class(get_scene("circles-training")))
    (_, regions_sentence) = scene.narration[1]
    assert regions_sentence.startswith("Before training")
    assert scene.regions_shown_at >= scene.narration[1][0]


def test_the_bottom_formula_is_placed_beside_the_one_legend():
    """at_bottom once built a new legend per call to measure where the formula may go."""
    from manim import tempconfig

    from scenes.intro import IntroTeaser
    from tests.scene_rendering import TEST_MEDIA

    with tempconfig({"media_dir": str(TEST_MEDIA)}):  # this worker's formulas, see test_camera
        scene = IntroTeaser()
        scene.setup()
        made = []
        build = scene.make_legend
        scene.make_legend = lambda: made.append(1) or build()
        legend = scene.get_legend()
        for count in (1, 3, len(scene.steps)):
            formula = scene.get_expression(count)
            assert formula.get_right()[0] <= legend.get_left()[0] or (
                formula.get_bottom()[1] > legend.get_top()[1]
            )
        assert scene.get_legend() is legend and made == [1]
