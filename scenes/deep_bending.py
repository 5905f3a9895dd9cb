"""A deeper network bends space layer after layer until a tangled data set comes apart
(from source 001)."""

from __future__ import annotations

from scenes.kit.space import SpaceStoryScene


class DeepBending(SpaceStoryScene):
    """deep-bending: a 2-3-3-3-1 tanh network untangles the two spirals, one bend per layer."""

    experiment = "spiral-deep"
    grid_x_range = (-3.0, 3.0)
    grid_y_range = (-3.0, 3.0)
    grid_spacing = 0.5
    step_seconds = 2.0
    dot_radius = 0.04
    layer_matrices = True
    # W2 and W3 are nearly rank 1: half way through, the cloud is a tall sliver; the zoom holds
    # it at the band's full height rather than easing out early towards the end's framing
    space_track_share = 0.95
