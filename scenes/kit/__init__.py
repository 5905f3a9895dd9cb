"""netplane's visual vocabulary: what every scene is made of.

The files directly in ``scenes/`` are the stories, one per catalogue entry (plus the generator's
``custom.py`` and the registry); this package holds the pieces they share: the plane and its
dots (``plane``), the steps a network takes (``stages``), the diagram, matrices, readout and
theme, the base scene classes (``base``, ``space``), the narration, and the classes for a scene
of your own (``story``: ``NetworkStory``; ``learning``). A change here can change every video,
so the render cache treats the whole kit as every scene's input.
"""

from scenes.kit.copies import share_parsed_paths
from scenes.kit.families import list_families_in_one_walk
from scenes.kit.formula_batch import use_formula_recording
from scenes.kit.latex_format import use_preamble_format

share_parsed_paths()
list_families_in_one_walk()
use_preamble_format()
use_formula_recording()
