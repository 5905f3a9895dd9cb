"""A scene's formulas compiled together before it constructs: one LaTeX run, one dvisvgm run.

Manim compiles each formula on its own: a ``latex`` process and a ``dvisvgm`` process, about
0.17 CPU seconds each, nearly all of it start-up (loading the format, reading font maps). A
story scene typesets some 50 formulas. Here the formulas a scene typeset when it was last
recorded (its manifest, ``scenes/formulas/<SceneClass>.json``) are set one per page of a single
document, from the same preamble, and ``dvisvgm --page=1-`` writes every page's SVG in one run;
each SVG goes into Manim's formula folder under the name Manim looks up for that formula, so the
scene's own ``MathTex`` and ``Tex`` calls find it compiled.

A page of the batch is the formula's own document: the body between ``\\begin{document}`` and
``\\end{document}`` of the file Manim writes, inside the ``standalone`` environment the class
opens there, so the glyphs and their positions are the same. The SVG files differ from Manim's
only in names inside them (dvisvgm numbers fonts across the whole document, and the page), which
the parsed paths do not depend on (tests/test_formula_batch.py compares them).

A manifest only saves time: a formula missing from it is compiled by Manim as before, one that
the scene no longer uses costs a page, and whatever goes wrong in a batch (a LaTeX error, a page
count that does not match) leaves the formulas to Manim. Formulas that could change LaTeX's
state for the pages after them (definitions, counters, numbered equations) are left to Manim
too. Batches run in a private folder and each SVG is moved into place whole (``os.replace``), so
renders running side by side do not clash.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from manim import config
from manim.utils import tex_file_writing

from scenes.kit.latex_format import BEGIN, preamble_format

__all__ = [
    "Formula",
    "compile_formulas",
    "manifest_path",
    "precompile_scene",
    "read_manifest",
    "recording",
    "use_formula_recording",
    "write_manifest",
]

MANIFESTS = Path(__file__).resolve().parent.parent / "formulas"
END = "\\end{document}"
# What Manim's \end{document} does in a standalone document before ending it, and what its
# \begin{document} does after starting it: between two formulas, the one page ends, the next begins.
PAGE_BREAK = "\\ifhmode\\unskip\\fi\\endstandalone\\standalone\\ignorespaces "
# A formula containing any of these could leave a trace on the pages after it in a batch.
STATEFUL = re.compile(
    r"\\(def|edef|gdef|xdef|let|global|new[a-z]*|renew[a-z]*|provide[a-z]*|setcounter|"
    r"addtocounter|stepcounter|refstepcounter|setlength|addtolength|label|tag|makeatletter|"
    r"usepackage|input|include|catcode|everymath|everydisplay|everypar|pagebreak|newpage|"
    r"clearpage|shipout|special\{dvisvgm:(?!raw <g id='unique\d+'>|raw </g>))"
    r"|\\begin\{(equation|align|gather|multline|flalign|alignat|eqnarray)\}"
)


@dataclass(frozen=True)
class Formula:
    """One formula as Manim writes it to a .tex file: the preamble and the document's body,
    compiled with ``compiler`` into ``output_format``."""

    preamble: str
    body: str
    compiler: str = "latex"
    output_format: str = ".dvi"

    @property
    def source(self) -> str:
        return f"{self.preamble}{BEGIN}{self.body}{END}"

    @property
    def name(self) -> str:
        """The file name Manim gives this formula (without suffix)."""
        return tex_file_writing.tex_hash(self.source)

    @property
    def batchable(self) -> bool:
        return (
            self.compiler == "latex"
            and self.output_format == ".dvi"
            and STATEFUL.search(self.body) is None
        )


def formula_from_source(source: str, compiler: str, output_format: str) -> Formula | None:
    """The formula of a .tex file Manim wrote, or None if the file is not shaped as Manim's."""
    start, end = source.find(BEGIN), source.rfind(END)
    if start < 0 or end < start or not source.endswith(END):
        return None
    return Formula(source[:start], source[start + len(BEGIN) : end], compiler, output_format)


# --- recording the formulas a scene typesets -----------------------------------------------

_recorders: list[list[Formula]] = []
_manim_generate_tex_file = tex_file_writing.generate_tex_file


def _generate_and_record(expression, environment=None, tex_template=None) -> Path:
    tex_file = _manim_generate_tex_file(expression, environment, tex_template)
    if _recorders:
        template = tex_template or config["tex_template"]
        compiler = template.tex_compiler
        formula = formula_from_source(
            tex_file.read_text(encoding="utf-8"),
            compiler if isinstance(compiler, str) else ",".join(compiler),
            template.output_format,
        )
        for recorder in _recorders if formula is not None else ():
            recorder.append(formula)
    return tex_file


def use_formula_recording() -> None:
    """Let ``recording()`` see every formula Manim typesets (idempotent)."""
    tex_file_writing.generate_tex_file = _generate_and_record


@contextmanager
def recording() -> Iterator[list[Formula]]:
    """Collect the formulas typeset inside the block, in order (repeats included)."""
    formulas: list[Formula] = []
    _recorders.append(formulas)
    try:
        yield formulas
    finally:
        _recorders.remove(formulas)


# --- manifests -----------------------------------------------------------------------------


def manifest_path(scene_class: type) -> Path:
    return MANIFESTS / f"{scene_class.__name__}.json"


def write_manifest(path: Path, formulas: Iterable[Formula]) -> None:
    """Store ``formulas`` (each once, grouped by preamble and compiler, sorted: stable diffs)."""
    groups: dict[tuple[str, str, str], set[str]] = {}
    for formula in formulas:
        key = (formula.compiler, formula.output_format, formula.preamble)
        groups.setdefault(key, set()).add(formula.body)
    data = {
        "groups": [
            {
                "compiler": compiler,
                "output_format": fmt,
                "preamble": preamble,
                "bodies": sorted(bodies),
            }
            for (compiler, fmt, preamble), bodies in sorted(groups.items())
        ]
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.part")
    partial.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(partial, path)


def read_manifest(path: Path) -> tuple[Formula, ...]:
    """The formulas of a manifest; none if it is missing or unreadable."""
    try:
        groups = json.loads(path.read_text(encoding="utf-8"))["groups"]
        return tuple(
            Formula(group["preamble"], body, group["compiler"], group["output_format"])
            for group in groups
            for body in group["bodies"]
        )
    except (OSError, ValueError, KeyError, TypeError):
        return ()


# --- compiling a batch ---------------------------------------------------------------------


def batch_source(preamble: str, bodies: Iterable[str]) -> str:
    """One document with each body on a page of its own, as each would be alone."""
    return f"{preamble}{BEGIN}{PAGE_BREAK.join(bodies)}{END}"


def _run(command: list[str], folder: Path, env: dict | None = None) -> bool:
    done = subprocess.run(
        command,
        cwd=folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        check=False,
    )
    return done.returncode == 0


def _compile_pages(preamble: str, bodies: list[str], work: Path) -> list[Path] | None:
    """The SVG of every page, in order, or None if any step failed."""
    (work / "batch.tex").write_text(batch_source(preamble, bodies), encoding="utf-8")
    fmt = preamble_format(preamble)
    latex = ["latex", "-interaction=batchmode", "-halt-on-error", "batch.tex"]
    env = None
    if fmt is not None:
        latex[1:1] = [f"-fmt={fmt.stem}"]
        env = {**os.environ, "TEXFORMATS": f"{fmt.parent.as_posix()}:"}
    if not _run(latex, work, env) or not (work / "batch.dvi").is_file():
        return None
    dvisvgm = ["dvisvgm", "--page=1-", "--no-fonts", "--verbosity=0", "--output=page-%p.svg"]
    if not _run([*dvisvgm, "batch.dvi"], work):
        return None
    pages = sorted(work.glob("page-*.svg"), key=lambda page: int(page.stem.split("-")[1]))
    return pages if len(pages) == len(bodies) else None


def compile_formulas(formulas: Iterable[Formula], tex_dir: Path) -> int:
    """Compile the batchable ``formulas`` not yet in ``tex_dir`` there, a batch per preamble;
    returns how many SVGs it wrote."""
    tex_dir = Path(tex_dir)
    groups: dict[str, dict[str, Formula]] = {}
    for formula in formulas:
        if formula.batchable and not (tex_dir / f"{formula.name}.svg").exists():
            groups.setdefault(formula.preamble, {})[formula.name] = formula
    written = 0
    for preamble, by_name in groups.items():
        try:
            tex_dir.mkdir(parents=True, exist_ok=True)
            # beside Manim's folder, not in it: Manim deletes every file there but the SVGs
            with tempfile.TemporaryDirectory(prefix=".formulas-", dir=tex_dir.parent) as work:
                pages = _compile_pages(preamble, [f.body for f in by_name.values()], Path(work))
                for name, page in zip(by_name, pages or (), strict=False):
                    os.replace(page, tex_dir / f"{name}.svg")
                    written += 1
        except OSError:
            continue
    return written


def precompile_scene(scene_class: type) -> int:
    """Compile the formulas of ``scene_class``'s manifest into Manim's formula folder."""
    formulas = read_manifest(manifest_path(scene_class))
    return compile_formulas(formulas, config.get_dir("tex_dir")) if formulas else 0
