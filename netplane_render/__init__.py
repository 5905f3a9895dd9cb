"""The machinery behind ``render.py``: plan, render in subprocesses, publish.

``render.py`` is a thin click group; the logic lives here so the tests can drive it piece by piece.
Nothing in this package imports Manim at import time: scenes render in child processes
(``python -m netplane_render.worker``), so ``render.py --help`` stays instant.
"""

__all__: list[str] = []
