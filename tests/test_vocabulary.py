"""The whole vocabulary during every transformation: a network diagram and typeset weight matrices
with coloured columns are on screen through every step that moves the data (ARTICLE.md)."""

from __future__ import annotations

import pytest

from scenes.registry import SCENES, get_scene, load_scene_class
from tests.scene_rendering import render_scene

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
    return [record for record in scene.step_log if record.kind != "camera"]


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
