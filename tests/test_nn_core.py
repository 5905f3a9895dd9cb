"""nn_core: architectures, activations, losses, gradients, training, saving."""

from __future__ import annotations

import numpy as np
import pytest

from datasets import load_dataset
from nn_core import (
    ACTIVATIONS,
    Architecture,
    ArchitectureError,
    Network,
    NetworkError,
    NetworkFileError,
    Progress,
    TrainingConfig,
    forward,
    get_activation,
    init_network,
    load_network,
    loss_and_gradient,
    parse_architecture,
    save_network,
    train,
)
from nn_core.losses import binary_cross_entropy_with_logits


def blobs(n: int = 40, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    points = rng.normal(size=(n, 2))
    labels = (points[:, 0] + 0.5 * points[:, 1] > 0).astype(np.int64)
    return points, labels


# --- architectures --------------------------------------------------------------------------


def test_parse_architecture_sizes_and_activations():
    arch = parse_architecture("2-3-2-1", "tanh", "sigmoid")
    assert arch.sizes == (2, 3, 2, 1)
    assert arch.activations == ("tanh", "tanh", "sigmoid")
    assert arch.layer_shapes == ((3, 2), (2, 3), (1, 2))
    assert arch.parameter_count == 3 * 3 + 2 * 4 + 1 * 3
    assert parse_architecture("2-2-1").parameter_count == 9


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("2--1", "empty layer size"),
        ("2-0-1", "positive integer"),
        ("a-b", "'a' is not a positive integer"),
        ("2", "at least two sizes"),
        ("", "empty architecture"),
        ("2-1.5-1", "'1.5' is not"),
    ],
)
def test_malformed_architecture_names_the_problem(spec, message):
    with pytest.raises(ArchitectureError, match=message):
        parse_architecture(spec)


def test_unknown_activation_is_named():
    with pytest.raises(ArchitectureError, match="unknown activation 'swish'"):
        parse_architecture("2-2-1", hidden_activation="swish")


def test_input_size_must_match_data():
    arch = parse_architecture("3-2-1")
    with pytest.raises(ArchitectureError, match="expects 3 input features, but the data has 2"):
        arch.check_input_size(2)
    network = init_network(arch, 0)
    with pytest.raises(NetworkError, match="expects 3 input features"):
        forward(network, np.zeros((5, 2)))


# --- activations and losses -----------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_activation_derivative_matches_finite_differences(name):
    activation = get_activation(name)
    z = np.linspace(-4, 4, 81) + 0.013  # avoid the kink at exactly 0
    step = 1e-6
    numeric = (activation.forward(z + step) - activation.forward(z - step)) / (2 * step)
    np.testing.assert_allclose(activation.derivative(z), numeric, rtol=1e-5, atol=1e-7)


def test_sigmoid_is_stable_for_huge_inputs():
    sigmoid = get_activation("sigmoid").forward
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        values = sigmoid(np.array([-1000.0, -40.0, 0.0, 40.0, 1000.0]))
    np.testing.assert_allclose(values, [0.0, 4.248354255291589e-18, 0.5, 1.0, 1.0])


def test_relu_and_leaky_relu_values():
    z = np.array([-2.0, 0.0, 3.0])
    np.testing.assert_array_equal(get_activation("relu").forward(z), [0.0, 0.0, 3.0])
    np.testing.assert_allclose(get_activation("leaky_relu").forward(z), [-0.2, 0.0, 3.0])


def test_bce_from_logits_is_exact_for_large_logits():
    logits = np.array([[800.0], [-800.0], [0.0]])
    targets = np.array([[0.0], [1.0], [1.0]])
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        value = binary_cross_entropy_with_logits(logits, targets)
    assert value == pytest.approx((800 + 800 + np.log(2)) / 3)


# --- gradients --------------------------------------------------------------------------------


def numeric_gradient(network, points, labels, loss):
    flat = network.flat_parameters()
    grad = np.zeros_like(flat)
    step = 1e-6
    for i in range(flat.size):
        up, down = flat.copy(), flat.copy()
        up[i] += step
        down[i] -= step
        grad[i] = (
            loss_and_gradient(network.with_flat_parameters(up), points, labels, loss)[0]
            - loss_and_gradient(network.with_flat_parameters(down), points, labels, loss)[0]
        ) / (2 * step)
    return grad


@pytest.mark.parametrize("hidden", sorted(ACTIVATIONS))
@pytest.mark.parametrize(
    ("loss", "output"),
    [
        ("bce", "identity"),
        ("bce", "sigmoid"),
        ("mse", "identity"),
        ("mse", "sigmoid"),
        ("mse", "tanh"),
    ],
)
def test_backprop_matches_finite_differences(hidden, loss, output):
    points, labels = blobs(25, seed=1)
    network = init_network(parse_architecture("2-3-2-1", hidden, output), seed=7)
    # biases away from zero so ReLU kinks are not sitting on the data
    network = network.with_flat_parameters(network.flat_parameters() + 0.1)
    _, analytic, _ = loss_and_gradient(network, points, labels, loss)
    np.testing.assert_allclose(
        analytic, numeric_gradient(network, points, labels, loss), rtol=1e-4, atol=1e-7
    )


# --- forward trace ----------------------------------------------------------------------------


def test_forward_trace_records_every_step():
    network = init_network(parse_architecture("2-2-1", "relu"), seed=3)
    points = np.array([[1.0, 2.0], [-1.0, 0.5], [0.0, -3.0]])
    trace = forward(network, points)
    first, second = trace.layers
    np.testing.assert_allclose(first.linear, (network.weights[0] @ points.T).T)
    np.testing.assert_allclose(first.pre_activation, first.linear + network.biases[0])
    np.testing.assert_allclose(first.activation, np.maximum(first.pre_activation, 0))
    np.testing.assert_array_equal(second.inputs, first.activation)
    assert trace.output.shape == (3, 1)
    # column convention: W[m, n] is the edge from input n to output m
    single = forward(network, np.array([[1.0, 0.0]])).layers[0].linear[0]
    np.testing.assert_allclose(single, network.weights[0][:, 0])


def test_network_refuses_wrong_shapes_and_non_finite_values():
    arch = parse_architecture("2-2-1")
    good_w = (np.ones((2, 2)), np.ones((1, 2)))
    good_b = (np.zeros(2), np.zeros(1))
    with pytest.raises(
        NetworkError, match=r"layer 2: weight matrix has shape \(2, 2\).*needs \(1, 2\)"
    ):
        Network(arch, (np.ones((2, 2)), np.ones((2, 2))), good_b)
    with pytest.raises(NetworkError, match="layer 1: bias has shape"):
        Network(arch, good_w, (np.zeros(3), np.zeros(1)))
    with pytest.raises(NetworkError, match="NaN or infinite"):
        Network(arch, (np.array([[np.nan, 1], [1, 1]]), good_w[1]), good_b)
    network = Network(arch, good_w, good_b)
    with pytest.raises(ValueError):
        network.weights[0][0, 0] = 5.0  # frozen: arrays are read-only


# --- training --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("optimizer", "rate"), [("gd", 0.5), ("momentum", 0.1), ("adam", 0.05), ("lbfgs", 0.0)]
)
def test_every_optimizer_learns_a_linear_boundary(optimizer, rate):
    points, labels = blobs(60)
    network = init_network(parse_architecture("2-1"), seed=0)
    config = TrainingConfig(
        loss="bce", optimizer=optimizer, learning_rate=rate, steps=300, snapshot_every=50
    )
    result = train(network, points, labels, config)
    assert result.history[0].step == 0
    assert result.history[-1].loss < result.history[0].loss * 0.5
    assert result.final.accuracy >= 0.95
    steps = [s.step for s in result.history]
    assert steps == sorted(set(steps))


def test_training_is_deterministic_to_the_bit():
    points, labels = blobs(50)
    config = TrainingConfig(optimizer="adam", steps=200)
    first = train(init_network(parse_architecture("2-4-1"), 5), points, labels, config)
    second = train(init_network(parse_architecture("2-4-1"), 5), points, labels, config)
    assert np.array_equal(first.network.flat_parameters(), second.network.flat_parameters())
    other = train(init_network(parse_architecture("2-4-1"), 6), points, labels, config)
    assert not np.array_equal(first.network.flat_parameters(), other.network.flat_parameters())


def test_history_snapshots_at_chosen_steps():
    points, labels = blobs(30)
    config = TrainingConfig(steps=100, snapshot_steps=(10, 55))
    result = train(init_network(parse_architecture("2-1"), 0), points, labels, config)
    assert [s.step for s in result.history] == [0, 10, 55, 100]
    assert result.history[-1].network is result.network


@pytest.mark.parametrize("optimizer", ["adam", "lbfgs"])
def test_the_observer_sees_every_step_and_changes_nothing(optimizer):
    points, labels = blobs(40)
    config = TrainingConfig(optimizer=optimizer, steps=60, snapshot_every=20)
    seen: list[Progress] = []
    watched = train(
        init_network(parse_architecture("2-3-1"), 0), points, labels, config, seen.append
    )
    alone = train(init_network(parse_architecture("2-3-1"), 0), points, labels, config)
    assert np.array_equal(watched.network.flat_parameters(), alone.network.flat_parameters())
    last = watched.history[-1].step
    assert [p.step for p in seen] == list(range(last + 1))
    assert all(p.steps == 60 for p in seen)
    losses = {p.step: p.loss for p in seen}
    for snapshot in watched.history:
        assert losses[snapshot.step] == pytest.approx(snapshot.loss, rel=1e-9)


@pytest.mark.parametrize("optimizer", ["adam", "lbfgs"])
def test_an_observer_that_raises_stops_training_there(optimizer):
    points, labels = blobs(40)
    seen: list[int] = []

    class Enough(Exception):
        pass

    def observer(progress: Progress) -> None:
        seen.append(progress.step)
        if progress.step == 3:
            raise Enough

    config = TrainingConfig(optimizer=optimizer, steps=500)
    with pytest.raises(Enough):
        train(init_network(parse_architecture("2-3-1"), 0), points, labels, config, observer)
    assert seen == [0, 1, 2, 3]


def test_training_refuses_incompatible_loss_and_output():
    points, labels = blobs(10)
    network = init_network(parse_architecture("2-1", output_activation="relu"), 0)
    with pytest.raises(ValueError, match="output activation must be identity or sigmoid"):
        train(network, points, labels, TrainingConfig(loss="bce"))
    with pytest.raises(ValueError, match="unknown optimizer 'sgdx'"):
        TrainingConfig(optimizer="sgdx")


# --- saving ----------------------------------------------------------------------------------


def test_save_and_load_round_trip(tmp_path):
    network = init_network(parse_architecture("2-3-1", "tanh", "sigmoid"), seed=2)
    path = save_network(network, tmp_path / "net.npz")
    loaded = load_network(path)
    assert loaded.architecture == network.architecture
    assert np.array_equal(loaded.flat_parameters(), network.flat_parameters())
    assert [p.name for p in tmp_path.iterdir()] == ["net.npz"]


def write_npz(path, **arrays):
    import json

    meta = {
        "format": "netplane-network",
        "version": 1,
        "sizes": [2, 2, 1],
        "activations": ["relu", "identity"],
    }
    arrays.setdefault("meta", np.array(json.dumps(meta)))
    np.savez(path, **arrays)
    return path


def test_load_refuses_bad_files(tmp_path):
    good = {"W1": np.ones((2, 2)), "b1": np.zeros(2), "W2": np.ones((1, 2)), "b2": np.zeros(1)}
    with pytest.raises(NetworkFileError, match="no such network file"):
        load_network(tmp_path / "absent.npz")
    (tmp_path / "junk.npz").write_text("hello")
    with pytest.raises(NetworkFileError, match="not a netplane network file"):
        load_network(tmp_path / "junk.npz")
    missing = {k: v for k, v in good.items() if k != "b2"}
    with pytest.raises(NetworkFileError, match="missing keys b2"):
        load_network(write_npz(tmp_path / "missing.npz", **missing))
    chain = dict(good, W2=np.ones((1, 3)))
    with pytest.raises(NetworkFileError, match=r"layer 2: weight matrix has shape \(1, 3\)"):
        load_network(write_npz(tmp_path / "chain.npz", **chain))
    infinite = dict(good, W1=np.array([[np.inf, 0], [0, 1]]))
    with pytest.raises(NetworkFileError, match="NaN or infinite"):
        load_network(write_npz(tmp_path / "inf.npz", **infinite))
    no_meta = dict(good, meta=np.array("{}"))
    with pytest.raises(NetworkFileError, match="unreadable 'meta'"):
        load_network(write_npz(tmp_path / "meta.npz", **no_meta))


def test_architecture_dataclass_validates_directly():
    with pytest.raises(ArchitectureError, match="need 2 activations"):
        Architecture((2, 2, 1), ("relu",))


def test_linear_layers_collapse_into_one():
    from nn_core import collapse_linear

    network = init_network(parse_architecture("2-3-2-1", "identity"), seed=4)
    network = network.with_flat_parameters(network.flat_parameters() + 0.3)
    single = collapse_linear(network)
    assert single.architecture.sizes == (2, 1)
    points, _ = blobs(20)
    np.testing.assert_allclose(forward(single, points).output, forward(network, points).output)
    with pytest.raises(NetworkError, match="this network has relu"):
        collapse_linear(init_network(parse_architecture("2-2-1", "relu"), 0))


def test_training_that_explodes_stops_with_the_step_and_advice():
    from nn_core.training import DIVERGENCE_LIMIT

    data = load_dataset("moons")
    network = init_network(parse_architecture("2-3-1", "tanh", "identity"), seed=0)
    config = TrainingConfig(optimizer="gd", learning_rate=1e6, steps=50)
    with pytest.raises(FloatingPointError, match=r"diverged at step 1 \(a parameter reached"):
        train(network, data.points, data.labels, config)
    calm = train(network, data.points, data.labels, TrainingConfig(optimizer="gd", steps=50))
    assert np.abs(calm.network.flat_parameters()).max() < DIVERGENCE_LIMIT


def test_hidden_activations_may_be_one_per_hidden_layer():
    from nn_core import ArchitectureError, parse_architecture

    mixed = parse_architecture("2-4-3-1", "relu,tanh", "sigmoid")
    assert mixed.activations == ("relu", "tanh", "sigmoid")
    assert parse_architecture("2-4-3-1", "tanh").activations == ("tanh", "tanh", "identity")
    with pytest.raises(ArchitectureError, match="has 2 hidden layers, but 3 hidden activations"):
        parse_architecture("2-4-3-1", "relu,tanh,relu")
