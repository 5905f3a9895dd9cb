"""Faster copies of mobjects, the same copies.

Glyphs share the SVG path they were parsed from. Every glyph of a Tex, MathTex or
DecimalNumber is a ``VMobjectFromSVGPath`` that keeps the svgelements path its points were
generated from, and ``Mobject.copy`` deep-copies that path with the glyph: about 40 times the
cost of copying the glyph's own points and colours. Manim copies glyphs all the time: FadeIn
and Transform copy what they animate, a DecimalNumber copies a cached glyph for each digit it
shows, and a formula typeset before is a copy of the cached one. The path is read only when the
glyph's points are generated and never changed after, so here copies share it instead.

Every mobject's attributes are copied as ``copy.deepcopy`` copies them, without its dispatch
for the two kinds most attributes are: numbers, strings and None (kept, as deepcopy keeps
them) and numeric NumPy arrays (copied in their memory order and noted in the memo, as
``ndarray.__deepcopy__`` and deepcopy do). A FadeIn of a formula copies hundreds of thousands
of attributes.
"""

from __future__ import annotations

import copy

import numpy as np
from manim import Mobject
from manim.mobject.svg.svg_mobject import VMobjectFromSVGPath

__all__ = ["share_parsed_paths"]

# what copy.deepcopy hands back unchanged (its _deepcopy_atomic), the common ones
_KEPT_AS_IS = frozenset({int, float, bool, str, type(None)})


def _deepcopy_mobject(self: Mobject, memo: dict) -> Mobject:
    """``Mobject.__deepcopy__``: each attribute deep-copied into a new instance."""
    cls = self.__class__
    result = cls.__new__(cls)
    memo[id(self)] = result
    for key, value in self.__dict__.items():
        kind = type(value)
        if kind in _KEPT_AS_IS:
            copied = value
        elif kind is np.ndarray and not value.dtype.hasobject:
            copied = memo.get(id(value))
            if copied is None:
                copied = value.copy(order="K")
                memo[id(value)] = copied
                copy._keep_alive(value, memo)  # as deepcopy does: the id stays this array's
        else:
            copied = copy.deepcopy(value, memo)
        setattr(result, key, copied)
    result.original_id = str(id(self))
    return result


def _deepcopy_sharing_path(self: VMobjectFromSVGPath, memo: dict) -> VMobjectFromSVGPath:
    path = self.__dict__.get("path_obj")
    if path is not None:
        # deepcopy hands back what the memo holds for an object: the path itself
        memo.setdefault(id(path), path)
    return _deepcopy_mobject(self, memo)


def share_parsed_paths() -> None:
    """Make copies of mobjects faster and copies of SVG glyphs share their parsed path
    (idempotent)."""
    Mobject.__deepcopy__ = _deepcopy_mobject
    VMobjectFromSVGPath.__deepcopy__ = _deepcopy_sharing_path
