"""The colours every scene uses, in a dark and a light theme switched in one place.

The theme comes from the ``NETPLANE_THEME`` environment variable (``dark`` or ``light``), which
render.py sets for each render; a plain ``manim render`` gets the dark default of the article.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

__all__ = ["THEMES", "Theme", "ThemeError", "current_theme"]


class ThemeError(ValueError):
    pass


@dataclass(frozen=True)
class Theme:
    """The palette. Each hue has one meaning in every scene, so a viewer who learnt it once can
    read any frame; nothing else may borrow a hue that carries a meaning:

    - ``class_colors``: the two classes (yellow y=0, blue y=1): data points, the legend, and
      what speaks for a class ("predict y=0" on its side of the boundary); with more classes
      ``class_palette`` continues them (``extra_class_colors``: vermillion, then hues chosen
      to stay apart from every other meaning and, in simulated deuteranopia and protanopia,
      from the other classes), in the same roles, the K-class regions included;
    - ``basis_colors``: î, ĵ, k̂ and a fourth: the basis arrows, the matrix columns they are,
      and the diagram's edges leaving each input neuron;
    - ``highlight`` (pink): "look here": lit entries and their boxes, rings on neurons, the
      running formula, counters. Never a class or basis hue;
    - ``boundary`` (aqua): the decision: the boundary line or plane, its threshold, and what is
      measured against it (accuracy readout and curve);
    - ``quadrants``: the four quadrants in the fold scenes (relu-fold, activations), in hues
      that carry no other meaning;
    - neutral greys and the text colour (``text``, ``muted_text``, ``axis``, ``grid``,
      ``background_grid``) for everything else, such as graphs, loss curves and axes.
    """

    name: str
    background: str
    text: str
    muted_text: str
    background_grid: str
    grid: str
    axis: str
    class_colors: tuple[str, str]
    """Class 0 (yellow, y=0) and class 1 (blue, y=1)."""
    basis_colors: tuple[str, ...]
    """î, ĵ, k̂ and a fourth: the colours of matrix columns and of the edges leaving each input
    neuron (they cycle after the fourth)."""
    neuron_fill: str
    highlight: str
    boundary: str
    quadrants: tuple[str, str, str, str]
    extra_class_colors: tuple[str, ...] = ()
    """Classes 2, 3, ... after yellow and blue (up to six classes in all)."""
    extra_class_names: tuple[str, ...] = ()
    """What the narration calls ``extra_class_colors``, in the same order."""

    @property
    def class_names(self) -> tuple[str, ...]:
        """Every class colour's name, for the narration: yellow, blue, then the others'."""
        return ("yellow", "blue", *self.extra_class_names)

    @property
    def class_palette(self) -> tuple[str, ...]:
        """Every class's colour, class 0 first: yellow, blue, then ``extra_class_colors``."""
        return (*self.class_colors, *self.extra_class_colors)

    def class_colors_for(self, classes: int) -> tuple[str, ...]:
        """The colours of ``classes`` classes (at least two: a binary network's pair)."""
        palette = self.class_palette
        if classes > len(palette):
            raise ThemeError(f"the palette has colours for {len(palette)} classes, not {classes}")
        return palette[: max(2, classes)]

    @property
    def quadrant_colors(self) -> tuple[str, str, str, str]:
        """Points of quadrants 1 to 4 (counter-clockwise from x1, x2 > 0) in the fold scenes."""
        return self.quadrants

    def column_color(self, column: int) -> str:
        """Colour of matrix column ``column`` (0-based); beyond k̂ the colours cycle."""
        return self.basis_colors[column % len(self.basis_colors)]


THEMES: dict[str, Theme] = {
    "dark": Theme(
        name="dark",
        background="#101218",
        text="#ECECEC",
        muted_text="#9AA0A6",
        background_grid="#2A2F3A",
        grid="#3D7BA8",
        axis="#D0D4DA",
        class_colors=("#F5C518", "#3E9BFF"),
        basis_colors=("#3DD68C", "#FF5A5F", "#C77DFF", "#A66E38"),
        neuron_fill="#1C2030",
        highlight="#FF79C6",
        boundary="#5CE1E6",
        quadrants=("#9AD94A", "#E9A86B", "#8C93A0", "#F2F2F2"),
        extra_class_colors=("#F2320C", "#9DF2A5", "#F20CA6", "#0CF2F2"),
        extra_class_names=("vermillion", "mint", "magenta", "cyan"),
    ),
    "light": Theme(
        name="light",
        background="#FFFFFF",
        text="#1B1E24",
        muted_text="#5F6670",
        background_grid="#E3E6EB",
        grid="#7FA7C9",
        axis="#3A3F47",
        class_colors=("#D9A400", "#1F6FD0"),
        basis_colors=("#13965A", "#D7263D", "#7B2CBF", "#E65100"),
        neuron_fill="#F4F6F9",
        highlight="#C2188B",
        boundary="#00A3A3",
        quadrants=("#6A9A1F", "#A47148", "#8A8F98", "#212121"),
        extra_class_colors=("#8C1207", "#56B4E9", "#4B4B73", "#FF8FB1"),
        extra_class_names=("dark red", "sky blue", "slate", "pink"),
    ),
}


def current_theme() -> Theme:
    """The theme named by ``NETPLANE_THEME``, dark when unset."""
    name = os.environ.get("NETPLANE_THEME", "dark").strip().lower() or "dark"
    if name not in THEMES:
        raise ThemeError(
            f"unknown theme {name!r} in NETPLANE_THEME: expected one of {', '.join(THEMES)}"
        )
    return THEMES[name]
