"""The stress gallery: networks hard to draw, checked from the mobjects' bounding boxes.

After each render, the data points and every text label lie inside the frame, and no two labels
overlap; the last frame also matches its control frame (``make_control_frames.py stress-NAME``).
"""

from __future__ import annotations

import numpy as np
import pytest
from manim import DL, UR, DecimalNumber, Mobject, SingleStringMathTex, Text, config

from tests.scene_rendering import control_frame_path, frame_difference
from tests.stress_gallery import PREFIX, STRESS_GALLERY, render_stress

TEXT_TYPES = (SingleStringMathTex, Text, DecimalNumber)
# Boxes may touch: glyph outlines are approximated by their control points
OVERLAP_TOLERANCE = 0.02


@pytest.fixture(scope="module")
def gallery():
    return {name: render_stress(name) for name in STRESS_GALLERY}


def visible_texts(mobjects: list[Mobject]) -> list[Mobject]:
    """Every text mobject on screen (the outermost text of each, not its glyphs)."""
    found = []

    def walk(mobject: Mobject) -> None:
        if isinstance(mobject, TEXT_TYPES):
            if mobject.has_points() or mobject.get_family()[1:]:
                opacity = max(m.get_fill_opacity() for m in mobject.get_family())
                if opacity > 0 and mobject.width > 0:
                    found.append(mobject)
            return
        for child in mobject.submobjects:
            walk(child)

    for mobject in mobjects:
        walk(mobject)
    return list({id(m): m for m in found}.values())


def inside_frame(low: np.ndarray, high: np.ndarray) -> bool:
    half = np.array([config.frame_width / 2, config.frame_height / 2]) + 1e-6
    return bool(np.all(low[:2] >= -half) and np.all(high[:2] <= half))


def box(mobject: Mobject) -> tuple[np.ndarray, np.ndarray]:
    return mobject.get_corner(DL), mobject.get_corner(UR)


@pytest.mark.parametrize("name", list(STRESS_GALLERY))
def test_the_data_points_stay_in_the_frame(gallery, name):
    scene, _ = gallery[name]
    drawn = scene.figure.drawn_points()
    radius = scene.dot_radius
    assert inside_frame(drawn.min(axis=0) - radius, drawn.max(axis=0) + radius)


@pytest.mark.parametrize("name", list(STRESS_GALLERY))
def test_the_labels_stay_in_the_frame_and_apart(gallery, name):
    scene, _ = gallery[name]
    texts = visible_texts(scene.mobjects + scene.foreground_mobjects)
    assert len(texts) > 5
    for text in texts:
        assert inside_frame(*box(text)), (
            text.get_tex_string() if hasattr(text, "tex_string") else text
        )
    for index, first in enumerate(texts):
        low_a, high_a = box(first)
        for second in texts[index + 1 :]:
            low_b, high_b = box(second)
            overlap = np.minimum(high_a, high_b)[:2] - np.maximum(low_a, low_b)[:2]
            assert not np.all(overlap > OVERLAP_TOLERANCE), (
                getattr(first, "tex_string", first),
                getattr(second, "tex_string", second),
            )


@pytest.mark.parametrize("name", list(STRESS_GALLERY))
def test_the_number_line_reads_the_outputs(gallery, name):
    """Tick labels sit under the points' range, at a spacing the labels do not fill."""
    scene, _ = gallery[name]
    line = scene.shown_number_line
    assert line is not None
    outputs = (
        scene.trace.output[:, 0]
        if scene.trained.network.architecture.activations[-1] == "identity"
        else None
    )
    labels = list(line.numbers)
    assert len(labels) >= 3
    centers = sorted(label.get_center()[0] for label in labels)
    widths = max(label.width for label in labels)
    assert np.diff(centers).min() > widths
    if outputs is not None:
        drawn = scene.figure.drawn_points()[:, 0]
        assert drawn.min() >= line.get_left()[0] - 0.5 and drawn.max() <= line.get_right()[0] + 0.5


@pytest.mark.parametrize("name", list(STRESS_GALLERY))
def test_last_frame_matches_its_control_frame(gallery, name):
    path = control_frame_path(PREFIX + name)
    if not path.exists():
        pytest.fail(f"no control frame: run tests/make_control_frames.py {PREFIX}{name}")
    _, frame = gallery[name]
    mean, share = frame_difference(frame, np.load(path)["frame"])
    assert mean < 1.5 and share < 0.01, (
        f"{PREFIX}{name} differs from its control frame (mean {mean:.2f}, {share:.1%} of "
        "pixels); if the change is intended, regenerate with tests/make_control_frames.py"
    )
