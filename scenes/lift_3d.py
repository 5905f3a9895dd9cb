"""A hidden layer of width 3 lifts the plane into space, where a plane separates the classes
(from source 001)."""

from __future__ import annotations

from scenes.kit.space import SpaceStoryScene


class LiftTo3D(SpaceStoryScene):
    """lift-3d: a 2-3-1 tanh network lifts the two circles into 3-D, where a plane splits them."""

    experiment = "circles-lift"
    grid_x_range = (-3.0, 3.0)
    grid_y_range = (-3.0, 3.0)
    grid_spacing = 0.5
    dot_radius = 0.04
    space_column = True
    layer_matrices = True
    basis_leaves_with_collapse = True
