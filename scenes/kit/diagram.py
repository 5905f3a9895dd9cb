"""The network diagram tied to a network's weights: one circle per neuron, one edge per weight.

Edge ``w_mn`` of layer k joins neuron n of layer k-1 to neuron m of layer k, exactly as
``W[m, n]``. An edge's colour is the colour of its matrix column (the input neuron it leaves), its
width and opacity grow with ``|w|`` (a weight of 0.01 is barely visible) and a negative weight is
dashed.

A column wider than ``MAX_SHOWN_NEURONS`` is summarized: its first and last neurons, a vertical
ellipsis between them and the column's width under it, with the edges of the neurons shown. So a
layer of 500 neurons costs what a layer of 8 does, and reads as what it is.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    Animation,
    AnimationGroup,
    Circle,
    DashedLine,
    Line,
    MathTex,
    VGroup,
    VMobject,
)

from scenes.kit.theme import Theme

__all__ = ["MAX_SHOWN_NEURONS", "NetworkDiagram", "shown_neurons"]

MAX_SHOWN_NEURONS = 6
# of a summarized column: this many neurons from the top, two from the bottom
_SHOWN_FROM_TOP = MAX_SHOWN_NEURONS - 3


def shown_neurons(size: int, limit: int = MAX_SHOWN_NEURONS) -> list[int]:
    """The neurons (0-based) a column of ``size`` draws: all of them, or when ``size > limit``
    the first ``limit - 3`` and the last two (the ellipsis takes the remaining place)."""
    if size <= limit:
        return list(range(size))
    return [*range(limit - 3), size - 2, size - 1]


def _edge_width(ratio: float) -> float:
    """Stroke width of an edge whose ``|w|`` is ``ratio`` of the diagram's weight scale."""
    return 0.4 + (6.5 - 0.4) * ratio


def _edge_opacity(ratio: float) -> float:
    """Stroke opacity of an edge whose ``|w|`` is ``ratio`` of the diagram's weight scale."""
    return 0.12 + 0.88 * ratio


class NetworkDiagram(VGroup):
    """Neurons and weighted edges for ``weights`` (one ``(out, in)`` matrix per layer).

    ``weights`` may be real numbers or ``None`` entries for a symbolic diagram (all edges alike).
    ``layer_labels`` optionally names each neuron column (e.g. ``["x", "h", "y"]``).
    ``weight_scale`` is the ``|w|`` drawn at full width (default: the largest weight), so a
    diagram that follows training (:meth:`set_weights`) keeps one scale throughout; an edge is
    drawn for ``(|w| / weight_scale) ** weight_exponent``, so an exponent below 1 keeps the
    small weights of an untrained network visible on the scale of the trained one.
    """

    def __init__(
        self,
        weights: Sequence[np.ndarray],
        theme: Theme,
        *,
        layer_spacing: float = 1.3,
        neuron_spacing: float = 0.62,
        neuron_radius: float = 0.17,
        max_edge_width: float = 7.0,
        neuron_labels: Sequence[Sequence[str]] | None = None,
        weight_scale: float | None = None,
        weight_exponent: float = 1.0,
    ) -> None:
        super().__init__()
        self.weight_exponent = weight_exponent
        self.theme = theme
        self.lit_layer: int | None = None
        """The layer ``highlight_layer`` last lit (``None``: all alike)."""
        self.weights = [np.asarray(w, dtype=np.float64) for w in weights]
        sizes = [self.weights[0].shape[1]] + [w.shape[0] for w in self.weights]
        self.sizes = sizes
        self.shown = [shown_neurons(size) for size in sizes]
        self.layers = VGroup()
        self.ellipses = VGroup()
        for index, size in enumerate(sizes):
            column = VGroup(
                *[
                    Circle(
                        radius=neuron_radius,
                        stroke_color=theme.text,
                        stroke_width=2.5,
                        fill_color=theme.neuron_fill,
                        fill_opacity=1,
                    )
                    for _ in self.shown[index]
                ]
            ).arrange(DOWN, buff=neuron_spacing - 2 * neuron_radius)
            summarized = len(self.shown[index]) < size
            if summarized:
                # The ellipsis takes one neuron's place, above the last two.
                column[_SHOWN_FROM_TOP:].shift(neuron_spacing * DOWN)
            column.move_to(index * layer_spacing * RIGHT)
            if summarized:
                above, below = column[_SHOWN_FROM_TOP - 1], column[_SHOWN_FROM_TOP]
                dots = MathTex(r"\vdots", color=theme.muted_text).scale(0.6)
                dots.move_to((above.get_center() + below.get_center()) / 2)
                count = MathTex(str(size), color=theme.muted_text).scale(0.45)
                count.next_to(column, DOWN, buff=0.12)
                self.ellipses.add(VGroup(dots, count))
            self.layers.add(column)
        largest = max((np.abs(w).max() for w in self.weights), default=1.0) or 1.0
        if weight_scale is not None:
            largest = weight_scale
        self.weight_scale = largest
        self.edges = VGroup()
        self._edge_positions: dict[tuple[int, int, int], int] = {}
        for index, weight in enumerate(self.weights):
            layer_edges = VGroup()
            for row, m in enumerate(self.shown[index + 1]):
                for column_index, n in enumerate(self.shown[index]):
                    self._edge_positions[(index + 1, m, n)] = len(layer_edges)
                    layer_edges.add(
                        self._edge(
                            self.layers[index][column_index],
                            self.layers[index + 1][row],
                            weight[m, n],
                            n,
                            largest,
                        )
                    )
            self.edges.add(layer_edges)
        self.add(self.edges, self.layers, self.ellipses)
        if neuron_labels is not None:
            self.labels = VGroup()
            for index, (column, names) in enumerate(zip(self.layers, neuron_labels, strict=True)):
                if len(names) != self.sizes[index]:
                    raise ValueError(
                        f"layer {index} has {self.sizes[index]} neurons, got {len(names)} labels"
                    )
                for neuron, n in zip(column, self.shown[index], strict=True):
                    tex = MathTex(names[n], color=theme.text).scale(0.42)
                    tex.move_to(neuron)
                    if tex.width > neuron.width * 0.85:
                        tex.scale_to_fit_width(neuron.width * 0.85)
                    self.labels.add(tex)
            self.add(self.labels)

    def _ratio(self, weight: float, largest: float) -> float:
        return min(abs(weight) / largest, 1.0) ** self.weight_exponent

    def _edge(self, source, target, weight: float, column: int, largest: float):
        ratio = self._ratio(weight, largest)
        start = source.get_center() + source.width / 2 * RIGHT
        end = target.get_center() + target.width / 2 * LEFT
        style = {
            "stroke_color": self.theme.column_color(column),
            "stroke_width": _edge_width(ratio),
        }
        if weight < 0:
            # every dash a sub-path of one VMobject: a DashedLine's dashes are mobjects of their
            # own, each drawn separately in every frame, and wide layers have hundreds
            dashes = DashedLine(start, end, dash_length=0.08)
            edge = VMobject(**style)
            edge.set_points(np.concatenate([dash.points for dash in dashes.submobjects]))
        else:
            edge = Line(start, end, **style)
        edge.set_stroke(opacity=_edge_opacity(ratio))
        edge.weight = weight
        edge.ratio = ratio
        return edge

    def set_weights(self, weights: Sequence[np.ndarray]) -> None:
        """Redraw every edge for ``weights`` (same shapes), at the diagram's ``weight_scale``:
        widths, opacities and dashes follow, e.g. through a training history. Restyles the
        edges in place: an edge's outline is rebuilt only when its weight changes sign."""
        weights = [np.asarray(w, dtype=np.float64) for w in weights]
        if [w.shape for w in weights] != [w.shape for w in self.weights]:
            raise ValueError("set_weights needs matrices of the diagram's shapes")
        for (layer, m, n), position in self._edge_positions.items():
            edge = self.edges[layer - 1][position]
            weight = float(weights[layer - 1][m, n])
            ratio = self._ratio(weight, self.weight_scale)
            if (weight < 0) != (edge.weight < 0):
                edge.set_points(self._edge_outline(layer, m, n, dashed=weight < 0))
            edge.set_stroke(width=_edge_width(ratio), opacity=_edge_opacity(ratio))
            edge.weight, edge.ratio = weight, ratio
        self.weights = weights

    def _edge_outline(self, layer: int, m: int, n: int, *, dashed: bool) -> np.ndarray:
        """The points of edge ``w_mn`` of ``layer`` drawn solid or dashed where its neurons are now."""
        source = self.layers[layer - 1][self.shown[layer - 1].index(n)]
        target = self.layers[layer][self.shown[layer].index(m)]
        return self._edge(source, target, -1.0 if dashed else 1.0, n, self.weight_scale).points

    def edge(self, layer: int, m: int, n: int):
        """Edge ``w_mn`` of ``layer`` (1-based): from neuron n (0-based) to neuron m (0-based).

        Raises ``KeyError`` for an edge of a neuron a summarized column does not draw."""
        return self.edges[layer - 1][self._edge_positions[(layer, m, n)]]

    def edges_from(self, layer: int, n: int) -> VGroup:
        """The edges of ``layer`` (1-based) leaving input neuron ``n``: column n of its matrix.

        A new VGroup that is not in the scene: animate its edges one by one, since playing the
        group itself would add it to the scene again, on top of the neurons.
        """
        return VGroup(*[self.edge(layer, m, n) for m in range(self.sizes[layer])])

    def edges_into(self, layer: int, m: int) -> VGroup:
        """The edges of ``layer`` (1-based) entering output neuron ``m``: row m of its matrix."""
        return VGroup(*[self.edge(layer, m, n) for n in range(self.sizes[layer - 1])])

    def highlight_layer(self, layer: int | None) -> Animation:
        """Dim every layer's edges but ``layer`` (1-based) and ring its output neurons; ``None`` resets."""
        self.lit_layer = layer
        animations = []
        for index, layer_edges in enumerate(self.edges, start=1):
            active = layer is None or index == layer
            for edge in layer_edges:
                opacity = _edge_opacity(edge.ratio)
                animations.append(edge.animate.set_stroke(opacity=opacity if active else 0.06))
        for index, column in enumerate(self.layers):
            ring = self.theme.highlight if layer is not None and index == layer else self.theme.text
            width = 4.5 if layer is not None and index == layer else 2.5
            animations.append(column.animate.set_stroke(color=ring, width=width))
        # group=self: a default group would be added to the scene on top of the neuron labels
        return AnimationGroup(*animations, group=self, run_time=0.5)
