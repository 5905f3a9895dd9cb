"""XOR: four points no line separates, solved by a 2-2-1 tanh network (from source 003)."""

from __future__ import annotations

from scenes.kit.base import LayerStoryScene


class XorSolved(LayerStoryScene):
    """xor: the four XOR corners, bent apart by a tanh hidden layer, then split on the number line."""

    experiment = "xor"
    grid_x_range = (-2.0, 3.0)
    grid_y_range = (-2.0, 3.0)
    max_unit = 2.5
    dot_radius = 0.14
    grid_spacing = 0.5
