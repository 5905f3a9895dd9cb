"""An entrance for a drawing with text in it: its lines are traced, its text fades in.

``Create`` traces every outline of a group, its tick labels and axis names among them, one after
the other, so in the frames before it ends a label is half drawn ("100 %" read "10'" on
circles-training's accuracy axis). Text is read, not watched being drawn.
"""

from __future__ import annotations

from manim import Create, DecimalNumber, FadeIn, MarkupText, Mobject, SingleStringMathTex, Text
from manim.animation.composition import AnimationGroup

__all__ = ["CreateWithLabels", "TEXT_TYPES", "text_parts"]

TEXT_TYPES = (SingleStringMathTex, DecimalNumber, Text, MarkupText)
"""What is read rather than traced: formulas (Tex and MathTex), numbers, text."""


def text_parts(mobject: Mobject) -> list[Mobject]:
    """The outermost text pieces in ``mobject``'s family (a formula counts once, not per glyph)."""
    if isinstance(mobject, TEXT_TYPES):
        return [mobject]
    return [part for sub in mobject.submobjects for part in text_parts(sub)]


def _without_text(mobject: Mobject) -> Mobject:
    """A copy of ``mobject`` with its text pieces taken out."""
    bare = mobject.copy()
    for member in bare.get_family():
        member.remove(*[sub for sub in member.submobjects if isinstance(sub, TEXT_TYPES)])
    return bare


class CreateWithLabels(AnimationGroup):
    """``Create`` for what in ``group`` is not text, ``FadeIn`` for its text; when done, ``group``
    itself is in the scene (the same picture), as after ``Create(group)``."""

    def __init__(self, group: Mobject, **kwargs) -> None:
        # (not self.group: AnimationGroup keeps the group of its animations' mobjects there)
        self.drawing = group
        self.bare = _without_text(group)
        self.texts = text_parts(group)
        super().__init__(Create(self.bare), *[FadeIn(text) for text in self.texts], **kwargs)

    def clean_up_from_scene(self, scene) -> None:
        super().clean_up_from_scene(scene)
        scene.remove(self.bare, *self.texts)
        scene.add(self.drawing)
