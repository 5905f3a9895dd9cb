"""netplane's NumPy training core: layers, activations, losses, optimizers, history, saving.

Column-vector convention throughout: a layer computes ``z = W @ x + b`` with ``W`` of shape
``(out, in)``, so ``W[m, n]`` is the edge from input neuron n to output neuron m.
"""

from nn_core.activations import ACTIVATIONS, Activation, get_activation
from nn_core.architecture import Architecture, ArchitectureError, parse_architecture
from nn_core.losses import LOSSES, Loss, get_loss
from nn_core.network import (
    ForwardTrace,
    LayerTrace,
    Network,
    NetworkError,
    backward,
    collapse_linear,
    forward,
    init_network,
)
from nn_core.serialization import NetworkFileError, load_network, save_network
from nn_core.training import (
    Progress,
    ProgressObserver,
    Snapshot,
    TrainingConfig,
    TrainingResult,
    accuracy,
    decision_threshold,
    loss_and_gradient,
    predict_labels,
    train,
)

__all__ = [
    "ACTIVATIONS",
    "LOSSES",
    "Activation",
    "Architecture",
    "ArchitectureError",
    "ForwardTrace",
    "LayerTrace",
    "Loss",
    "Network",
    "NetworkError",
    "NetworkFileError",
    "Progress",
    "ProgressObserver",
    "Snapshot",
    "TrainingConfig",
    "TrainingResult",
    "accuracy",
    "backward",
    "collapse_linear",
    "decision_threshold",
    "forward",
    "get_activation",
    "get_loss",
    "init_network",
    "load_network",
    "loss_and_gradient",
    "parse_architecture",
    "predict_labels",
    "save_network",
    "train",
]
