"""The matrix ↔ layer scenes: every lit entry w_mn is the edge from input n to output m.

Each scene runs once (animations skipped) and the tests read what it left behind: the logged
matrix/diagram layouts and lit entries, compared with the diagram's neuron positions.
"""

from __future__ import annotations

import numpy as np
import pytest

from nn_core.experiments import trained
from scenes import matmul
from scenes.kit.matrices import format_number
from scenes.kit.theme import THEMES
from tests.scene_rendering import played, render_scene

SCENE_CLASSES = [
    matmul.MatrixTimesVector1x2,
    matmul.MatrixTimesVector1x2Values,
    matmul.MatrixLayer2x2,
    matmul.MatrixLayer2x3,
    matmul.MatrixLayerShapes,
]
FRAME_HALF_WIDTH, FRAME_HALF_HEIGHT = 14.2 / 2, 8.0 / 2

_rendered: dict[tuple[type, str], tuple] = {}


def rendered(scene_class: type, theme: str = "dark"):
    """(scene, last frame), rendered once per class and theme for the whole module."""
    key = (scene_class, theme)
    if key not in _rendered:
        _rendered[key] = render_scene(scene_class, theme=theme)
    return _rendered[key]


def hex_color(color) -> str:
    return color.to_hex().lower()


def matrix_shape(matrix) -> tuple[int, int]:
    rows = matrix.get_rows()
    return len(rows), len(rows[0])


@pytest.mark.parametrize("scene_class", SCENE_CLASSES, ids=lambda c: c.__name__)
def test_each_diagram_has_one_edge_per_matrix_entry(scene_class):
    scene, _ = rendered(scene_class)
    assert scene.layouts
    for layout in scene.layouts:
        rows, columns = matrix_shape(layout.matrix)
        assert layout.diagram.sizes == [columns, rows]
        assert len(layout.diagram.edges) == 1
        assert len(layout.diagram.edges[0]) == rows * columns


@pytest.mark.parametrize("scene_class", SCENE_CLASSES, ids=lambda c: c.__name__)
def test_lit_entry_mn_is_the_edge_from_input_n_to_output_m(scene_class):
    scene, _ = rendered(scene_class)
    theme = scene.theme
    assert scene.lit_log
    for lit in scene.lit_log:
        inputs, outputs = lit.diagram.layers
        start, end = lit.edge.get_start(), lit.edge.get_end()
        # The edge leaves input neuron n on its right and enters output neuron m on its left
        assert np.allclose(start, inputs[lit.n].get_right(), atol=1e-3)
        assert np.allclose(end, outputs[lit.m].get_left(), atol=1e-3)
        for other in range(len(inputs)):
            if other != lit.n:
                assert not np.allclose(start, inputs[other].get_right(), atol=1e-3)
        assert lit.entry is lit.matrix.get_rows()[lit.m][lit.n]
        column_color = theme.column_color(lit.n).lower()
        assert hex_color(lit.entry.get_color()) == column_color
        assert hex_color(lit.edge.get_stroke_color()) == column_color


@pytest.mark.parametrize("scene_class", SCENE_CLASSES, ids=lambda c: c.__name__)
def test_matrix_side_and_diagram_side_stay_apart_and_on_screen(scene_class):
    scene, _ = rendered(scene_class)
    for layout in scene.layouts:
        assert layout.left.get_right()[0] + 0.3 < layout.right.get_left()[0]
    on_screen = [m for m in scene.mobjects] + [
        part for layout in scene.layouts for part in (layout.left, layout.right)
    ]
    for mobject in on_screen:
        for part in mobject.get_family():
            if part.has_points():
                assert abs(part.get_left()[0]) <= FRAME_HALF_WIDTH
                assert abs(part.get_right()[0]) <= FRAME_HALF_WIDTH
                assert abs(part.get_top()[1]) <= FRAME_HALF_HEIGHT
                assert abs(part.get_bottom()[1]) <= FRAME_HALF_HEIGHT


def test_1x2_lights_both_weights_of_a_symbolic_row():
    scene, _ = rendered(matmul.MatrixTimesVector1x2)
    assert [(lit.m, lit.n) for lit in scene.lit_log] == [(0, 0), (0, 1)]
    assert [lit.entry.tex_string for lit in scene.lit_log] == ["w_{11}", "w_{12}"]


def test_1x2_values_computes_18_and_the_heavier_weight_draws_the_thicker_edge():
    scene, _ = rendered(matmul.MatrixTimesVector1x2Values)
    weights, inputs = scene.weights, scene.inputs
    assert scene.result == pytest.approx(float((weights @ inputs)[0])) == 18
    assert scene.result_tex[1].tex_string == "18"
    diagram = scene.layouts[0].diagram
    assert diagram.edge(1, 0, 1).get_stroke_width() > 2 * diagram.edge(1, 0, 0).get_stroke_width()
    entries = [lit.entry.tex_string for lit in scene.lit_log]
    assert entries == [format_number(w, 0) for w in weights[0]]


def test_2x2_shows_the_trained_w1_and_sends_the_basis_to_its_columns():
    scene, _ = rendered(matmul.MatrixLayer2x2)
    w1 = trained("two-layer-relu").network.weights[0]
    layout = scene.layouts[0]
    assert np.array_equal(layout.diagram.weights[0], w1)
    shown = [[entry.tex_string for entry in row] for row in layout.matrix.get_rows()]
    assert shown == [[format_number(value) for value in row] for row in w1]
    assert sorted((lit.m, lit.n) for lit in scene.lit_log) == [(0, 0), (0, 1), (1, 0), (1, 1)]
    for n, (arrow, _) in enumerate(scene.basis):
        tip = scene.basis_plane.p2c(arrow.get_end())
        assert np.allclose(tip, w1[:, n], atol=0.05)


def test_2x2_square_spanned_by_the_basis_lands_on_the_parallelogram_of_the_columns():
    scene, _ = rendered(matmul.MatrixLayer2x2)
    weights = scene.trained.network.weights[0]
    cell = scene.unit_square[0]
    corners = np.array([scene.basis_plane.p2c(point)[:2] for point in cell.get_vertices()])
    expected = np.array([[0, 0], [1, 0], [1, 1], [0, 1]]) @ weights.T
    np.testing.assert_allclose(corners, expected, atol=1e-6)


def test_2x3_has_three_inputs_two_outputs_and_lights_all_six_entries():
    scene, _ = rendered(matmul.MatrixLayer2x3)
    assert matrix_shape(scene.layouts[0].matrix) == (2, 3)
    assert sorted((lit.m, lit.n) for lit in scene.lit_log) == [
        (m, n) for m in range(2) for n in range(3)
    ]
    # Three inputs: three column colours on the edges
    colors = {hex_color(edge.get_stroke_color()) for edge in scene.layouts[0].diagram.edges[0]}
    assert colors == {scene.theme.column_color(n).lower() for n in range(3)}


def test_more_walks_through_the_declared_shapes_and_entries():
    scene, _ = rendered(matmul.MatrixLayerShapes)
    shapes = [matrix_shape(layout.matrix) for layout in scene.layouts]
    assert shapes == list(scene.shapes)
    assert {(3, 2), (3, 3), (2, 4)} <= set(shapes)
    walked = [(lit.m, lit.n) for lit in scene.lit_log]
    assert walked == [entry for walk in scene.walks for entry in walk]
    for lit in scene.lit_log:
        assert lit.entry.tex_string == f"w_{{{lit.m + 1}{lit.n + 1}}}"


def test_light_theme_uses_its_own_colours():
    scene, frame = rendered(matmul.MatrixTimesVector1x2, theme="light")
    light = THEMES["light"]
    background = np.array([int(light.background[i : i + 2], 16) for i in (1, 3, 5)])
    assert np.abs(frame[0, 0].astype(int) - background).max() <= 2
    diagram = scene.layouts[0].diagram
    assert hex_color(diagram.layers[0][0].get_stroke_color()) == light.text.lower()
    assert hex_color(diagram.edge(1, 0, 1).get_stroke_color()) == light.column_color(1).lower()
    # Dark text on a light page: most of the frame is background, and some pixels are dark
    assert (frame.max(axis=2) < 80).any()


def test_a_wide_layers_matrix_is_elided_as_by_hand():
    from scenes.kit.matrices import elide_entries, value_vector, weight_matrix

    entries = [[f"{m}{n}" for n in range(64)] for m in range(9)]
    shown = elide_entries(entries, 6)
    assert [len(row) for row in shown] == [6] * 6
    assert shown[0] == ["00", "01", "02", "03", r"\cdots", "063"]
    assert shown[4] == [r"\vdots"] * 4 + [r"\ddots", r"\vdots"]
    assert shown[-1][-1] == "863"
    assert elide_entries(entries[:2], 6)[1][-1] == "163"
    assert elide_entries([["1", "2"]], 6) == [["1", "2"]]
    # a 1 x 64 row reads as 6 entries, a 64-long bias as 6 rows
    theme = THEMES["dark"]
    assert len(weight_matrix(np.ones((1, 64)), theme, most=6).get_columns()) == 6
    assert len(value_vector(np.ones(64), theme, most=6).get_rows()) == 6


def _glyph_boxes(mobject) -> list[tuple[np.ndarray, np.ndarray]]:
    """The box (low, high) of each drawn piece with points under ``mobject``."""
    return [
        (piece.get_corner(np.array([-1, -1, 0]))[:2], piece.get_corner(np.array([1, 1, 0]))[:2])
        for piece in mobject.family_members_with_points()
    ]


@pytest.mark.parametrize("scene_class", SCENE_CLASSES, ids=lambda c: c.__name__)
def test_an_edges_value_comes_in_over_no_other_text(scene_class):
    """The value lit onto an edge was once a copy flown from the matrix entry, across the
    vector, the bracket and the input neurons, garbled over their glyphs (matmul-1x2 at 11 s
    and 16.5 s, matmul-2x2 at 16.5 s): on its whole way in it meets none of them."""
    scene, _ = rendered(scene_class)
    layouts = {id(layout.diagram): layout for layout in scene.layouts}
    for lit in scene.lit_log:
        layout = layouts[id(lit.diagram)]
        others = [part for part in layout.left.get_family() if part not in lit.matrix.get_family()]
        obstacles = [box for part in others for box in _glyph_boxes(part)]
        obstacles += _glyph_boxes(lit.matrix.get_brackets())
        obstacles += [box for layer in lit.diagram.layers for box in _glyph_boxes(layer)]
        tag = scene.get_edge_label(lit.diagram, lit.m, lit.n, lit.entry.tex_string)
        reveal = scene.tag_reveal(lit.entry, tag)
        reveal.begin()
        for alpha in np.linspace(0.25, 1.0, 16):
            reveal.interpolate(alpha)
            assert not _meets_any(reveal.mobject, obstacles), (
                f"w{lit.m + 1}{lit.n + 1} at {alpha:.2f}"
            )


def _meets_any(mobject, boxes) -> bool:
    """Whether ``mobject``'s bounding box overlaps any of ``boxes`` ((low, high) corners)."""
    low = mobject.get_corner(np.array([-1, -1, 0]))[:2]
    high = mobject.get_corner(np.array([1, 1, 0]))[:2]
    return any(np.all(low < box_high) and np.all(box_low < high) for box_low, box_high in boxes)


def test_the_sum_comes_in_beside_y_over_no_neuron():
    """The 18 was once a copy flown from the left side's sum to y's output, across the y neuron
    (matmul-1x2-values at 15 s): on its whole way in it meets no neuron."""
    scene, _ = rendered(matmul.MatrixTimesVector1x2Values)
    diagram = scene.layouts[0].diagram
    neurons = [box for layer in diagram.layers for box in _glyph_boxes(layer)]
    reveal = scene.output_reveal
    reveal.begin()
    for alpha in np.linspace(0.0, 1.0, 21):
        reveal.interpolate(alpha)
        assert not _meets_any(reveal.mobject, neurons), f"the sum over a neuron at {alpha:.2f}"
    reveal.finish()


def test_matmul_more_never_holds_a_still_picture_long():
    """Each shape's sentence was once read over a still layout, 10 s at the start: between
    two animations the picture now stands still for at most 5 s (a lit entry read aloud)."""
    from manim import Wait

    # Manim's wait is a play of Wait: a still picture, not an animation
    moving = [
        play
        for play in played(matmul.MatrixLayerShapes)
        if not all(isinstance(animation, Wait) for animation in play.animations)
    ]
    starts = np.array([play.start for play in moving])
    ends = np.array([play.end for play in moving])
    assert np.max(starts[1:] - ends[:-1]) <= 5.0


def test_the_walks_ring_never_flies_over_the_neurons():
    """matmul-more's highlight ring once flew from neuron to neuron, across x_2 and its name
    (9 s: next-door neurons are closer than the ring is wide): no ring is ever moved, each goes
    out on its neuron and the next comes in on the next one."""
    from manim import Circle, ReplacementTransform, Transform

    def flattened(animations):
        for animation in animations:
            yield animation
            yield from flattened(getattr(animation, "animations", ()))

    class Walks(matmul.MatrixLayerShapes):
        def setup(self) -> None:
            super().setup()
            self.ring_animations: list = []

        def play(self, *animations, **kwargs) -> None:
            self.ring_animations += [
                a for a in flattened(animations) if isinstance(a.mobject, Circle)
            ]
            super().play(*animations, **kwargs)

    scene, _ = render_scene(Walks)
    assert scene.ring_animations
    # (a fade is a Transform too, to a faded copy in place; so is a neuron's own restyling)
    moved = [a for a in scene.ring_animations if type(a) in (Transform, ReplacementTransform)]
    assert not moved
    neurons = [n.get_center() for d in scene.layouts for layer in d.diagram.layers for n in layer]
    for animation in scene.ring_animations:
        centre = animation.mobject.get_center()
        assert min(np.linalg.norm(centre - n) for n in neurons) < 1e-6


def test_the_products_equals_sign_never_stands_alone():
    """matmul-1x2-values once faded in the products line's "=" at 1.5 s and then waited for the
    layout's sentence to be read: a lone "=" for about 2.5 s. The play after the one that brings
    it in moves the first product in."""
    from manim import FadeIn

    scene, _ = rendered(matmul.MatrixTimesVector1x2Values)
    plays = played(matmul.MatrixTimesVector1x2Values)
    equals = scene.products[0]
    shown = next(
        k
        for k, play in enumerate(plays)
        if any(isinstance(a, FadeIn) and a.mobject is equals for a in play.animations)
    )
    first_product = {id(part) for part in scene.products[1:4]}
    following = plays[shown + 1].animations
    assert any(id(getattr(a, "target_mobject", None)) in first_product for a in following)
    assert plays[shown + 1].start == plays[shown].end


def test_matmul_more_asks_each_quiz_before_it_names_the_answer():
    """The quiz's subcaption once read "Which entry ... ? w24: row 2, column 4." from the start,
    answering while the edge still asked "?": the question is said alone, the entry after it."""
    import re

    scene, _ = rendered(matmul.MatrixLayerShapes)
    sentences = [sentence for _, sentence in scene.narration]
    questions = [i for i, sentence in enumerate(sentences) if sentence.startswith("Which entry")]
    quiz = scene.walks[-1]
    assert len(questions) == len(quiz)
    for i, (m, n) in zip(questions, quiz, strict=True):
        assert not re.search(r"w\d\d", sentences[i]), sentences[i]
        assert f"w{m + 1}{n + 1}" in sentences[i + 1], sentences[i + 1]


def _fades(animation, start: float = 0.0):
    """(kind, mobject, start, end) of every FadeIn/FadeOut in ``animation``, with its window in
    the play (a Succession runs its parts one after another)."""
    from manim import AnimationGroup, FadeIn, FadeOut, Succession

    if isinstance(animation, (FadeIn, FadeOut)):
        yield type(animation).__name__, animation.mobject, start, start + animation.run_time
    elif isinstance(animation, AnimationGroup):
        at = start
        for part in animation.animations:
            yield from _fades(part, at if isinstance(animation, Succession) else start)
            at += part.run_time


def test_matmul_more_quiz_captions_never_cross():
    """The quiz's "Which entry of W is this edge?" once faded out while the answer's note faded
    in at the same place, the two sentences garbled over each other (55.5 s, 63 s): one
    caption leaves before the next comes in."""
    from manim import Tex

    from scenes.kit.matrix_layer import CAPTION_Y

    def at_caption_line(mobject) -> bool:
        return any(
            isinstance(part, Tex) and abs(part.get_y() - CAPTION_Y) < 0.3
            for part in mobject.get_family()
        )

    crossings = 0
    for play in played(matmul.MatrixLayerShapes):
        fades = [f for a in play.animations for f in _fades(a) if at_caption_line(f[1])]
        leaving = [(s, e) for kind, _, s, e in fades if kind == "FadeOut"]
        coming = [(s, e) for kind, _, s, e in fades if kind == "FadeIn"]
        crossings += sum(s_in < e_out - 1e-6 for _, e_out in leaving for s_in, _ in coming)
    assert crossings == 0
