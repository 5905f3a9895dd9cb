"""Save and load a network as one ``.npz`` file.

File format (version 1), a NumPy ``.npz`` archive holding:

- ``meta``: a 0-d string array with JSON ``{"format": "netplane-network", "version": 1,
  "sizes": [2, 2, 1], "activations": ["relu", "identity"]}``;
- ``W1, b1, W2, b2, ...``: float64 arrays, ``Wk`` of shape ``(sizes[k], sizes[k-1])`` and ``bk`` of
  shape ``(sizes[k],)``, in the column-vector convention ``z = Wk @ x + bk``.

No pickled objects: the file is loaded with ``allow_pickle=False``.
"""

from __future__ import annotations

import json
import os
import tempfile
import zipfile
from pathlib import Path

import numpy as np

from nn_core.architecture import Architecture, ArchitectureError
from nn_core.network import Network, NetworkError

__all__ = ["FORMAT_NAME", "FORMAT_VERSION", "NetworkFileError", "load_network", "save_network"]

FORMAT_NAME = "netplane-network"
FORMAT_VERSION = 1


class NetworkFileError(ValueError):
    """A network file that cannot be used; the message names the file and the problem."""


def save_network(network: Network, path: str | os.PathLike) -> Path:
    """Write ``network`` to ``path`` atomically (a complete file or none). Returns the path."""
    path = Path(path)
    meta = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "sizes": list(network.architecture.sizes),
        "activations": list(network.architecture.activations),
    }
    arrays = {"meta": np.array(json.dumps(meta))}
    for index, (weight, bias) in enumerate(zip(network.weights, network.biases, strict=True), 1):
        arrays[f"W{index}"] = weight
        arrays[f"b{index}"] = bias
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "wb") as handle:
            np.savez(handle, **arrays)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def load_network(path: str | os.PathLike) -> Network:
    """Read a network written by :func:`save_network`, refusing anything incomplete or inconsistent.

    Raises
    ------
    NetworkFileError
        Missing file, not an npz archive, missing ``meta`` or a ``Wk``/``bk`` array, shapes that do
        not chain, NaN or infinite parameters, unknown activation.
    """
    path = Path(path)
    if not path.exists():
        raise NetworkFileError(f"{path}: no such network file")
    try:
        with np.load(path, allow_pickle=False) as archive:
            arrays = {key: archive[key] for key in archive.files}
    except (OSError, ValueError, zipfile.BadZipFile) as error:
        raise NetworkFileError(f"{path}: not a netplane network file ({error})") from None
    if "meta" not in arrays:
        raise NetworkFileError(f"{path}: missing key 'meta'")
    try:
        meta = json.loads(str(arrays["meta"]))
        sizes, activations = meta["sizes"], meta["activations"]
    except (json.JSONDecodeError, KeyError, TypeError) as error:
        raise NetworkFileError(f"{path}: unreadable 'meta' ({error})") from None
    if meta.get("format") != FORMAT_NAME or meta.get("version") != FORMAT_VERSION:
        raise NetworkFileError(
            f"{path}: format {meta.get('format')!r} version {meta.get('version')!r}, "
            f"expected {FORMAT_NAME!r} version {FORMAT_VERSION}"
        )
    try:
        architecture = Architecture(tuple(sizes), tuple(activations))
    except (ArchitectureError, TypeError) as error:
        raise NetworkFileError(f"{path}: {error}") from None
    layer_count = len(architecture.layer_shapes)
    missing = [
        key
        for index in range(1, layer_count + 1)
        for key in (f"W{index}", f"b{index}")
        if key not in arrays
    ]
    if missing:
        raise NetworkFileError(f"{path}: missing keys {', '.join(missing)}")
    try:
        return Network(
            architecture,
            tuple(arrays[f"W{i}"] for i in range(1, layer_count + 1)),
            tuple(arrays[f"b{i}"] for i in range(1, layer_count + 1)),
        )
    except NetworkError as error:
        raise NetworkFileError(f"{path}: {error}") from None
