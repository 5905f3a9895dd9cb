"""``NetplaneSlide``: the manim-slides mixin for netplane scenes, and what it takes to run it on
Manim 0.22. Imported only in the slides worker (it imports Manim).

manim-slides 5.7 (the newest release) predates three changes in Manim 0.22's config: the
``write_to_movie`` and ``flush_cache`` options are gone, and ``max_files_cached`` takes only
integers (-1 for unlimited) where manim-slides sets ``float("inf")``. ``NetplaneSlide.render``
does what ``Slide.render`` does without those options, and ``write_to_movie`` (set in
``Slide.__init__``) is accepted and ignored: the cairo renderer always writes the movie.
"""

from __future__ import annotations

from manim import ManimColor, config
from manim._config.utils import ManimConfig
from manim_slides import Slide

__all__ = ["NetplaneSlide"]

if not hasattr(ManimConfig, "write_to_movie"):
    ManimConfig.write_to_movie = property(lambda self: True, lambda self, value: None)


class NetplaneSlide(Slide):
    """Mix in before a netplane scene class: each ``slide_break()`` starts a new slide."""

    # Reversed clips serve only manim-slides' own player, not the converted decks.
    skip_reversing = True

    def slide_break(self) -> None:
        self.note_slide()
        self.next_slide()

    def note_slide(self) -> None:
        """The sentences narrated since the last slide break become the speaker notes of the
        slide that ends here (manim-slides keeps the current slide's options until
        ``next_slide()``, which files them and starts the next slide's)."""
        noted = getattr(self, "noted_sentences", 0)
        self._base_slide_config.notes = "\n\n".join(
            sentence for _, sentence in getattr(self, "narration", [])[noted:]
        )
        self.noted_sentences = len(getattr(self, "narration", []))

    @property
    def _background_color(self) -> str:
        # netplane's theme sets the camera's background as a hex string; manim-slides expects a
        # ManimColor there.
        return ManimColor(self.renderer.camera.background_color).to_hex()

    def render(self, *args, **kwargs) -> None:
        limit = config.max_files_cached
        # manim-slides concatenates the partial movies of each slide, so none may be evicted.
        config.max_files_cached = -1
        try:
            super(Slide, self).render(*args, **kwargs)
        finally:
            config.max_files_cached = limit
        self.note_slide()
        self._save_slides(
            use_cache=not (config.disable_caching or self.disable_caching),
            flush_cache=self.flush_cache,
            skip_reversing=self.skip_reversing,
        )
