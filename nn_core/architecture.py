"""Network architectures: layer sizes with one activation per layer, parsed from strings like '2-2-1'."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from nn_core.activations import get_activation

__all__ = ["Architecture", "ArchitectureError", "parse_architecture"]


class ArchitectureError(ValueError):
    """A malformed architecture; the message names what is wrong."""


@dataclass(frozen=True)
class Architecture:
    """Layer sizes ``(d_in, h1, ..., d_out)`` and the activation of each of the ``len(sizes) - 1`` layers."""

    sizes: tuple[int, ...]
    activations: tuple[str, ...]

    def __post_init__(self) -> None:
        if len(self.sizes) < 2:
            raise ArchitectureError(
                f"an architecture needs at least an input and an output size, got {self.sizes}"
            )
        for position, size in enumerate(self.sizes):
            if not isinstance(size, int) or isinstance(size, bool) or size < 1:
                raise ArchitectureError(
                    f"layer size {size!r} at position {position} must be a positive integer"
                )
        if len(self.activations) != len(self.sizes) - 1:
            raise ArchitectureError(
                f"{len(self.sizes) - 1} layers need {len(self.sizes) - 1} activations, "
                f"got {len(self.activations)}"
            )
        canonical = []
        for name in self.activations:
            try:
                canonical.append(get_activation(name).name)
            except ValueError as error:
                raise ArchitectureError(str(error)) from None
        if "softmax" in canonical[:-1]:
            raise ArchitectureError(
                "softmax mixes a point's scores into probabilities: it can only be the "
                "output activation, not a hidden layer's"
            )
        if canonical[-1] == "softmax" and self.sizes[-1] < 2:
            raise ArchitectureError(
                "softmax over one output is always 1: give the output layer one neuron per "
                "class, or use a sigmoid output for two classes"
            )
        object.__setattr__(self, "activations", tuple(canonical))

    @property
    def layer_shapes(self) -> tuple[tuple[int, int], ...]:
        """Shape ``(out, in)`` of each layer's weight matrix."""
        return tuple(zip(self.sizes[1:], self.sizes[:-1], strict=True))

    @property
    def parameter_count(self) -> int:
        return sum(out * (inp + 1) for out, inp in self.layer_shapes)

    @property
    def classes(self) -> int:
        """How many classes the network tells apart: 2 for one output, K for K outputs."""
        return max(2, self.output_size)

    @property
    def input_size(self) -> int:
        return self.sizes[0]

    @property
    def output_size(self) -> int:
        return self.sizes[-1]

    @property
    def spec(self) -> str:
        """The sizes written as '2-2-1'."""
        return "-".join(str(size) for size in self.sizes)

    def describe(self) -> str:
        """Human-readable form, e.g. '2-2-1 (relu, identity)'."""
        return f"{self.spec} ({', '.join(self.activations)})"

    def check_input_size(self, n_features: int) -> None:
        if n_features != self.input_size:
            raise ArchitectureError(
                f"architecture {self.spec} expects {self.input_size} input features, "
                f"but the data has {n_features}"
            )


_SIZE = re.compile(r"^\d+$")


def parse_architecture(
    spec: str | Sequence[int],
    hidden_activation: str = "relu",
    output_activation: str = "identity",
) -> Architecture:
    """Build an architecture from ``'2-3-1'`` (or ``[2, 3, 1]``) and the hidden and output activations.

    ``hidden_activation`` is one activation for every hidden layer, or a comma list with one per
    hidden layer (``'relu,tanh'`` for ``2-4-3-1``).

    Raises
    ------
    ArchitectureError
        For an empty part (``'2--1'``), a zero size, a non-integer part, fewer than two sizes or an
        unknown activation.
    """
    if isinstance(spec, str):
        text = spec.strip()
        if not text:
            raise ArchitectureError("empty architecture: write layer sizes like '2-2-1'")
        parts = text.split("-")
        sizes = []
        for position, part in enumerate(parts):
            part = part.strip()
            if not part:
                raise ArchitectureError(
                    f"architecture {spec!r} has an empty layer size at position {position}"
                )
            if not _SIZE.match(part):
                raise ArchitectureError(
                    f"architecture {spec!r}: layer size {part!r} is not a positive integer"
                )
            sizes.append(int(part))
    else:
        sizes = list(spec)
    if len(sizes) < 2:
        raise ArchitectureError(
            f"architecture {spec!r} needs at least two sizes (input and output), like '2-1'"
        )
    hidden = _hidden_activations(spec, hidden_activation, len(sizes) - 2)
    return Architecture(tuple(sizes), hidden + (output_activation,))


def _hidden_activations(spec, hidden_activation: str | None, count: int) -> tuple[str, ...]:
    """One activation for every hidden layer, or one per hidden layer in a comma list
    (``'relu,tanh'``: a network read from a file may mix them)."""
    if hidden_activation is None or "," not in hidden_activation:
        return (hidden_activation,) * count
    names = tuple(name.strip() for name in hidden_activation.split(","))
    if len(names) != count:
        raise ArchitectureError(
            f"architecture {spec!r} has {count} hidden layers, but {len(names)} hidden "
            f"activations are given ({hidden_activation})"
        )
    return names
