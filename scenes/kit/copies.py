"""Copies of typeset glyphs that share the SVG path they were parsed from.

Every glyph of a Tex, MathTex or DecimalNumber is a ``VMobjectFromSVGPath`` that keeps the
svgelements path its points were generated from, and ``Mobject.copy`` deep-copies that path with
the glyph: about 40 times the cost of copying the glyph's own points and colours. Manim copies
glyphs all the time: FadeIn and Transform copy what they animate, a DecimalNumber copies a
cached glyph for each digit it shows, and a formula typeset before is a copy of the cached one.

The path is read only when the glyph's points are generated and never changed after, so here
copies share it instead; everything else is copied as before.
"""

from __future__ import annotations

from manim import Mobject
from manim.mobject.svg.svg_mobject import VMobjectFromSVGPath

__all__ = ["share_parsed_paths"]


def _deepcopy_sharing_path(self: VMobjectFromSVGPath, memo: dict) -> VMobjectFromSVGPath:
    path = self.__dict__.get("path_obj")
    if path is not None:
        # deepcopy hands back what the memo holds for an object: the path itself
        memo.setdefault(id(path), path)
    return Mobject.__deepcopy__(self, memo)


def share_parsed_paths() -> None:
    """Make copies of SVG glyphs share their parsed path (idempotent)."""
    VMobjectFromSVGPath.__deepcopy__ = _deepcopy_sharing_path
