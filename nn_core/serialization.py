"""Save and load a network as one ``.npz`` file.

File format (version 1), a NumPy ``.npz`` archive holding:

- ``meta``: a 0-d string array with JSON ``{"format": "netplane-network", "version": 1,
  "sizes": [2, 2, 1], "activations": ["relu", "identity"]}``;
- ``W1, b1, W2, b2, ...``: float64 arrays, ``Wk`` of shape ``(sizes[k], sizes[k-1])`` and ``bk`` of
  shape ``(sizes[k],)``, in the column-vector convention ``z = Wk @ x + bk``.

No pickled objects: the file is loaded with ``allow_pickle=False``. The same network always gives
the same bytes: the archive's members carry a fixed date, so a retrained network that did not change
leaves its file unchanged.

A trained experiment's file (``nn_core.trained_store``) is a superset of this format: it holds the
same ``W``/``b`` arrays and ``sizes``/``activations``, so :func:`load_network` reads it too.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import zipfile
from collections.abc import Mapping
from pathlib import Path

import numpy as np

from nn_core.architecture import Architecture, ArchitectureError
from nn_core.network import Network, NetworkError

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "NetworkFileError",
    "load_network",
    "network_arrays",
    "network_from_arrays",
    "read_npz",
    "save_network",
    "write_npz",
]

FORMAT_NAME = "netplane-network"
FORMAT_VERSION = 1
# Formats whose files hold a network laid out as above (``meta`` sizes/activations, W1, b1, ...).
NETWORK_FORMATS = {FORMAT_NAME: FORMAT_VERSION, "netplane-trained-experiment": 1}
# zip's earliest date: members stamped with it make the archive's bytes depend on its arrays alone
_FIXED_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


class NetworkFileError(ValueError):
    """A network file that cannot be used; the message names the file and the problem."""


def write_npz(path: str | os.PathLike, arrays: Mapping[str, np.ndarray]) -> Path:
    """Write ``arrays`` as an ``.npz`` archive that ``np.load`` reads, atomically and reproducibly.

    Unlike ``np.savez`` the members carry a fixed date, so equal arrays give equal bytes; the file
    appears under ``path`` only when complete.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "wb") as handle, zipfile.ZipFile(handle, "w") as archive:
            for key, array in arrays.items():
                buffer = io.BytesIO()
                np.lib.format.write_array(buffer, np.asanyarray(array), allow_pickle=False)
                member = zipfile.ZipInfo(f"{key}.npy", date_time=_FIXED_ZIP_DATE)
                member.compress_type = zipfile.ZIP_DEFLATED
                member.external_attr = 0o644 << 16
                archive.writestr(member, buffer.getvalue())
        # mkstemp makes the file private; a network file is as readable as any other
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def network_arrays(network: Network, meta: Mapping[str, object]) -> dict[str, np.ndarray]:
    """``meta`` (with the network's sizes and activations added) and ``W1, b1, ...`` as arrays."""
    meta = {
        **meta,
        "sizes": list(network.architecture.sizes),
        "activations": list(network.architecture.activations),
    }
    arrays = {"meta": np.array(json.dumps(meta, sort_keys=True))}
    for index, (weight, bias) in enumerate(zip(network.weights, network.biases, strict=True), 1):
        arrays[f"W{index}"] = weight
        arrays[f"b{index}"] = bias
    return arrays


def save_network(network: Network, path: str | os.PathLike) -> Path:
    """Write ``network`` to ``path`` atomically (a complete file or none). Returns the path."""
    meta = {"format": FORMAT_NAME, "version": FORMAT_VERSION}
    return write_npz(path, network_arrays(network, meta))


def load_network(path: str | os.PathLike) -> Network:
    """Read a network written by :func:`save_network`, refusing anything incomplete or inconsistent.

    Raises
    ------
    NetworkFileError
        Missing file, not an npz archive, missing ``meta`` or a ``Wk``/``bk`` array, shapes that do
        not chain, NaN or infinite parameters, unknown activation.
    """
    path = Path(path)
    network, _ = network_from_arrays(path, read_npz(path))
    return network


def read_npz(path: Path) -> dict[str, np.ndarray]:
    """Every array of the ``.npz`` archive at ``path``, read without pickle."""
    if not path.exists():
        raise NetworkFileError(f"{path}: no such network file")
    try:
        with np.load(path, allow_pickle=False) as archive:
            return {key: archive[key] for key in archive.files}
    except (OSError, ValueError, zipfile.BadZipFile) as error:
        raise NetworkFileError(f"{path}: not a netplane network file ({error})") from None


def network_from_arrays(path: Path, arrays: Mapping[str, np.ndarray]) -> tuple[Network, dict]:
    """The network and the ``meta`` JSON held in a network file's arrays (``path`` names it in
    errors)."""
    if "meta" not in arrays:
        raise NetworkFileError(f"{path}: missing key 'meta'")
    try:
        meta = json.loads(str(arrays["meta"]))
        sizes, activations = meta["sizes"], meta["activations"]
    except (json.JSONDecodeError, KeyError, TypeError) as error:
        raise NetworkFileError(f"{path}: unreadable 'meta' ({error})") from None
    if NETWORK_FORMATS.get(meta.get("format")) != meta.get("version"):
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
        network = Network(
            architecture,
            tuple(arrays[f"W{i}"] for i in range(1, layer_count + 1)),
            tuple(arrays[f"b{i}"] for i in range(1, layer_count + 1)),
        )
    except NetworkError as error:
        raise NetworkFileError(f"{path}: {error}") from None
    return network, meta
