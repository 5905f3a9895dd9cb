"""The words under every video: one short sentence per step, written from the real numbers.

Pure functions over NumPy arrays and nn_core's networks and traces (no Manim here). A scene calls
:meth:`scenes.kit.base.NetplaneScene.narrate` with one of these sentences as a step begins; Manim
writes them to the ``.srt`` beside the video, and render.py publishes them as a WebVTT track, a
transcript, chapters and speaker notes. Numbers are written with at most two decimals, so every
number in a sentence is the value the scene shows, rounded as the formulas on screen round it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from nn_core import ForwardTrace, Network
from scenes.kit.stages import Step

__all__ = [
    "ACTIVATION_NAMES",
    "activation_graph_sentence",
    "activation_plane_sentence",
    "activation_sentence",
    "basis_sentence",
    "bias_sentence",
    "boundary_plane_sentence",
    "checklist_sentence",
    "class_sentence",
    "collapse_intro_sentence",
    "column_sentence",
    "dataset_name",
    "decision_sentence",
    "descent_sentence",
    "descent_start_sentence",
    "entry_answer_sentence",
    "entry_product_sentence",
    "entry_question_sentence",
    "entry_sentence",
    "grid_fold_sentence",
    "grid_sentence",
    "influence_sentence",
    "input_boundary_sentence",
    "layout_sentence",
    "legend_sentence",
    "linear_sentence",
    "loss_surface_sentence",
    "loss_text",
    "matrix_text",
    "network_sentence",
    "number_line_sentence",
    "percent_text",
    "sample_sentence",
    "number_text",
    "one_layer_sentence",
    "operation_sentence",
    "plain_expression",
    "predictions_sentence",
    "product_sentence",
    "product_shape_sentence",
    "quadrant_sentence",
    "reset_sentence",
    "row_times_column_sentence",
    "rows_and_columns_sentence",
    "same_places_sentence",
    "signed_sum",
    "single_map_sentence",
    "snapshot_sentence",
    "step_sentence",
    "sum_sentence",
    "sum_sign",
    "survey_sentence",
    "teaser_sentence",
    "trained_layout_sentence",
    "trask_fill_sentence",
    "trask_hidden_sentence",
    "trask_output_sentence",
    "trask_weights_sentence",
    "untrained_sentence",
    "values_layout_sentence",
    "vector_text",
]

BASIS_NAMES = ("i-hat", "j-hat", "k-hat")
ACTIVATION_NAMES = {
    "relu": "ReLU",
    "leaky_relu": "leaky ReLU",
    "tanh": "tanh",
    "sigmoid": "sigmoid",
}
SQUASH_RANGES = {"tanh": "(-1, 1)", "sigmoid": "(0, 1)"}
CLASS_NAMES = ("yellow", "blue")


# --- numbers as words ---------------------------------------------------------------------------


def number_text(value: float, decimals: int = 2) -> str:
    """``1.333`` as ``1.33``, ``2.0`` as ``2``, ``-0.001`` as ``0``: at most ``decimals`` decimals."""
    text = f"{float(value):.{decimals}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def vector_text(values: Sequence[float] | np.ndarray) -> str:
    """A point or vector ``(d,)`` as ``(1.33, -0.5)``; a single number as itself."""
    values = np.ravel(values)
    if len(values) == 1:
        return number_text(values[0])
    return "(" + ", ".join(number_text(v) for v in values) + ")"


def matrix_text(weights: np.ndarray) -> str:
    """A matrix ``(m, n)`` row by row, as ``[[1.33, -2.31], [2.85, 0.73]]``."""
    rows = ", ".join("[" + ", ".join(number_text(v) for v in row) + "]" for row in weights)
    return f"[{rows}]"


def dataset_name(dataset: str) -> str:
    """A data set's name for a sentence: ``hard-curves`` as ``hard curves``, a CSV by its file
    name."""
    if dataset.endswith(".csv") or "/" in dataset:
        return Path(dataset).name
    return dataset.replace("-", " ")


def signed_sum(coefficients: Sequence[float], names: Sequence[str]) -> str:
    """``[5.87, -5.86]`` and ``["h1", "h2"]`` as ``5.87 h1 - 5.86 h2``."""
    terms = []
    for coefficient, name in zip(coefficients, names, strict=True):
        negative = number_text(coefficient).startswith("-")
        sign = ("-" if negative else "") if not terms else (" - " if negative else " + ")
        terms.append(f"{sign}{number_text(abs(coefficient))} {name}")
    return "".join(terms)


def percent_text(value: float) -> str:
    """``97.5`` for 0.975, ``100`` for 1, and never 100 for less: 49 wrong of 200,000 is
    ``99.98`` (as many decimals as it takes)."""
    for decimals in range(1, 7):
        text = f"{100 * value:.{decimals}f}"
        if value >= 1 or float(text) < 100:
            break
    return text.rstrip("0").rstrip(".")


def _points(count: int) -> str:
    return f"{count:,} point" if count == 1 else f"{count:,} points"


# --- the steps of a network ---------------------------------------------------------------------


def plain_expression(network: Network, function_name: str = "f") -> str:
    """The network as plain text, e.g. ``h(x) = W2 relu(W1 x + b1) + b2``."""
    expression = "x"
    for number, activation in enumerate(network.architecture.activations, 1):
        inner = (
            f"({expression})" if "+" in expression and not expression.endswith(")") else expression
        )
        expression = f"W{number} {inner} + b{number}"
        if activation != "identity":
            expression = f"{activation}({expression})"
    return f"{function_name}(x) = {expression}"


def network_sentence(network: Network, function_name: str, dataset: str, point_count: int) -> str:
    """What a layer story is about: its data, then its formula and parameter count (the order
    they appear in)."""
    parameters = network.architecture.parameter_count
    return (
        f"The {point_count:,} points of the {dataset_name(dataset)} data set and "
        f"{plain_expression(network, function_name)}, {parameters} parameters."
    )


def sample_sentence(shown: int, total: int, wrong: int, wrong_shown: int) -> str:
    """What the picture leaves out of a large data set, and what still counts every point."""
    if wrong == 0:
        kept = "no point is on the wrong side"
    elif wrong_shown == wrong:
        kept = f"all {_points(wrong)} on the wrong side are among them"
    else:
        kept = f"{wrong_shown:,} of the {_points(wrong)} on the wrong side are among them"
    return (
        f"The plane shows {shown:,} of the {_points(total)}, each class in its share, and "
        f"{kept}; training and the accuracy use every point."
    )


def _space_change(weights: np.ndarray) -> str:
    rows, columns = weights.shape
    if rows == 1:
        space = {2: "the plane", 3: "space"}.get(columns, f"the {columns}-D space")
        return f"{space} collapses onto a number line"
    if rows > columns:
        return (
            "the plane is lifted into space"
            if rows == 3
            else (f"the points now live in {rows} dimensions")
        )
    if rows < columns:
        return f"{columns} dimensions are flattened into {rows}"
    determinant = float(np.linalg.det(weights))
    space = "the plane" if rows == 2 else "space"
    if abs(determinant) < 1e-3:
        return f"{space} collapses onto a lower dimension"
    if determinant < 0:
        return f"{space} turns, stretches and flips over"
    return f"{space} turns and stretches"


def linear_sentence(weights: np.ndarray, name: str) -> str:
    """What ``weights (out, in)`` does to the basis vectors, e.g. ``W1 = [[...]] sends i-hat to
    (1.33, 2.85) and j-hat to (-2.31, 0.73): the plane turns and stretches.``"""
    weights = np.atleast_2d(weights)
    rows, columns = weights.shape
    if columns > 3 or rows > 3:
        return (
            f"{name} ({rows}x{columns}) mixes the {columns} coordinates of every point into "
            f"{rows}, its weights between {number_text(weights.min())} and "
            f"{number_text(weights.max())}: {_space_change(weights)}."
        )
    landings = [f"{BASIS_NAMES[n]} to {vector_text(weights[:, n])}" for n in range(columns)]
    sent = ", ".join(landings[:-1]) + f" and {landings[-1]}" if columns > 1 else landings[0]
    # a larger matrix is on screen, and its columns are the landings: said once, not twice
    named = f"{name} = {matrix_text(weights)}" if weights.size <= 4 else name
    return f"{named} sends {sent}: {_space_change(weights)}."


def bias_sentence(bias: np.ndarray, name: str) -> str:
    """``b1 shifts every point by (3.34, -0.53).``"""
    bias = np.ravel(bias)
    if len(bias) > 3:
        return (
            f"{name} shifts every point by a vector of {len(bias)} numbers, from "
            f"{number_text(bias.min())} to {number_text(bias.max())}."
        )
    where = " along the number line" if len(bias) == 1 else ""
    return f"{name} shifts every point by {vector_text(bias)}{where}."


def activation_sentence(activation: str, before: np.ndarray, after: np.ndarray) -> str:
    """What ``activation`` did to the points, from their values ``before`` and ``after`` it
    ``(n, d)``: how many a fold moved onto an axis, or where a squash left them."""
    before, after = np.atleast_2d(before), np.atleast_2d(after)
    name = ACTIVATION_NAMES.get(activation, activation)
    total, width = before.shape
    touched = int(np.count_nonzero((before < 0).any(axis=1)))
    if activation == "relu":
        landing = {1: "land on 0", 2: "land on an axis"}.get(width, "get a coordinate of 0")
        return (
            f"{name} folds every negative coordinate to 0: {touched:,} of {_points(total)} "
            f"{landing}."
        )
    if activation == "leaky_relu":
        slope = number_text(after[before < 0][0] / before[before < 0][0]) if touched else "a"
        return (
            f"{name} multiplies every negative coordinate by {slope}: {touched} of "
            f"{_points(total)} have one and bend towards an axis, none onto it."
        )
    if activation in SQUASH_RANGES:
        return (
            f"{name} squashes every coordinate into {SQUASH_RANGES[activation]}, bending the "
            f"grid: coordinates from {number_text(before.min())} to {number_text(before.max())} "
            f"now run from {number_text(after.min(), 3)} to {number_text(after.max(), 3)}."
        )
    return f"{name} acts on every coordinate on its own."


def step_sentence(
    step: Step,
    network: Network,
    trace: ForwardTrace,
    *,
    weight_name: str | None = None,
    bias_name: str | None = None,
) -> str:
    """The sentence for one step of :func:`scenes.kit.stages.layer_steps` on ``network``, whose
    forward ``trace`` of the data points gives the activations' numbers."""
    index = step.layer - 1
    if step.kind == "linear":
        return linear_sentence(network.weights[index], weight_name or f"W{step.layer}")
    if step.kind == "bias":
        return bias_sentence(network.biases[index], bias_name or f"b{step.layer}")
    layer = trace.layers[index]
    return activation_sentence(step.activation, layer.pre_activation, layer.activation)


def number_line_sentence(outputs: np.ndarray) -> str:
    """The 1-D output as a number line: where the points ended."""
    outputs = np.ravel(outputs)
    return (
        f"Every point is now one number on the number line, from {number_text(outputs.min())} "
        f"to {number_text(outputs.max())}."
    )


def teaser_sentence(network: Network, labels: np.ndarray) -> str:
    """The question the teaser asks, with the network's size and the data's."""
    counts = [int(np.count_nonzero(np.asarray(labels) == label)) for label in (0, 1)]
    return (
        f"{counts[0]} yellow and {counts[1]} blue points that no straight line separates: can a "
        f"network with {network.architecture.parameter_count} numbers pull them apart?"
    )


def decision_sentence(threshold: float, correct: int, total: int) -> str:
    """``The boundary at 0 puts 200 of 200 points on their class's side: accuracy 100%.``"""
    percent = percent_text(correct / total)
    return (
        f"The boundary at {number_text(threshold)} puts {correct:,} of {_points(total)} on their "
        f"class's side (yellow left, blue right): accuracy {percent}%."
    )


def tried_line_sentence(description: str, wrong: int, total: int) -> str:
    """A straight line tried on the hard curves, with the points it leaves on the wrong side."""
    percent = number_text(100 * (total - wrong) / total, 1)
    return (
        f"Try {description}: it leaves {wrong:,} of {_points(total)} on the wrong side, "
        f"accuracy {percent}%."
    )


def single_map_sentence(weights: np.ndarray, bias: np.ndarray) -> str:
    """The two linear layers as the one map they are."""
    return (
        f"Back to the input: the two layers are one map, W2 W1 = {matrix_text(weights)} and "
        f"W2 b1 + b2 = {vector_text(bias)}."
    )


def collapse_intro_sentence() -> str:
    """What the two panels of linear-collapse show."""
    return (
        "Left, two linear layers, W2 (W1 x + b1) + b2, one step at a time; right, the single "
        "layer (W2 W1) x + (W2 b1 + b2)."
    )


def same_places_sentence(weights: np.ndarray, bias: np.ndarray, count: int) -> str:
    """Both panels end with each of ``count`` points in the same place."""
    return (
        f"All {count} points end in the same places on both sides: W2 W1 = "
        f"{matrix_text(weights)} and W2 b1 + b2 = {vector_text(bias)}, so stacking linear layers "
        "adds no power."
    )


def boundary_plane_sentence(weights: np.ndarray, level: float) -> str:
    """The plane in space where the last layer's output crosses the decision level."""
    terms = signed_sum(weights, [f"h{n + 1}" for n in range(len(weights))])
    return (
        f"In space a flat plane can split the classes: {terms} = {number_text(level)}, where "
        "the last layer puts the boundary."
    )


# --- a data set on the plane ----------------------------------------------------------------


def grid_sentence(names: Sequence[str], tick_values: Sequence[np.ndarray]) -> str:
    """The input plane's extent as its axes read it: per axis, its name and its first and last
    tick (``tick_values``: per axis, the values the input axes label, in the data's units)."""
    first, second = (
        f"{name} from {number_text(values[0], 6)} to {number_text(values[-1], 6)}"
        for name, values in zip(names, tick_values, strict=True)
    )
    return f"The plane, {first} and {second}."


def class_sentence(dataset: str, labels: np.ndarray, label: int) -> str:
    """``The two curves data set: 100 yellow points, class y = 0.``"""
    count = int(np.count_nonzero(np.asarray(labels) == label))
    prefix = f"The {dataset_name(dataset)} data set: " if label == 0 else "Then "
    return f"{prefix}{count} {CLASS_NAMES[label]} points, class y = {label}."


def basis_sentence() -> str:
    """î and ĵ at home, before any layer moves them."""
    return "The basis vectors: i-hat = (1, 0) and j-hat = (0, 1); every layer moves them."


def legend_sentence() -> str:
    """Which colour is which class."""
    return "The legend: yellow is y = 0, blue is y = 1."


def input_boundary_sentence(weights: np.ndarray, bias: float, threshold: float) -> str:
    """The trained one-layer boundary ``w1 x1 + w2 x2 + b = threshold`` drawn in the input plane."""
    w1, w2 = (float(w) for w in np.ravel(weights))
    line = signed_sum([w1, w2], ["x1", "x2"])
    slope = -w1 / w2 if w2 else float("inf")
    shape = (
        "a nearly horizontal line" if abs(slope) < 0.1 else f"a line of slope {number_text(slope)}"
    )
    return (
        f"Back in the input plane, the trained boundary is {line} + ({number_text(bias)}) = "
        f"{number_text(threshold)}: {shape} "
        "between the two curves."
    )


# --- activations and folds on their own ---------------------------------------------------------


def activation_graph_sentence(
    activation: str, z: np.ndarray, value: np.ndarray, slope: np.ndarray
) -> str:
    """The graph of ``activation`` and its derivative, sampled at ``z``: the ranges of both."""
    name = ACTIVATION_NAMES.get(activation, activation)
    return (
        f"{name}: as z goes from {number_text(z[0])} to {number_text(z[-1])}, a(z) goes from "
        f"{number_text(value[0], 3)} to {number_text(value[-1], 3)}; its slope a'(z), dashed, stays "
        f"between {number_text(slope.min())} and {number_text(slope.max())}."
    )


def activation_plane_sentence(activation: str, before: np.ndarray, after: np.ndarray) -> str:
    """The same activation applied to a lattice of points in the plane."""
    return "On the plane: " + activation_sentence(activation, before, after)


def grid_fold_sentence() -> str:
    """ReLU on the bare grid, before the lattice shows where each quadrant goes."""
    return (
        "ReLU replaces every negative coordinate by 0: the grid folds onto the first quadrant "
        "and its two edges."
    )


def quadrant_sentence(quadrant: np.ndarray, total: int | None = None) -> str:
    """Where ReLU sends each quadrant of a lattice, counted (quadrant 0 is x1, x2 > 0, then
    counter-clockwise)."""
    counts = [int(np.count_nonzero(np.asarray(quadrant) == q)) for q in range(4)]
    total = sum(counts) if total is None else total
    return (
        f"Coloured by quadrant, {total} points: {counts[0]} stay where they are, {counts[1]} fold "
        f"onto the x2-axis, {counts[3]} onto the x1-axis and {counts[2]} onto the origin."
    )


# --- matrices beside their layers ---------------------------------------------------------------


def entry_sentence(m: int, n: int, value: float | None = None) -> str:
    """Entry (m, n) of W (0-based) is the edge from input n to output m."""
    shown = "" if value is None else f" = {number_text(value)}"
    return (
        f"w{m + 1}{n + 1}{shown}, row {m + 1} and column {n + 1}, is the edge from input "
        f"neuron {n + 1} to output neuron {m + 1}."
    )


def entry_question_sentence(m: int, n: int) -> str:
    """The edge from input n to output m (0-based) asked about, before its entry is shown."""
    return f"Which entry of W is the edge from input neuron {n + 1} to output neuron {m + 1}?"


def entry_answer_sentence(m: int, n: int, value: float | None = None) -> str:
    """The answer to :func:`entry_question_sentence`, said as the entry lights up."""
    shown = "" if value is None else f" = {number_text(value)}"
    return f"It is w{m + 1}{n + 1}{shown}: row {m + 1}, column {n + 1}."


def rows_and_columns_sentence() -> str:
    """The rule matmul-more tests the reader on."""
    # no underscores: speaker notes are Markdown, where z_m ... x_n would turn italic
    return "In every shape, row m of W is output neuron m and column n is input neuron n."


def layout_sentence(rows: int, columns: int, *, with_bias: bool = False) -> str:
    """A symbolic ``rows x columns`` matrix beside the layer it is."""
    formula = "z = W x + b" if with_bias else "W x"
    outputs = "1 output" if rows == 1 else f"{rows} outputs"
    return (
        f"A {rows}x{columns} matrix W: {formula} is a layer with {columns} inputs and {outputs}, "
        "one edge per entry."
    )


def row_times_column_sentence(m: int, columns: int, *, with_bias: bool = False) -> str:
    """Row ``m`` of W times the input: the weighted sum flowing into output ``m``."""
    terms = " + ".join(f"w{m + 1}{n + 1} x{n + 1}" for n in range(columns))
    if with_bias:
        return f"Row {m + 1} is everything flowing into z{m + 1}: {terms} + b{m + 1}."
    return f"Row times column: y = {terms}, each weight times its own input."


def values_layout_sentence(weights: np.ndarray, inputs: np.ndarray) -> str:
    """The worked example's matrix ``weights (1, 2)`` and input ``inputs (2,)``."""
    return f"The same with numbers: W = {matrix_text(weights)} and x = {vector_text(inputs)}."


def product_sentence(n: int, weight: float, value: float) -> str:
    """One weight times its input, lit with its edge."""
    return (
        f"w1{n + 1} x{n + 1} = {number_text(weight)} times {number_text(value)} = "
        f"{number_text(weight * value)}: w1{n + 1} is the edge from x{n + 1}."
    )


def sum_sentence(terms: np.ndarray, total: float) -> str:
    """The products ``terms`` added up to ``total``."""
    shown = " + ".join(number_text(t) for t in terms)
    return f"Add them up: y = {shown} = {number_text(total)}."


def influence_sentence(weights: np.ndarray) -> str:
    """Equal inputs, unequal influence: the ratio of the largest weight to the smallest."""
    weights = np.ravel(weights)
    strong, weak = int(np.argmax(np.abs(weights))), int(np.argmin(np.abs(weights)))
    ratio = abs(weights[strong] / weights[weak])
    return (
        f"Equal inputs, unequal influence: x{strong + 1} counts {number_text(ratio)} times as "
        f"much as x{weak + 1}. That is why W holds the weights."
    )


def trained_layout_sentence(weights: np.ndarray) -> str:
    """The trained first layer ``weights (2, 2)`` beside its plane and its layer."""
    return (
        f"W1 of the trained two-layer ReLU network, {matrix_text(weights)}, between the plane "
        "it moves and the layer it is."
    )


def column_sentence(n: int, column: np.ndarray) -> str:
    """Column ``n`` is where basis vector ``n`` lands and the weights leaving input ``n``."""
    return (
        f"Column {n + 1}, {vector_text(column)}, is where {BASIS_NAMES[n]} lands, and the "
        f"weights of the edges leaving x{n + 1}."
    )


# --- the five operations of a layer -------------------------------------------------------------


def checklist_sentence() -> str:
    """The five operations, before the first one moves the plane."""
    return (
        "A layer y = a(W x + b) does five things to space: W raises or lowers the dimension, "
        "scales and rotates, b translates, and the activation a bends."
    )


def reset_sentence() -> str:
    """Back to the input before the chain of four operations."""
    return "Back to the two curves, with i-hat and j-hat, for four operations in a row."


def operation_sentence(kind: str, value: np.ndarray | None, activation: str = "tanh") -> str:
    """One of the operations a layer does to the plane, with the matrix or vector it uses."""
    if kind == "lower":
        return (
            f"Lower the dimension: W = {matrix_text(value)} maps every point of the plane to one "
            "number, on a line."
        )
    if kind == "raise":
        return (
            f"Raise the dimension: W = {matrix_text(value)} puts those numbers back in the plane, "
            "but still on a line: the lost direction does not come back."
        )
    if kind == "scale":
        factors = np.diag(value)
        return (
            f"Scale: S = {matrix_text(value)} stretches x1 by {number_text(factors[0])} and x2 "
            f"by {number_text(factors[1])}."
        )
    if kind == "rotate":
        degrees = np.degrees(np.arctan2(value[1, 0], value[0, 0]))
        return (
            f"Rotate: R = {matrix_text(value)} turns the plane {number_text(degrees)} degrees "
            "counter-clockwise."
        )
    if kind == "translate":
        return f"Translate: b = {vector_text(value)} shifts every point by the same amount."
    name = ACTIVATION_NAMES.get(activation, activation)
    return (
        f"Bend: {name} acts on each coordinate on its own, squashing the plane into "
        f"{SQUASH_RANGES.get(activation, 'a new shape')}; straight grid lines curve."
    )


def one_layer_sentence(weights: np.ndarray, bias: np.ndarray, activation: str = "tanh") -> str:
    """The chained operations as the one layer they are."""
    return (
        f"All four are one layer, {activation}(W x + b), with W = R S = {matrix_text(weights)} "
        f"and b = {vector_text(bias)}."
    )


# --- training -----------------------------------------------------------------------------------


def loss_text(loss: float) -> str:
    """A loss to three significant digits, without an exponent: ``0.000312``, ``0.696``."""
    return np.format_float_positional(float(loss), precision=3, unique=True, fractional=False)


def untrained_sentence(architecture: str, dataset: str, point_count: int) -> str:
    """The network and its data, before the untrained regions appear."""
    return (
        f"The {architecture} network and the {point_count} points of the "
        f"{dataset_name(dataset)} data set."
    )


def snapshot_sentence(snapshot, lead: str) -> str:
    """Loss and accuracy of a training snapshot (``step``, ``loss``, ``accuracy`` from 0 to 1)."""
    percent = number_text(100 * snapshot.accuracy, 1)
    when = "at step 0" if snapshot.step == 0 else f"by step {snapshot.step}"
    return f"{lead}: {when}, loss {loss_text(snapshot.loss)} and accuracy {percent}%."


def loss_surface_sentence(experiment: str, point_count: int, bias: float) -> str:
    """What the surface is: the loss over two weights, the bias held."""
    return (
        f"The loss of the {experiment} network on its {point_count} points, over its two "
        f"weights w11 and w12, with the bias held at its trained value {number_text(bias)}."
    )


def descent_start_sentence(weights: np.ndarray, loss: float) -> str:
    """Where gradient descent starts on the surface."""
    return (
        f"Gradient descent starts at w11 = {number_text(weights[0])}, w12 = "
        f"{number_text(weights[1])}, where the loss is {loss_text(loss)}."
    )


def descent_sentence(steps: int, weights: np.ndarray, loss: float, *, final: bool) -> str:
    """The ball after ``steps`` steps, at ``weights`` with ``loss``."""
    if final:
        return (
            f"Along the valley: after {steps} steps it rests at w11 = {number_text(weights[0])}, "
            f"w12 = {number_text(weights[1])}, loss {loss_text(loss)}."
        )
    return (
        f"Each step goes against the slope: the first {steps} cross the steep wall, down to "
        f"loss {loss_text(loss)}."
    )


# --- Trask's network ----------------------------------------------------------------------------


def survey_sentence(customers: int, answers: int) -> str:
    """The customer survey: ``customers`` rows of ``answers`` yes/no answers."""
    return (
        f"{customers} customers, {answers} yes/no answers each: the input X is a "
        f"{customers}x{answers} matrix, and the question is whether they bought."
    )


def trask_weights_sentence(weights: np.ndarray) -> str:
    """The trained first layer ``weights (hidden, inputs)``, shown transposed."""
    hidden, inputs = weights.shape
    return (
        f"W1 transposed, the trained first layer ({inputs}x{hidden}): one column of weights per "
        f"hidden neuron, from {number_text(weights.min())} to {number_text(weights.max())}."
    )


def product_shape_sentence(left: tuple[int, int], right: tuple[int, int]) -> str:
    """Why ``left`` times ``right`` (shapes) has the shape it has."""
    return (
        f"The inner sizes meet ({left[1]} answers, {right[0]} rows of weights) and the outer ones "
        f"make the result: {left[0]}x{left[1]} times {right[0]}x{right[1]} is "
        f"{left[0]}x{right[1]}."
    )


def sum_sign(factors: np.ndarray, weights: np.ndarray, decimals: int = 2) -> str:
    """``"="`` when the products of ``factors`` and ``weights`` (each ``(k,)``), written with
    ``decimals`` decimals, add up to their sum as written, else ``"≈"``: 5.78 + 0.15 written
    as 5.92 (5.776 + 0.148) is a sum a reader checks and finds wrong."""
    written = np.round(np.asarray(factors) * np.round(weights, decimals), decimals)
    exact = float(np.asarray(factors) @ np.asarray(weights))
    return "=" if abs(np.round(written.sum(), decimals) - np.round(exact, decimals)) < 1e-9 else "≈"


def entry_product_sentence(
    customer: int, hidden: int, answers: np.ndarray, weights: np.ndarray
) -> str:
    """Entry (customer, hidden) of X W1^T: the customer's answers times the neuron's weights."""
    terms = " + ".join(
        f"{number_text(x)} times {number_text(w)}" for x, w in zip(answers, weights, strict=True)
    )
    return (
        f"Customer {customer + 1}'s row meets hidden neuron {hidden + 1}'s column: {terms} "
        f"{sum_sign(answers, weights)} {number_text(answers @ weights)}."
    )


def trask_fill_sentence(count: int) -> str:
    """The ``count`` entries of X W1^T left after the worked ones."""
    return f"The other {count} entries fill in the same way, one row times one column each."


def trask_hidden_sentence(hidden: np.ndarray) -> str:
    """The hidden layer ``h = sigmoid(X W1^T + b1)``, ``hidden (customers, neurons)``."""
    customers, neurons = hidden.shape
    return (
        f"Add b1 to every row and squash each entry with the sigmoid: the hidden layer "
        f"h = sigmoid(X W1^T + b1), {customers}x{neurons}, every entry between "
        f"{number_text(hidden.min())} and {number_text(hidden.max())}."
    )


def trask_output_sentence(predictions: np.ndarray) -> str:
    """The output ``y-hat = sigmoid(h W2^T + b2)`` of the trained network, one per customer."""
    return (
        f"Then the prediction y-hat = sigmoid(h W2^T + b2): one number per customer, "
        f"{vector_text(predictions)} for the trained network."
    )


def predictions_sentence(
    iteration: int, predictions: np.ndarray, targets: np.ndarray, loss: float
) -> str:
    """The four predictions at ``iteration`` against their targets."""
    shown = ", ".join(number_text(p) for p in predictions)
    wanted = ", ".join(str(int(t)) for t in targets)
    when = "Before training" if iteration == 0 else f"By iteration {iteration}"
    return (
        f"{when} the predictions are ({shown}) for the targets ({wanted}): mean squared error "
        f"{loss_text(loss)}."
    )


# --- K classes ----------------------------------------------------------------------------------


def class_counts_text(correct: Sequence[int], total: Sequence[int]) -> str:
    """``class 0: 100 of 100, class 1: 99 of 100, class 2: 98 of 100``."""
    return ", ".join(
        f"class {k}: {int(right)} of {int(count)}"
        for k, (right, count) in enumerate(zip(correct, total, strict=True))
    )


def class_scores_sentence(classes: int, layer: int, *, dimension: int) -> str:
    """``W2 and b2 give each of the 3 classes a score ...``: what the output layer does."""
    where = {1: "on this line", 2: "in this plane", 3: "in this space"}[dimension]
    return (
        f"W{layer + 1} and b{layer + 1} give each of the {classes} classes a score, a linear "
        f"function of the point {where}, and the network predicts the class whose score is "
        "highest."
    )


def score_axes_sentence(projected_from: int, *, flattened: bool = False) -> str:
    """Why the picture of a wide last hidden layer turns before the class regions are drawn."""
    sentence = (
        f"The {projected_from} hidden coordinates, drawn so far through their main axes, now "
        "turn onto the directions in which the class scores differ"
    )
    if flattened:
        return sentence + ": every point drops onto their plane and keeps the class that wins it."
    return sentence + ", where the regions drawn next are exact."


def slide_to_section_sentence(projected_from: int | None) -> str:
    """Why the points may slide onto the plane across which the scores change."""
    sentence = (
        "The scores differ only across one plane, not along the direction through it: every "
        "point slides onto that plane, and no point changes the class that wins it."
    )
    if projected_from:
        sentence += (
            f" (The {projected_from} hidden coordinates are drawn through the directions in "
            "which the scores differ, then the main axis across them, so the winner drawn is "
            "the network's own.)"
        )
    return sentence


def class_regions_sentence(
    classes: int, color_names: Sequence[str], *, dimension: int, exact: bool
) -> str:
    """``Class 0 wins where its score beats the other two: the yellow region; ...``."""
    others = "the other" if classes == 2 else f"the other {_count_word(classes - 1)}"
    shape = "intervals" if dimension == 1 else "convex regions"
    parts = [f"Class 0 wins where its score beats {others}: the {color_names[0]} region"]
    parts += [f"class {k} in the {color_names[k]} one" for k in range(1, classes)]
    sentence = (
        f"So the space is cut into {classes} {shape}. " + ", ".join(parts) + "; on the lines "
        "between, two scores tie."
    )
    if not exact:
        sentence += " Drawn where the regions cut the plane the points lie closest to."
    return sentence


def _count_word(count: int) -> str:
    return {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}.get(count, str(count))


def class_decision_sentence(correct: Sequence[int], total: Sequence[int]) -> str:
    """``296 of 300 points lie in their own class's region: accuracy 98.7% (class 0: ...).``"""
    right, count = int(np.sum(correct)), int(np.sum(total))
    percent = number_text(100 * right / count, 1)
    wrong = count - right
    ringed = f"; the {wrong} others are ringed" if wrong else ""
    return (
        f"{right} of {_points(count)} lie in their own class's region: accuracy {percent}% "
        f"({class_counts_text(correct, total)}){ringed}."
    )
