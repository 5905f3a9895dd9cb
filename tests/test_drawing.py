"""The kit's drawing shortcuts draw what Manim's own drawing draws, pixel for pixel."""

from __future__ import annotations

import numpy as np
import pytest

from scenes.kit.theme import current_theme


def _pieces():
    """One of every kind of VMobject the scenes draw: open and closed sub-paths, many short
    sub-paths, curves, glyphs, a filled polygon, an arrow with its tip, points in 3-D."""
    from manim import Arrow, Circle, MathTex, Polygon, Square, VGroup

    from scenes.kit.plane import DotCloud, GridLines, RingCloud

    rng = np.random.default_rng(3)
    theme = current_theme()
    bent = np.linspace(-3, 3, 41)
    samples = np.array(
        [np.stack([bent, np.tanh(bent + k) + k / 2, 0 * bent], axis=1) for k in range(-3, 4)]
    )
    centers = np.c_[rng.uniform(-5, 5, (60, 2)), rng.uniform(-1, 1, 60)]
    return VGroup(
        GridLines(samples, stroke_color=theme.grid, stroke_width=1.2),
        DotCloud(centers, color=theme.class_colors[0], radius=0.05),
        RingCloud(centers[:7], color=theme.class_colors[1]),
        Circle(radius=1.3, fill_opacity=0.4, stroke_width=3).shift(2 * np.array([1, 1, 0])),
        Square(side_length=1.0, fill_opacity=1).rotate(0.3).shift(np.array([-3, 1, 1.0])),
        Polygon([0, 0, 0], [2, 0, 1], [1, 2, -1], fill_opacity=0.5, stroke_width=2),
        Arrow([-4, -3, 0], [-1, -2, 0.5], buff=0, stroke_width=5),
        MathTex(r"W_{1} = \sigma(x) + 0.25", color=theme.text).shift(np.array([0, -3, 0])),
    )


def _frame(camera_class, pieces) -> np.ndarray:
    camera = camera_class(pixel_width=320, pixel_height=180)
    if hasattr(camera, "set_phi"):
        camera.set_phi(np.radians(60))
        camera.set_theta(np.radians(-40))
    camera.capture_mobjects([pieces])
    return camera.pixel_array.copy()


@pytest.mark.parametrize("three_d", [False, True], ids=["flat", "3-D"])
def test_the_layered_cameras_trace_paths_exactly_as_manim_does(three_d):
    from manim import Camera, ThreeDCamera

    from scenes.kit.layers import LayeredCamera, LayeredThreeDCamera

    pieces = _pieces()
    mine = _frame(LayeredThreeDCamera if three_d else LayeredCamera, pieces)
    manims = _frame(ThreeDCamera if three_d else Camera, pieces)
    assert (mine[..., :3] > 40).any(), "nothing was drawn"
    assert np.array_equal(mine, manims)


def _unseen():
    """Mobjects that draw nothing: transparent fill and strokes, or strokes of no width."""
    from manim import Arrow, Circle, MathTex, VectorizedPoint

    return [
        VectorizedPoint(np.array([1.0, 1.0, 0.0])),
        Circle(radius=2, stroke_width=6, fill_opacity=0).set_stroke(opacity=0),
        Arrow([-4, 2, 0], [2, 2, 0], buff=0).set_opacity(0),
        MathTex(r"x + 1").set_fill(opacity=0),
        Circle(radius=1, fill_opacity=0, stroke_width=0, stroke_opacity=1),
    ]


@pytest.mark.parametrize("three_d", [False, True], ids=["flat", "3-D"])
def test_what_draws_nothing_is_not_traced_and_the_picture_is_manims(three_d, monkeypatch):
    from manim import Camera, Circle, ThreeDCamera, VGroup

    from scenes.kit import layers

    unseen = VGroup(*_unseen())
    members = unseen.family_members_with_points()
    assert all(layers.draws_nothing(m) for m in members)
    assert not layers.draws_nothing(Circle(stroke_width=0, fill_opacity=0.01))
    assert not layers.draws_nothing(
        Circle(fill_opacity=0)
        .set_stroke(opacity=0)
        .set_stroke(width=4, opacity=0.5, background=True)
    )
    pieces = VGroup(_pieces(), unseen)
    traced = []
    original = layers._PaintsSnapshots.set_cairo_context_path

    def tracing(camera, ctx, vmobject):
        traced.append(vmobject)
        return original(camera, ctx, vmobject)

    monkeypatch.setattr(layers._PaintsSnapshots, "set_cairo_context_path", tracing)
    mine = _frame(layers.LayeredThreeDCamera if three_d else layers.LayeredCamera, pieces)
    assert traced and not {id(m) for m in traced} & {id(m) for m in members}
    manims = _frame(ThreeDCamera if three_d else Camera, pieces)
    assert np.array_equal(mine, manims)


@pytest.mark.parametrize("three_d", [False, True], ids=["flat", "3-D"])
def test_what_the_cameras_keep_between_frames_follows_changes_made_in_place(three_d):
    """The layered cameras keep paths, projections, shading and depth from frame to frame
    (``PointsMemo``): a frame after pieces moved or were recoloured in place, and after the 3-D
    camera turned, is still Manim's frame."""
    from manim import RIGHT, Camera, Square, ThreeDCamera

    from scenes.kit.layers import LayeredCamera, LayeredThreeDCamera

    pieces = _pieces()
    shaded = Square(side_length=1.5, fill_opacity=0.8).shift(np.array([3, -1, 0.5]))
    pieces.add(shaded.set_shade_in_3d(True).rotate(0.8, axis=RIGHT))
    cameras = [
        cls(pixel_width=320, pixel_height=180)
        for cls in ((LayeredThreeDCamera, ThreeDCamera) if three_d else (LayeredCamera, Camera))
    ]

    def frames() -> list[np.ndarray]:
        drawn = []
        for camera in cameras:
            camera.reset()
            camera.capture_mobjects([pieces])
            drawn.append(camera.pixel_array.copy())
        return drawn

    for camera in cameras:
        if three_d:
            camera.set_phi(np.radians(60))
            camera.set_theta(np.radians(-40))
    first = frames()
    for grid_point in pieces[0].points:  # in place, the array object kept
        grid_point += 0.3 * RIGHT
    pieces[3].shift(0.5 * RIGHT)
    shaded.shift(0.4 * RIGHT).set_fill(opacity=0.5)
    if three_d:
        for camera in cameras:
            camera.set_theta(np.radians(-10))
    mine, manims = frames()
    assert not np.array_equal(mine, first[0]), "nothing changed"
    assert np.array_equal(mine, manims)


def test_a_turning_3d_camera_projects_a_frames_points_in_one_go(monkeypatch):
    """While the camera turns, every point moves on screen: the frame's mobjects are projected
    together, not one call per mobject (a surface is hundreds of faces), and the frame is
    still Manim's."""
    from manim import ThreeDCamera

    from scenes.kit.layers import LayeredThreeDCamera

    pieces = _pieces()
    cameras = [
        cls(pixel_width=320, pixel_height=180) for cls in (LayeredThreeDCamera, ThreeDCamera)
    ]

    def capture(theta: float) -> None:
        for camera in cameras:
            camera.reset()
            camera.set_phi(np.radians(60))
            camera.set_theta(np.radians(theta))
            camera.capture_mobjects([pieces])

    capture(-40)
    projected = []
    project = cameras[0].project_points
    monkeypatch.setattr(
        cameras[0],
        "project_points",
        lambda points: projected.append(len(points)) or project(points),
    )
    capture(-30)
    drawn = [m for m in pieces.family_members_with_points() if len(m.points) > 1]
    assert len(drawn) > 8
    # a lone point, or a gradient's two ends, is projected on its own
    assert [n for n in projected if n > 2] == [sum(len(m.points) for m in drawn)]
    assert np.array_equal(cameras[0].pixel_array, cameras[1].pixel_array)


def test_every_piece_takes_the_fast_path():
    import cairo

    from scenes.kit.layers import trace_path

    ctx = cairo.Context(cairo.ImageSurface(cairo.FORMAT_ARGB32, 8, 8))
    drawn = _pieces().family_members_with_points()
    assert len(drawn) > 8
    assert all(trace_path(ctx, vmobject, vmobject.points) for vmobject in drawn)


def test_place_arrow_leaves_an_arrow_where_manim_would():
    """Flat arrows, long, shorter than their tip and almost nothing long, placed one after the
    other; then off the plane, where Manim places them itself."""
    from manim import RIGHT, Arrow

    from scenes.kit.plane import place_arrow

    def arrow():
        return Arrow(np.zeros(3), RIGHT, buff=0, stroke_width=5, max_tip_length_to_length_ratio=0.3)

    rng = np.random.default_rng(5)
    manims, mine = arrow(), arrow()
    for index in range(120):
        flat = index < 100
        start = rng.normal(size=3) * 0.5
        end = start + rng.normal(size=3) * rng.choice([1e-6, 0.1, 0.5, 3.0])
        if flat:
            start[2] = end[2] = 0.0
        manims.put_start_and_end_on(start, end)
        place_arrow(mine, start, end)
        for theirs, ours in zip(
            manims.family_members_with_points(), mine.family_members_with_points(), strict=True
        ):
            # Manim's own scale-and-rotate steps drift by ~1e-9, and off the plane they carry
            # that drift on from the flat placements; a pixel is ~1e-2 scene units
            tolerance = 1e-7 if flat else 1e-4
            assert np.abs(theirs.points - ours.points).max() < tolerance, index
            assert theirs.get_stroke_width() == pytest.approx(
                ours.get_stroke_width(), abs=10 * tolerance
            )


def test_place_arrow_in_space_turns_the_tip_as_manim_does(monkeypatch):
    """Off the plane, frame by frame as a turning camera moves them, arrows are placed directly
    (Manim's steps never run) and their tips roll as Manim's do."""
    from manim import RIGHT, Arrow

    from scenes.kit.plane import place_arrow

    def arrow():
        return Arrow(np.zeros(3), RIGHT, buff=0, stroke_width=5, max_tip_length_to_length_ratio=0.3)

    manims, mine = arrow(), arrow()
    manim_steps = Arrow.put_start_and_end_on

    def only_manims(self, start, end):
        assert self is manims, "placed by Manim's steps"
        return manim_steps(self, start, end)

    monkeypatch.setattr(Arrow, "put_start_and_end_on", only_manims)
    rng = np.random.default_rng(3)
    start, end = np.zeros(3), RIGHT.astype(float)
    for index in range(300):
        start = start + rng.normal(size=3) * 0.01
        end = end + rng.normal(size=3) * 0.05
        manims.put_start_and_end_on(start, end)
        place_arrow(mine, start, end)
        for theirs, ours in zip(
            manims.family_members_with_points(), mine.family_members_with_points(), strict=True
        ):
            assert np.abs(theirs.points - ours.points).max() < 1e-9, index
            assert theirs.get_stroke_width() == pytest.approx(ours.get_stroke_width(), abs=1e-9)


@pytest.mark.parametrize("weights", [(0.8, -0.3), (-1.2, -0.1), (0.05, 2.0)])
def test_a_diagram_restyled_in_place_draws_as_one_built_anew(weights):
    """loss-surface's diagram follows the ball by restyling its edges (``set_weights`` at the
    new weights' own scale) instead of building a diagram in every frame: same edges."""
    from scenes.kit.diagram import NetworkDiagram

    theme = current_theme()
    weights = np.array([weights])
    moved = NetworkDiagram([np.array([[0.5, 0.7]])], theme).shift(np.array([-3.0, 2.0, 0.0]))
    moved.weight_scale = float(np.abs(weights).max())
    moved.set_weights([weights])
    fresh = NetworkDiagram([weights], theme).shift(np.array([-3.0, 2.0, 0.0]))
    for ours, theirs in zip(moved.edges[0], fresh.edges[0], strict=True):
        assert np.allclose(ours.points, theirs.points, rtol=0, atol=1e-12)
        assert ours.get_stroke_width() == pytest.approx(theirs.get_stroke_width())
        assert ours.get_stroke_opacity() == pytest.approx(theirs.get_stroke_opacity())
        assert ours.get_stroke_color() == theirs.get_stroke_color()


def test_what_holds_still_over_a_moving_mobject_is_painted_once_and_kept_true():
    """A group added after a moving square is drawn in every frame of the play; it is painted
    from one snapshot instead, the same picture, and drawn again as it is once something
    changes it in place (here by hand; in a scene, an animation that is not its own)."""
    from manim import BLUE, Camera, Circle, Rotate, Square, VGroup, tempconfig

    from scenes.kit.base import NetplaneScene
    from scenes.kit.layers import Snapshot

    with tempconfig({"pixel_width": 320, "pixel_height": 180}):
        scene = NetplaneScene()
        scene.setup()
        square = Square(fill_opacity=0.5)
        still = VGroup(
            *[Circle(radius=0.3, fill_opacity=0.6).shift([k - 2, 0.2 * k, 0]) for k in range(4)]
        )
        scene.add(square, still)
        scene.animations = [Rotate(square, 0.3)]
        scene.begin_animations()
        assert any(isinstance(m, Snapshot) for m in scene.moving_mobjects)

        def frames() -> tuple[np.ndarray, np.ndarray]:
            mine, manims = scene.camera, Camera(background_color=scene.camera.background_color)
            for camera, drawn in ((mine, scene.moving_mobjects), (manims, [square, still])):
                camera.reset()
                camera.capture_mobjects(drawn)
            return mine.pixel_array.copy(), manims.pixel_array.copy()

        mine, manims = frames()
        # painting premultiplied pixels over the frame rounds: at most 2 levels of 255
        assert np.abs(mine.astype(int) - manims.astype(int)).max() <= 2
        assert (mine != manims).any(axis=2).mean() < 0.05
        still[1].set_color(BLUE)
        mine, manims = frames()
        assert np.array_equal(mine, manims)


def test_runs_of_a_few_curves_are_the_ones_manim_finds():
    """Joined and broken, closed and open, with anchors a hair apart, NaN and infinities."""
    from manim import VMobject

    from scenes.kit.layers import closed_subpaths, few_curve_runs

    rng = np.random.default_rng(7)
    vmobject = VMobject()
    tolerance = vmobject.tolerance_for_point_equality
    specials = [np.nan, np.inf, -np.inf, 0.0, 1.0, 1.0 + 1e-7, 1.0 + 1e-4, -1.0]
    for _ in range(400):
        curves = rng.choice(specials, size=(int(rng.integers(1, 12)), 8))
        curves[:, 2:6] = rng.normal(size=(len(curves), 4))
        for curve in range(1, len(curves)):  # most curves start where the one before ended
            if rng.random() < 0.7:
                curves[curve, :2] = curves[curve - 1, 6:] + rng.choice([0, 1e-7, 1e-3])
        if rng.random() < 0.5:  # ends where it began
            curves[-1, 6:] = curves[0, :2]
        points = np.c_[curves.reshape(-1, 2), np.zeros(len(curves) * 4)]
        bounds = vmobject.get_subpath_split_indices_from_points(points, n_dims=2)
        with np.errstate(invalid="ignore"):  # inf - inf
            closed = closed_subpaths(points, bounds, tolerance).tolist()
        manims = [
            (start // 4, end // 4, close)
            for (start, end), close in zip(bounds.tolist(), closed, strict=True)
        ]
        x, y = curves[:, 0].tolist(), curves[:, 1].tolist()
        end_x, end_y = curves[:, 6].tolist(), curves[:, 7].tolist()
        assert few_curve_runs(x, y, end_x, end_y, tolerance) == manims
