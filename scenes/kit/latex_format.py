"""Formulas compiled with their preamble preloaded: one LaTeX format, built once per machine.

Every formula Manim typesets is a LaTeX run that first loads the same preamble (``standalone``,
``babel``, ``amsmath``, ``amssymb``): about half of each run's CPU time, for formulas that take
a few milliseconds to set. Here the preamble is dumped once into a format file (with
``mylatexformat``, part of texlive-latex-extra, which render.py's setup installs) and each
formula whose preamble is that one is compiled from it: the same DVI, byte for byte.

The format is kept beside the formula cache (``NETPLANE_TEX_CACHE`` or ``.cache/tex``, in
``format/``), named after the preamble and the LaTeX it was built with. Whatever goes wrong
(no ``mylatexformat``, a folder that cannot be written, a run that fails) falls back to Manim's
own compilation.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

from manim.utils import tex_file_writing

__all__ = ["compile_with_preamble_format", "preamble_format", "use_preamble_format"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
BEGIN = "\\begin{document}"
# preamble text -> format file, or None where no format could be built (this process)
_formats: dict[str, Path | None] = {}


def _format_dir() -> Path:
    cache = os.environ.get("NETPLANE_TEX_CACHE") or PROJECT_ROOT / ".cache" / "tex"
    return Path(cache) / "format"


def _latex_identity() -> str:
    latex = shutil.which("latex")
    if latex is None:
        return "none"
    real = Path(latex).resolve()
    return f"{real}:{real.stat().st_mtime_ns}"


def preamble_format(preamble: str) -> Path | None:
    """The format file holding ``preamble`` loaded, built now if needed; None if it cannot be."""
    if preamble in _formats:
        return _formats[preamble]
    name = "netplane-" + hashlib.sha256((preamble + _latex_identity()).encode()).hexdigest()[:16]
    folder = _format_dir()
    target = folder / f"{name}.fmt"
    if not target.is_file():
        target = _build_format(folder, name, preamble)
    _formats[preamble] = target
    return target


def _build_format(folder: Path, name: str, preamble: str) -> Path | None:
    job = f"{name}-{os.getpid()}"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        source = folder / f"{job}.tex"
        source.write_text(f"{preamble}{BEGIN}\n\\end{{document}}\n")
        built = subprocess.run(
            ["etex", "-ini", "-interaction=batchmode", f"-jobname={job}", "&latex"]
            + ["mylatexformat.ltx", source.name],
            cwd=folder,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=False,
        )
        if built.returncode != 0 or not (folder / f"{job}.fmt").is_file():
            return None
        # whole or not at all: renders running side by side may build it at once
        os.replace(folder / f"{job}.fmt", folder / f"{name}.fmt")
        return folder / f"{name}.fmt"
    except OSError:
        return None
    finally:
        for suffix in (".tex", ".log", ".fmt"):
            (folder / f"{job}{suffix}").unlink(missing_ok=True)


_manim_compile_tex = tex_file_writing.compile_tex


def compile_with_preamble_format(
    tex_file: Path, tex_compiler: str | list[str], output_format: str
) -> Path:
    """Manim's ``compile_tex``, through the preamble's format where there is one."""
    result = Path(tex_file).with_suffix(output_format)
    if tex_compiler != "latex" or output_format != ".dvi" or result.exists():
        return _manim_compile_tex(tex_file, tex_compiler, output_format)
    text = Path(tex_file).read_text(encoding="utf-8")
    preamble = text[: text.find(BEGIN)] if BEGIN in text else None
    fmt = preamble_format(preamble) if preamble else None
    if fmt is not None:
        tex_dir = tex_file_writing.config.get_dir("tex_dir")
        command = [
            "latex",
            f"-fmt={fmt.stem}",
            "-interaction=batchmode",
            "-halt-on-error",
            f"-output-directory={Path(tex_dir).as_posix()}",
            Path(tex_file).as_posix(),
        ]
        fmt_dir = {"TEXFORMATS": f"{fmt.parent.as_posix()}:"}
        run = subprocess.run(
            command, stdout=subprocess.DEVNULL, env={**os.environ, **fmt_dir}, check=False
        )
        if run.returncode == 0 and result.exists():
            return result
        result.unlink(missing_ok=True)
    return _manim_compile_tex(tex_file, tex_compiler, output_format)


def use_preamble_format() -> None:
    """Compile Manim's formulas through ``compile_with_preamble_format`` (idempotent)."""
    tex_file_writing.compile_tex = compile_with_preamble_format
