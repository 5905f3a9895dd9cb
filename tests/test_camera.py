"""The camera plan: where the camera is at every moment of a story (checked without rendering,
but on the session's renders of the generator's videos where other tests make them)."""

from __future__ import annotations

import numpy as np
import pytest

from nn_core import Network
from nn_core.architecture import Architecture
from nn_core.experiments import trained
from scenes.kit.camera import (
    CHECK_TIMES,
    MIN_HEIGHT_SHARE,
    MIN_WIDTH_SHARE,
    Framing,
    coverage,
    drawn_points,
    plan_camera,
)
from scenes.kit.stages import grid_lines, layer_steps
from tests.scene_rendering import GENERATED_VIDEOS, render_generated

REGION = (-6.7, 6.7, -2.9, 1.2)
FRAMING = Framing(REGION, dot_radius=0.05, max_unit=1.0, eye_distance=16.0)
CATALOGUE = [
    "one-layer-random", "one-layer-trained", "one-layer-hard", "two-layer-linear",
    "two-layer-relu", "xor",
]  # fmt: skip


def network(*layers: tuple[list, list], activations: tuple[str, ...] | None = None) -> Network:
    weights = tuple(np.array(w, dtype=float) for w, _ in layers)
    biases = tuple(np.array(b, dtype=float) for _, b in layers)
    sizes = (weights[0].shape[1], *(w.shape[0] for w in weights))
    activations = activations or ("identity",) * len(layers)
    return Network(Architecture(sizes, activations), weights, biases)


def steps_of(net: Network, points: np.ndarray):
    return layer_steps(net, points, grid_lines((-3, 3), (-3, 3)))


def blob(seed: int = 0, n: int = 60) -> np.ndarray:
    return np.random.default_rng(seed).normal(size=(n, 2))


def assert_framed(steps, plan, framing=FRAMING) -> None:
    """Every checked moment: inside the usable region, filling the share the rule asks."""
    for step, shot in zip(steps, plan.shots, strict=True):
        for t in CHECK_TIMES:
            state = step.at(float(t))
            drawn = drawn_points(shot.at(float(t)), state, framing)
            usable = framing.usable(state.dimension)
            where = (step.kind, step.layer, float(t))
            assert drawn[:, 0].min() >= usable[0] - 1e-9, where
            assert drawn[:, 0].max() <= usable[1] + 1e-9, where
            assert drawn[:, 1].min() >= usable[2] - 1e-9, where
            assert drawn[:, 1].max() <= usable[3] + 1e-9, where
            width, height = coverage(drawn, framing)
            if state.dimension == 1:
                assert width >= MIN_WIDTH_SHARE - 1e-9, (*where, width)
            else:
                assert width >= MIN_WIDTH_SHARE - 1e-9 or height >= MIN_HEIGHT_SHARE - 1e-9, (
                    *where,
                    width,
                    height,
                )


def test_a_small_bias_is_played_in_one_still_view():
    steps = steps_of(network(([[1.0, 0.0], [0.0, 1.0]], [0.5, -0.3])), blob())
    plan = plan_camera(steps, FRAMING)
    bias = plan.shots[1]
    assert bias.still and not bias.follow
    assert_framed(steps, plan)


def test_a_bias_that_dwarfs_the_data_is_followed():
    points = blob() * 0.1
    steps = steps_of(network(([[1.0, 0.0], [0.0, 1.0]], [40.0, 0.0])), points)
    plan = plan_camera(steps, FRAMING)
    bias = plan.shots[1]
    assert bias.follow and bias.start.unit == bias.end.unit
    # the camera pans by exactly b: the points hold their place on screen
    shift = np.asarray(bias.end.center) - np.asarray(bias.start.center)
    np.testing.assert_allclose(shift[:2], [-40.0 * bias.start.unit, 0.0])
    assert_framed(steps, plan)


def test_a_large_stretch_travels_and_keeps_the_points_inside():
    steps = steps_of(network(([[12.0, 0.0], [0.0, 9.0]], [0.0, 0.0])), blob(1))
    plan = plan_camera(steps, FRAMING)
    linear = plan.shots[0]
    assert not linear.still
    assert linear.end.unit < linear.start.unit / 5
    assert_framed(steps, plan)


def test_a_map_that_shrinks_the_data_zooms_in_instead_of_leaving_a_blob():
    steps = steps_of(network(([[0.05, 0.0], [0.0, 0.04]], [0.0, 0.0])), blob(2))
    plan = plan_camera(steps, FRAMING)
    assert plan.shots[0].end.unit > 10 * plan.shots[0].start.unit
    assert_framed(steps, plan)


def test_a_flip_is_framed_in_perspective():
    steps = steps_of(network(([[1.0, 0.0], [0.0, -1.0]], [0.0, 0.0])), blob(3) * 2)
    plan = plan_camera(steps, FRAMING)
    assert steps[0].path.phase_names[0] == "flip"
    assert_framed(steps, plan)


@pytest.mark.parametrize("name", CATALOGUE)
def test_the_catalogue_networks_are_framed_at_every_moment(name):
    experiment = trained(name)
    steps = steps_of(experiment.network, experiment.data.points)
    plan = plan_camera(steps, FRAMING, threshold=experiment.threshold)
    assert_framed(steps, plan)
    # a flat story needs no camera step of its own: the camera moves only with the data
    assert plan.moves == (None,) * len(steps)
    # no bias in these networks dwarfs its data: each is played in one still view, but for
    # the last one on the number line, which may be followed at the readout's scale
    assert all(
        shot.still
        for step, shot in zip(steps[:-1], plan.shots, strict=False)
        if step.kind == "bias"
    )
    last = plan.shots[-1]
    assert last.still or (last.follow and last.start.unit == last.end.unit)


@pytest.mark.parametrize("name", CATALOGUE)
def test_the_number_line_is_drawn_once_for_the_bias_and_the_readout_centres_it(name):
    """xor's last frame once kept the view of its b2 shift: ruler -16..8, the points at the
    right edge, the boundary right of centre. Then xor and two-layer-relu re-zoomed onto the
    readout after b2, with the points standing still (the old and new tick labels overlapping):
    now the collapse ends at the readout's scale and the camera follows b2 onto it."""
    experiment = trained(name)
    steps = steps_of(experiment.network, experiment.data.points)
    plan = plan_camera(steps, FRAMING, threshold=experiment.threshold)
    # the ruler is made once, at its final scale: no camera move while the points stand still
    assert plan.readout == plan.shots[-1].end
    assert plan.number_line.unit == plan.readout.unit
    drawn = drawn_points(plan.readout, steps[-1].end, FRAMING)
    usable = FRAMING.usable(1)
    # the points fill most of the width, their middle near the region's
    assert np.ptp(drawn[:, 0]) >= 0.75 * (usable[1] - usable[0]), name
    middle = (drawn[:, 0].min() + drawn[:, 0].max()) / 2
    assert abs(middle - (usable[0] + usable[1]) / 2) <= 0.15 * (usable[1] - usable[0]), name
    # and the boundary has room for its labels on both sides
    x = plan.readout.to_scene(np.array([experiment.threshold, 0.0, 0.0]))[0]
    assert REGION[0] + 2.0 - 1e-6 <= x <= REGION[1] - 2.0 + 1e-6


# lift-3d's last number line put its outermost blue dots against the frame's right edge: the
# line's points keep this far (scene units) from the region's sides, as a margin
LINE_END_ROOM = 0.5


@pytest.mark.parametrize("name", [*CATALOGUE, "circles-lift", "spiral-deep"])
def test_the_number_lines_points_keep_a_margin_from_the_regions_sides(name):
    experiment = trained(name)
    steps = steps_of(experiment.network, experiment.data.points)
    line = [index for index, step in enumerate(steps) if step.start.dimension == 1]
    plan = plan_camera(steps[line[0] :], FRAMING, threshold=experiment.threshold, arriving=True)
    views = [shot.at(float(t)) for shot in plan.shots for t in CHECK_TIMES]
    states = [step.at(float(t)) for step in steps[line[0] :] for t in CHECK_TIMES]
    for view, state in [*zip(views, states, strict=True), (plan.readout, steps[-1].end)]:
        drawn = drawn_points(view, state, FRAMING)
        assert drawn[:, 0].min() >= REGION[0] + LINE_END_ROOM - 1e-6, name
        assert drawn[:, 0].max() <= REGION[1] - LINE_END_ROOM + 1e-6, name


def test_a_fixed_step_gets_a_camera_step_and_the_flat_part_after_it_its_own():
    """As in a 3-D scene: the steps it frames itself are still in its views; the flat bias
    after them starts with a camera step of its own onto the number line."""
    experiment = trained("two-layer-relu")
    steps = steps_of(experiment.network, experiment.data.points)
    from scenes.kit.plane import PlaneView

    space = PlaneView(unit=0.2, center=(0.0, -0.85, 0.0))
    fixed = {index: space for index in range(len(steps) - 1)}
    plan = plan_camera(steps, FRAMING, threshold=experiment.threshold, fixed=fixed)
    assert plan.moves[0] == space and all(move is None for move in plan.moves[1:-1])
    # ... at the readout's scale, which the last bias is followed onto if it must be
    last = plan.shots[-1]
    assert plan.moves[-1] is not None and (last.still or last.follow)
    assert plan.moves[-1].unit == plan.readout.unit == last.end.unit
    assert_framed(steps[-1:], plan.__class__(plan.input, plan.shots[-1:], plan.moves[-1:]))


def test_the_plan_is_a_pure_function_of_the_trace():
    experiment = trained("xor")
    steps = steps_of(experiment.network, experiment.data.points)
    first = plan_camera(steps, FRAMING, threshold=experiment.threshold)
    second = plan_camera(steps, FRAMING, threshold=experiment.threshold)
    assert first == second


# --- the generator's stories ----------------------------------------------------------------


def story_setup(scene_class: type):
    """A story scene made ready to play (its steps and camera plan), without playing it."""
    from manim import tempconfig

    from tests.scene_rendering import TEST_MEDIA

    # formulas go to this worker's media folder, not the working directory's, which other
    # workers share (Manim deletes the other files in its Tex folder after each formula)
    settings = {"pixel_width": 320, "pixel_height": 180, "verbosity": "WARNING"}
    with tempconfig({**settings, "media_dir": str(TEST_MEDIA)}):
        scene = scene_class()
        scene.setup()
    return scene


@pytest.mark.parametrize(
    "options",
    # the generator's videos the other tests check, and an 8-D layer seen in space
    [*GENERATED_VIDEOS, {"dataset": "moons", "architecture": "2-8-1", "hidden_activation": "relu"}],
    ids=lambda o: f"{o['dataset']}-{o['architecture']}-{o['hidden_activation']}",
)
def test_the_generators_flat_steps_are_framed_at_every_moment(options, monkeypatch):
    """As generate builds its story, at its default training: the flat steps (a 3-D scene
    frames its own) and the readout. The generator's 2-3-1 video once showed its points 4 % of
    the frame wide. The videos the session renders anyway are read from their renders."""
    from types import SimpleNamespace

    from nn_core.experiments import (
        CUSTOM_ENVIRONMENT_VARIABLE,
        custom_experiment,
        experiment_to_json,
    )
    from scenes.custom import CustomNetwork

    experiment = custom_experiment(**options)
    if options in GENERATED_VIDEOS:
        scene, _ = render_generated(experiment)
    else:
        monkeypatch.setenv(CUSTOM_ENVIRONMENT_VARIABLE, experiment_to_json(experiment))
        scene = story_setup(CustomNetwork)
    architecture = options["architecture"]
    framing, plan = scene.framing(), scene.plan
    in_space = scene.space_plan.poses if hasattr(scene, "space_plan") else {}
    flat = [index for index in range(len(scene.steps)) if index not in in_space]
    assert flat, architecture
    steps = [scene.steps[index] for index in flat]
    shots = [plan.shots[index] for index in flat]
    assert_framed(steps, SimpleNamespace(shots=shots), framing)
    if plan.readout is not None:
        drawn = drawn_points(plan.readout, scene.steps[-1].end, framing)
        usable = framing.usable(1)
        assert np.ptp(drawn[:, 0]) >= 0.6 * (usable[1] - usable[0])


def test_an_upright_shape_is_framed_in_the_tall_column_at_full_height():
    """A shape taller than wide goes in the free column between the corner panels, larger than
    the band under them would draw it; a wide one stays in the band."""
    column = (-2.7, 1.3, -2.9, 3.7)
    framing = Framing(REGION, dot_radius=0.05, max_unit=1.0, eye_distance=16.0, tall=column)
    wide = blob(4) * np.array([2.0, 0.6])
    steps = steps_of(network(([[0.15, 0.0], [0.0, 3.0]], [0.0, 0.0])), wide)
    plan = plan_camera(steps, framing)
    band_plan = plan_camera(steps, FRAMING)
    upright = plan.shots[0].end
    assert upright.unit > 1.3 * band_plan.shots[0].end.unit
    drawn = drawn_points(upright, steps[0].end, framing)
    usable = framing.alternatives()[1].usable(2)
    assert drawn[:, 0].min() >= usable[0] - 1e-9 and drawn[:, 0].max() <= usable[1] + 1e-9
    assert drawn[:, 1].min() >= usable[2] - 1e-9 and drawn[:, 1].max() <= usable[3] + 1e-9
    assert np.ptp(drawn[:, 1]) >= 0.9 * (column[3] - column[2])
    # the wide input is framed in the band as before
    assert plan.input == band_plan.input


def test_the_intro_keeps_its_curves_large_while_they_turn_and_rises_w2s_fan_into_the_column():
    """intro (the two-layer ReLU network with the tall column): mid-W1 the turning curves once
    shrank to 2.8 units, and W2's upright fan stayed in the band under the panels, 4 units
    tall, with the column above it free. At every checked moment of every map the points'
    box is at least the band's height on its larger side, and mid-W2 the fan stands in the
    column at most of its height."""
    column = (-2.7, 1.3, -2.9, 3.7)
    framing = Framing(REGION, dot_radius=0.05, max_unit=1.0, eye_distance=16.0, tall=column)
    experiment = trained("two-layer-relu")
    steps = layer_steps(experiment.network, experiment.data.points, grid_lines((-7, 7), (-4, 4)))
    plan = plan_camera(steps, framing, threshold=experiment.threshold)
    for step, shot in zip(steps, plan.shots, strict=True):
        if step.kind == "bias":
            continue
        for t in CHECK_TIMES:
            drawn = drawn_points(shot.at(float(t)), step.at(float(t)), framing)
            assert np.ptp(drawn, axis=0).max() >= 0.95 * (REGION[3] - REGION[2]), (step.kind, t)
    w2 = steps.index(next(s for s in steps if s.kind == "linear" and s.layer == 2))
    fan = drawn_points(plan.shots[w2].at(0.5), steps[w2].at(0.5), framing)
    assert np.ptp(fan[:, 1]) >= 0.8 * (column[3] - column[2])
    assert fan[:, 1].max() > REGION[3]
