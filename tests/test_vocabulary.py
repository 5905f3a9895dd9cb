"""The whole vocabulary during every transformation: a network diagram and typeset weight matrices
with coloured columns are on screen through every step that moves the data (ARTICLE.md)."""

from __future__ import annotations

import numpy as np
import pytest

from nn_core.experiments import custom_experiment
from scenes.registry import SCENES, get_scene, load_scene_class
from tests.scene_rendering import GENERATED_VIDEOS, render_generated, render_scene

# Scenes that move no data through a layer: data sets, matrix <-> layer pictures, training
# curves; they log no step (checked below, so a scene that starts transforming is not missed)
STILL_SCENES = {
    "two-curves", "matmul-1x2", "matmul-1x2-values", "two-curves-revisited", "hard-curves",
    "matmul-2x2", "matmul-2x3", "matmul-more", "loss-surface", "trask-network",
}  # fmt: skip
# Scenes that show an activation on its own: no weights for a diagram or a matrix to carry
ACTIVATION_ONLY = {
    "relu-fold": {"activation"},
    "activations": {"sigmoid", "tanh", "relu", "leaky_relu"},
}
# A network too wide to read as numbers (circles-training's 96 weights) shows its diagram,
# whose edges carry the weights
DIAGRAM_ONLY_KINDS = {"training"}


def transformation_records(scene):
    # a camera move, and five-operations' undo back to the input, are no layer's
    return [record for record in scene.step_log if record.kind not in ("camera", "reset")]


@pytest.mark.parametrize("scene_id", list(SCENES))
def test_every_transformation_shows_the_diagram_and_the_matrices(scene_id):
    scene, _ = render_scene(load_scene_class(get_scene(scene_id)))
    records = transformation_records(scene)
    if scene_id in STILL_SCENES:
        assert not records, f"{scene_id} moves its data: it needs the diagram and matrices"
        return
    assert records, f"{scene_id} logs no step"
    if scene_id in ACTIVATION_ONLY:
        assert {record.kind for record in records} <= ACTIVATION_ONLY[scene_id]
        return
    for record in records:
        needed = {"diagram"} if record.kind in DIAGRAM_ONLY_KINDS else {"diagram", "matrices"}
        missing = needed - record.on_screen
        assert not missing, f"{scene_id}: no {', '.join(sorted(missing))} during {record.kind}"


@pytest.mark.parametrize(
    "options", GENERATED_VIDEOS, ids=lambda o: f"{o['dataset']}-{o['architecture']}"
)
def test_every_step_of_a_generated_video_shows_the_diagram_and_the_matrices(options):
    scene, _ = render_generated(custom_experiment(**options))
    records = transformation_records(scene)
    layers = scene.trained.network.layer_count
    # every layer's W, b and activation plays (the last layer's activation may be left out)
    assert {(record.kind, record.layer) for record in records} >= {
        (kind, layer) for layer in range(1, layers + 1) for kind in ("linear", "bias")
    }
    for record in records:
        missing = {"diagram", "matrices"} - record.on_screen
        assert not missing, f"no {', '.join(sorted(missing))} during {record.kind} {record.layer}"


# --- basis vectors where they matter --------------------------------------------------------


def test_landed_basis_vectors_are_drawn_to_their_values_in_lanes_of_their_own():
    from scenes.kit.plane import PlaneView, basis_landing
    from scenes.kit.readout import STRIP_HALF_HEIGHT
    from scenes.kit.theme import current_theme

    view = PlaneView(unit=1.5, center=(0.5, -0.8, 0.0))
    landing = basis_landing(view, np.array([1.0, 1.0]), current_theme())
    (i_arrow, i_label), (j_arrow, j_label) = landing
    line_y = view.center[1]
    for arrow in (i_arrow, j_arrow):
        # from 0 to 1 on the line's scale, both: "both land on 1"
        assert arrow.get_start()[0] == pytest.approx(view.to_scene(np.zeros(3))[0])
        assert arrow.get_end()[0] == pytest.approx(view.to_scene(np.array([1.0, 0, 0]))[0])
        assert arrow.get_stroke_opacity() == 1.0
    # each above the points' strip and apart from the other, labels apart too
    assert i_arrow.get_bottom()[1] > line_y + STRIP_HALF_HEIGHT
    assert j_arrow.get_bottom()[1] > i_arrow.get_top()[1] - 0.05
    assert i_label.get_top()[1] < j_label.get_bottom()[1] + 0.05


def test_a_basis_vector_sent_to_zero_fades_out_instead_of_leaving_a_tip():
    from scenes.kit.plane import PlaneFigure, PlaneView, basis_landing
    from scenes.kit.stages import PlaneState
    from scenes.kit.theme import current_theme

    theme = current_theme()
    (tiny, _), (long, _) = basis_landing(PlaneView(unit=2.0), np.array([0.01, 1.67]), theme)
    assert tiny.get_stroke_opacity() == 0.0 and tiny.get_fill_opacity() == 0.0
    assert long.get_stroke_opacity() == 1.0
    basis = np.array([[0.0, 0.0, 0.0], [0.01, 0.0, 0.0], [1.67, 0.0, 0.0]])
    state = PlaneState(np.zeros((1, 3)), np.zeros((0, 2, 3)), basis, 1)
    figure = PlaneFigure(state, np.zeros(1), PlaneView(unit=2.0), theme)
    i_hat, j_hat = figure.basis[:2]
    assert i_hat.get_stroke_opacity() == 0.0 and i_hat.tip.get_fill_opacity() == 0.0
    assert j_hat.get_stroke_opacity() == 1.0


def test_on_the_collapse_both_basis_vectors_land_on_1_visibly():
    scene, _ = render_scene(load_scene_class(get_scene("one-layer-transform")))
    weight = scene.trained.network.weights[0][0]
    view = scene.basis_landing_view
    for value, (arrow, label) in zip(weight, scene.basis_landing, strict=True):
        assert arrow.get_end()[0] == pytest.approx(view.to_scene(np.array([value, 0, 0]))[0])
        glyphs = label.family_members_with_points()
        assert arrow.get_stroke_opacity() == 1.0 and min(g.get_fill_opacity() for g in glyphs) == 1
    assert scene.basis_landing not in scene.mobjects, "gone before the bias moves the line"


def test_the_circles_diagram_follows_the_training():
    scene, _ = render_scene(load_scene_class(get_scene("circles-training")))
    first, final = scene.history[0].network.weights, scene.history[-1].network.weights
    diagram = scene.diagram
    for layer, weight in enumerate(final, start=1):
        rows, columns = weight.shape
        for m in range(rows):
            for n in range(columns):
                assert diagram.edge(layer, m, n).weight == weight[m, n]
    # one scale for the whole run: an edge's width grows with |w| and with nothing else
    edges = [edge for layer_edges in diagram.edges for edge in layer_edges]
    order = np.argsort([abs(edge.weight) for edge in edges])
    widths = np.array([edges[i].get_stroke_width() for i in order])
    assert np.all(np.diff(widths) >= -1e-9)
    assert not all(np.allclose(a, b) for a, b in zip(first, final, strict=True))
