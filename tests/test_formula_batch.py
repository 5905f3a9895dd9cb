"""A scene's formulas compiled in one batch (scenes/kit/formula_batch.py): the same glyphs as
Manim's own compilation, nothing written when a batch fails, and manifests that are up to date."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from scenes.kit import formula_batch
from scenes.kit.formula_batch import Formula, compile_formulas, recording
from scenes.registry import SCENES, get_scene, load_scene_class
from tests.scene_rendering import render_scene, typeset

COLOURED = r"\usepackage{xcolor}"


def _typeset_by_manim(media: Path):
    """Typeset a few formulas as the scenes do, through Manim's own compilation (one LaTeX and
    one dvisvgm run each); the formulas recorded and the folder they went to."""
    from manim import MathTex, Tex, TexTemplate, tempconfig

    coloured = TexTemplate()
    coloured.add_to_preamble(COLOURED)
    with tempconfig({"media_dir": str(media)}), recording() as seen:
        MathTex(r"g(x) = (W_2 W_1)\,x + (W_2 b_1 + b_2)")
        MathTex(r"z_1 &= w_{11} x_1 + w_{12} x_2 \\ z_2 &= w_{21} x_1 + w_{22} x_2")
        MathTex("W_1", "=", r"\begin{bmatrix} 1 & -0.5 \\ 2 & 0.25 \end{bmatrix}")
        Tex(r"accuracy 69\% \\ (138 / 200)")
        MathTex(r"\textcolor{red}{w_1} x + \textcolor{blue}{b}", tex_template=coloured)
        from manim import config

        return seen, config.get_dir("tex_dir")


def _glyphs(svg: Path) -> list[tuple[np.ndarray, str]]:
    from manim import SVGMobject

    mobject = SVGMobject(str(svg), should_center=False, height=None, width=None)
    return [(m.points, m.get_fill_color().to_hex()) for m in mobject.family_members_with_points()]


def test_a_batch_gives_the_glyphs_manims_own_compilation_gives(tmp_path):
    seen, manims = _typeset_by_manim(tmp_path / "manim")
    ours = tmp_path / "batch" / "Tex"
    assert compile_formulas(seen, ours) == len(seen) == 5
    assert len({formula.preamble for formula in seen}) == 2  # the coloured one: its own batch
    for formula in seen:
        theirs, mine = (
            _glyphs(manims / f"{formula.name}.svg"),
            _glyphs(ours / f"{formula.name}.svg"),
        )
        assert len(theirs) == len(mine) > 0
        for (their_points, their_colour), (my_points, my_colour) in zip(theirs, mine, strict=True):
            assert np.array_equal(their_points, my_points)
            assert their_colour == my_colour


def test_formulas_compiled_already_are_not_compiled_again(tmp_path):
    formula = Formula(_preamble(), "\n$x$\n")
    assert compile_formulas([formula], tmp_path) == 1
    assert compile_formulas([formula], tmp_path) == 0


def _preamble() -> str:
    from manim import config

    source = config["tex_template"].get_texcode_for_expression("x")
    return source[: source.index(formula_batch.BEGIN)]


def test_a_failing_batch_writes_nothing_and_leaves_the_formulas_to_manim(tmp_path):
    good = Formula(_preamble(), "\n$x$\n")
    broken = Formula(_preamble(), "\n$\\undefinedmacro$\n")
    assert compile_formulas([good, broken], tmp_path) == 0
    assert list(tmp_path.glob("*.svg")) == []


@pytest.mark.parametrize(
    "body",
    [r"\newcommand{\w}{w}$\w$", r"\begin{equation}x\end{equation}", r"\setcounter{page}{3}$x$"],
)
def test_formulas_that_could_change_the_pages_after_them_are_left_to_manim(tmp_path, body):
    formula = Formula(_preamble(), body)
    assert not formula.batchable
    assert compile_formulas([formula], tmp_path) == 0


def test_a_manifest_reads_back_as_written(tmp_path):
    formulas = [Formula(_preamble(), "\n$x$\n"), Formula("pre", "b", "xelatex", ".xdv")]
    path = tmp_path / "Scene.json"
    formula_batch.write_manifest(path, formulas + formulas[:1])
    assert sorted(formula_batch.read_manifest(path), key=str) == sorted(formulas, key=str)
    assert formula_batch.read_manifest(tmp_path / "missing.json") == ()


@pytest.mark.parametrize("scene_id", list(SCENES))
def test_every_formula_a_scene_typesets_is_in_its_manifest(scene_id):
    """Refresh with tests/make_formula_manifests.py (a stale manifest only costs render time)."""
    scene_class = load_scene_class(get_scene(scene_id))
    render_scene(scene_class)
    manifest = {
        f.name for f in formula_batch.read_manifest(formula_batch.manifest_path(scene_class))
    }
    missing = typeset(scene_class) - manifest
    assert not missing, (
        f"{len(missing)} formulas missing: run tests/make_formula_manifests.py {scene_id}"
    )
