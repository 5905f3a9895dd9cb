"""The one list of scenes, in the article's order, read by render.py, the tests and the docs.

Plain data, no Manim import, so ``render.py list`` is instant. ``module`` is the dotted module and
``file`` the path a user passes to ``manim render``; ``experiments`` names the trained networks a
scene shows (render.py hashes them to decide whether a video is up to date).
"""

from __future__ import annotations

import difflib
import importlib
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "SCENES",
    "SceneEntry",
    "UnknownSceneError",
    "get_scene",
    "load_scene_class",
    "scene_ids",
]

ROOT = Path(__file__).resolve().parent.parent


class UnknownSceneError(KeyError):
    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class SceneEntry:
    id: str
    class_name: str
    module: str
    description: str
    order: int
    experiments: tuple[str, ...] = ()

    @property
    def file(self) -> str:
        """Path relative to the repository root, as passed to ``manim render``."""
        return self.module.replace(".", "/") + ".py"

    @property
    def path(self) -> Path:
        return ROOT / self.file

    @property
    def title(self) -> str:
        return self.description.split(":")[0]


_ENTRIES = [
    (
        "intro",
        "IntroTeaser",
        "scenes.intro",
        "Teaser: a two-layer ReLU network pulls the hard curves apart",
        ("two-layer-relu",),
    ),
    (
        "two-curves",
        "TwoCurvesDataset",
        "scenes.two_curves",
        "The two-curves data set: yellow y=0, blue y=1, basis vectors and legend",
        (),
    ),
    (
        "matmul-1x2",
        "MatrixTimesVector1x2",
        "scenes.matmul",
        "A 1x2 matrix times a vector is a one-layer network: each w_1n lit with its edge",
        (),
    ),
    (
        "matmul-1x2-values",
        "MatrixTimesVector1x2Values",
        "scenes.matmul",
        "The same with numbers: [1 5] times [3; 3] = 18, equal inputs with unequal weights",
        (),
    ),
    (
        "one-layer-transform",
        "OneLayerTransform",
        "scenes.one_layer",
        "f(x) = [1 1]x - 2 maps the plane onto a number line, then shifts it",
        ("one-layer-random",),
    ),
    (
        "one-layer-random",
        "OneLayerRandomClassifier",
        "scenes.one_layer",
        "The untrained f(x) as a classifier: boundary at 1 and its accuracy",
        ("one-layer-random",),
    ),
    (
        "one-layer-trained",
        "OneLayerTrainedClassifier",
        "scenes.one_layer",
        "The trained one-layer network separates the two curves",
        ("one-layer-trained",),
    ),
    (
        "two-curves-revisited",
        "TwoCurvesRevisited",
        "scenes.two_curves",
        "The two curves again, with the trained network's boundary drawn in the input plane",
        ("one-layer-trained",),
    ),
    (
        "hard-curves",
        "HardCurvesDataset",
        "scenes.hard_curves",
        "The hard curves: pulled together until no straight line separates them",
        ("one-layer-hard", "one-layer-trained", "one-layer-random"),
    ),
    (
        "one-layer-hard",
        "OneLayerOnHardCurves",
        "scenes.hard_curves",
        "A trained one-layer network on the hard curves: the classes still overlap",
        ("one-layer-hard",),
    ),
    (
        "two-layer-linear",
        "TwoLinearLayers",
        "scenes.hard_curves",
        "Two linear layers in a row still fail: together they are one linear map",
        ("two-layer-linear",),
    ),
    (
        "matmul-2x2",
        "MatrixLayer2x2",
        "scenes.matmul",
        "A 2x2 matrix beside its layer: each column is a basis vector's landing place and one neuron's edges",
        ("two-layer-relu",),
    ),
    (
        "relu-fold",
        "ReluFold",
        "scenes.hard_curves",
        "What ReLU does to the plane: negative coordinates fold onto the axes",
        (),
    ),
    (
        "two-layer-relu",
        "TwoLayerRelu",
        "scenes.hard_curves",
        "The 9-parameter ReLU network: turn, shift, fold, collapse; the hard curves separate",
        ("two-layer-relu",),
    ),
    (
        "matmul-2x3",
        "MatrixLayer2x3",
        "scenes.matmul",
        "A 2x3 matrix beside a layer with 3 inputs and 2 outputs: z = Wx + b",
        (),
    ),
    (
        "matmul-more",
        "MatrixLayerShapes",
        "scenes.matmul",
        "More shapes (3x2, 3x3, 2x4): which edge each w_mn is",
        (),
    ),
    # Beyond the article: scenes the other source texts call for, in the catalogue's order
    (
        "linear-collapse",
        "LinearCollapse",
        "scenes.linear_collapse",
        "Two linear layers equal one: step by step and in one step, the points end in the same places",
        (),
    ),
    (
        "activations",
        "ActivationFunctions",
        "scenes.activations",
        "Sigmoid, tanh, ReLU and leaky ReLU: each graph with its derivative, then what it does to the plane",
        (),
    ),
    (
        "five-operations",
        "FiveOperations",
        "scenes.five_operations",
        "The five things a layer does to space: lower/raise dimension, scale, rotate, translate, bend",
        (),
    ),
    (
        "lift-3d",
        "LiftTo3D",
        "scenes.lift_3d",
        "A hidden layer of width 3 lifts the two circles into space, where a plane splits them",
        ("circles-lift",),
    ),
    (
        "deep-bending",
        "DeepBending",
        "scenes.deep_bending",
        "A 2-3-3-3-1 tanh network untangles the two spirals, one bend per layer",
        ("spiral-deep",),
    ),
    (
        "xor",
        "XorSolved",
        "scenes.xor",
        "XOR: four points no line separates, bent apart by a 2-2-1 tanh network",
        ("xor",),
    ),
    (
        "circles-training",
        "CirclesTraining",
        "scenes.circles_training",
        "The 2-4-6-6-4-1 network on two circles: decision regions, loss and accuracy as it trains",
        ("circles-deep",),
    ),
    (
        "loss-surface",
        "LossSurface",
        "scenes.loss_surface",
        "Gradient descent as a ball rolling down the real loss surface over two weights",
        ("one-layer-hard",),
    ),
    (
        "trask-network",
        "TraskNetwork",
        "scenes.trask",
        "Trask's 3-4-1 network: 4x3 times 3x4 gives 4x4, then the predictions improving",
        ("trask",),
    ),
]

SCENES: dict[str, SceneEntry] = {
    scene_id: SceneEntry(scene_id, class_name, module, description, order, experiments)
    for order, (scene_id, class_name, module, description, experiments) in enumerate(
        _ENTRIES, start=1
    )
}


def scene_ids() -> list[str]:
    return list(SCENES)


def get_scene(scene_id: str) -> SceneEntry:
    """The entry for ``scene_id``; an unknown id names the closest known ids."""
    if scene_id not in SCENES:
        close = difflib.get_close_matches(scene_id, SCENES, n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise UnknownSceneError(f"unknown scene {scene_id!r}{hint} (see 'render.py list')")
    return SCENES[scene_id]


def load_scene_class(entry: SceneEntry) -> type:
    """Import the scene's module (this imports Manim) and return its class."""
    module = importlib.import_module(entry.module)
    return getattr(module, entry.class_name)
