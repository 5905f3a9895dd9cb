"""Scenes: the registry, the geometry each scene shows against nn_core's trace, and control frames."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import numpy as np
import pytest

from nn_core import forward
from nn_core.experiments import trained
from scenes.registry import SCENES, UnknownSceneError, get_scene, load_scene_class
from scenes.stages import embed
from tests.scene_rendering import control_frame_path, frame_difference, render_scene

ARTICLE = Path(__file__).resolve().parents[2] / "shared" / "ARTICLE.md"
ARTICLE_IDS = [
    "intro", "two-curves", "matmul-1x2", "matmul-1x2-values", "one-layer-transform",
    "one-layer-random", "one-layer-trained", "two-curves-revisited", "hard-curves",
    "one-layer-hard", "two-layer-linear", "matmul-2x2", "relu-fold", "two-layer-relu",
    "matmul-2x3", "matmul-more",
]  # fmt: skip

STORY_SCENES = [
    "intro", "one-layer-transform", "one-layer-random", "one-layer-trained", "one-layer-hard",
    "two-layer-linear", "two-layer-relu", "xor", "lift-3d", "deep-bending",
]  # fmt: skip


# --- registry --------------------------------------------------------------------------------


def test_registry_lists_the_article_in_order():
    assert list(SCENES)[: len(ARTICLE_IDS)] == ARTICLE_IDS
    assert [entry.order for entry in SCENES.values()] == list(range(1, len(SCENES) + 1))


@pytest.mark.skipif(not ARTICLE.exists(), reason="the catalogue lives in ../shared/")
def test_registry_follows_the_whole_catalogue():
    text = ARTICLE.read_text()
    article = [scene_id for _, scene_id in re.findall(r"^\| (\d+) \| ([a-z0-9-]+) \|", text, re.M)]
    others = re.findall(r"^\| ([a-z0-9-]+) \| \d{3}(?:, \d{3})* \|", text, re.M)
    assert article == ARTICLE_IDS
    assert list(SCENES) == article + others


@pytest.mark.parametrize("scene_id", list(SCENES))
def test_every_entry_points_at_a_class_defined_in_its_file(scene_id):
    entry = get_scene(scene_id)
    assert entry.path.is_file(), entry.file
    scene_class = load_scene_class(entry)
    # manim render FILE only offers classes whose __module__ is that file
    assert scene_class.__module__ == entry.module
    assert scene_id in (scene_class.__doc__ or ""), "the docstring names the catalogue id"
    assert entry.description
    for name in entry.experiments:
        trained(name)


def test_unknown_scene_names_the_closest_ids():
    with pytest.raises(UnknownSceneError, match="did you mean two-layer-relu"):
        get_scene("two-layer-reul")


# --- geometry --------------------------------------------------------------------------------


def expected_positions(network, points):
    """Per step (kind, layer): where nn_core's trace puts the data points, lifted to 3-D."""
    expected = []
    for index, layer in enumerate(forward(network, points).layers):
        expected.append((("linear", index + 1), embed(layer.linear)))
        expected.append((("bias", index + 1), embed(layer.pre_activation)))
        if network.architecture.activations[index] != "identity":
            expected.append((("activation", index + 1), embed(layer.activation)))
    return expected


@pytest.fixture(scope="module")
def rendered_stories():
    return {
        scene_id: render_scene(load_scene_class(get_scene(scene_id)))[0]
        for scene_id in STORY_SCENES
    }


@pytest.mark.parametrize("scene_id", STORY_SCENES)
def test_points_sit_where_the_trace_puts_them_after_every_step(rendered_stories, scene_id):
    scene = rendered_stories[scene_id]
    network, points = scene.trained.network, scene.trained.data.points
    expected = expected_positions(network, points)
    shown = [record for record in scene.step_log if not record.kind.startswith("single")]
    assert [(r.kind, r.layer) for r in shown] == [key for key, _ in expected]
    for record, (key, positions) in zip(shown, expected, strict=True):
        np.testing.assert_allclose(record.coordinates, positions, atol=1e-6, err_msg=str(key))


@pytest.mark.parametrize("scene_id", STORY_SCENES)
def test_a_1x2_map_puts_every_point_on_the_number_line(rendered_stories, scene_id):
    scene = rendered_stories[scene_id]
    last_layer = scene.trained.network.layer_count
    for record in scene.step_log:
        if record.layer == last_layer and record.kind in ("linear", "bias"):
            assert np.all(record.coordinates[:, 1:] == 0.0)


@pytest.mark.parametrize("scene_id", [s for s in STORY_SCENES if s != "one-layer-transform"])
def test_accuracy_on_screen_comes_from_where_the_points_landed(rendered_stories, scene_id):
    scene = rendered_stories[scene_id]
    final = scene.step_log[-1].coordinates
    predicted = (final[:, 0] > scene.trained.threshold).astype(int)
    assert scene.measured_accuracy == pytest.approx(np.mean(predicted == scene.labels))
    assert scene.measured_accuracy == pytest.approx(scene.trained.accuracy)


def test_the_transform_alone_shows_no_boundary(rendered_stories):
    assert not hasattr(rendered_stories["one-layer-transform"], "measured_accuracy")


def test_relu_leaves_no_negative_coordinate(rendered_stories):
    scene = rendered_stories["two-layer-relu"]
    (folded,) = [r for r in scene.step_log if r.kind == "activation"]
    assert folded.coordinates.min() >= 0.0
    assert scene.measured_accuracy == 1.0


def test_the_separating_plane_is_where_the_output_meets_the_threshold(rendered_stories):
    from scenes.space import decision_logit

    scene = rendered_stories["lift-3d"]
    network = scene.trained.network
    corners = scene.section.get_vertices()
    hidden = scene.view_at_section.to_coords(corners)
    level = decision_logit(network.architecture.activations[-1], scene.trained.threshold)
    np.testing.assert_allclose(
        hidden @ network.weights[-1][0] + network.biases[-1][0], level, atol=1e-6
    )
    assert len(corners) >= 3


def test_two_linear_layers_end_where_their_single_map_ends(rendered_stories):
    scene = rendered_stories["two-layer-linear"]
    two_layers = [r for r in scene.step_log if r.kind == "bias" and r.layer == 2][0]
    single = [r for r in scene.step_log if r.kind == "single-bias"][0]
    np.testing.assert_allclose(single.coordinates, two_layers.coordinates, atol=1e-9)


def test_relu_fold_clamps_the_lattice():
    module = importlib.import_module("scenes.hard_curves")
    scene, _ = render_scene(module.ReluFold)
    (folded,) = scene.step_log
    assert folded.coordinates.min() >= 0.0
    # every point either kept its coordinate or was clamped to 0
    assert np.all(
        np.isclose(folded.coordinates[:, :2] % 0.5, 0.25) | (folded.coordinates[:, :2] == 0)
    )


# --- pictures --------------------------------------------------------------------------------


@pytest.mark.parametrize("scene_id", list(SCENES))
def test_last_frame_matches_its_control_frame(scene_id):
    path = control_frame_path(scene_id)
    assert path.exists(), (
        f"no control frame for {scene_id}: run `.venv/bin/python tests/make_control_frames.py "
        f"{scene_id}`, look at the preview PNG, and commit {path.name}"
    )
    _, frame = render_scene(load_scene_class(get_scene(scene_id)))
    control = np.load(path)["frame"]
    assert frame.shape == control.shape
    mean, share = frame_difference(frame, control)
    assert mean < 1.5 and share < 0.01, (
        f"{scene_id} differs from its control frame (mean {mean:.2f}, {share:.1%} of pixels); "
        "if the change is intended, regenerate with tests/make_control_frames.py"
    )


def test_light_theme_changes_colours_not_layout():
    entry = get_scene("two-curves")
    _, dark = render_scene(load_scene_class(entry), theme="dark")
    _, light = render_scene(load_scene_class(entry), theme="light")
    assert dark[0, 0].max() < 40 and light[0, 0].min() > 215
    # the same things are drawn in the same places: compare where each frame departs from its background
    drawn_dark = np.abs(dark.astype(int) - dark[0, 0]).max(axis=2) > 60
    drawn_light = np.abs(light.astype(int) - light[0, 0]).max(axis=2) > 60
    assert (drawn_dark & drawn_light).sum() > 0.5 * drawn_dark.sum()


def test_plane_section_is_a_polygon_on_the_plane_inside_the_box():
    from scenes.stages import plane_section

    normal = np.array([1.0, 2.0, -0.5])
    corners = plane_section(normal, 0.7, np.array([-1.0, -1, -1]), np.array([1.0, 1, 1]))
    assert len(corners) >= 3
    np.testing.assert_allclose(corners @ normal, 0.7)
    assert np.all(np.abs(corners) <= 1 + 1e-12)
    assert len(plane_section(normal, 50.0, -np.ones(3), np.ones(3))) == 0


def test_wide_layers_are_projected_and_say_so():
    from scenes.stages import grid_lines, layer_steps

    experiment = trained("circles-deep")
    steps = layer_steps(experiment.network, experiment.data.points, grid_lines((-3, 3), (-3, 3)))
    widths = [step.end.projected_from for step in steps]
    assert widths[:3] == [4, 4, 4] and widths[3] == 6 and widths[-1] is None
    assert all(step.end.points.shape[1] == 3 for step in steps)


def test_two_linear_layers_and_their_product_land_on_the_same_points():
    from scenes.linear_collapse import LinearCollapse

    scene, _ = render_scene(LinearCollapse)
    two = [r for r in scene.step_log if r.kind.startswith("two-")]
    one = [r for r in scene.step_log if r.kind.startswith("one-")]
    assert [r.kind for r in two] == ["two-linear", "two-bias"] * 2
    assert [r.kind for r in one] == ["one-linear", "one-bias"]
    np.testing.assert_allclose(one[-1].coordinates, two[-1].coordinates, atol=1e-9)
    w1, w2 = LinearCollapse.first_weight, LinearCollapse.second_weight
    b1, b2 = LinearCollapse.first_bias, LinearCollapse.second_bias
    points = scene_data_points()
    np.testing.assert_allclose(
        two[-1].coordinates[:, :2], (w2 @ (w1 @ points.T + b1[:, None])).T + b2, atol=1e-9
    )


def scene_data_points():
    from datasets import load_dataset

    return load_dataset("two-curves").points


def test_readme_lists_every_scene():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text()
    for entry in SCENES.values():
        assert f"| `{entry.id}` | `{entry.file}` | `{entry.class_name}` |" in readme, entry.id


def test_every_scene_class_a_scene_file_offers_is_registered():
    """What `manim render FILE` lists (Scene subclasses defined in FILE) is what the registry has."""
    import inspect

    from manim import Scene

    registered = {(entry.module, entry.class_name) for entry in SCENES.values()}
    # rendered by 'render.py generate' (and its --training)
    registered.add(("scenes.custom", "CustomNetwork"))
    registered.add(("scenes.custom", "CustomTraining"))
    for module_name in {module for module, _ in registered}:
        module = importlib.import_module(module_name)
        offered = {
            (module_name, name)
            for name, value in vars(module).items()
            if inspect.isclass(value)
            and issubclass(value, Scene)
            and value.__module__ == module_name
        }
        assert offered <= registered, offered - registered


def test_an_unknown_theme_is_one_clear_line():
    with pytest.raises(SystemExit, match="unknown theme 'sepia' in NETPLANE_THEME"):
        render_scene(load_scene_class(get_scene("two-curves")), theme="sepia")
