"""The hash that decides whether a rendered scene is up to date.

It covers everything that can change a scene's pixels: the scene's own module (and any other
scene file it imports), the scene kit (``scenes/kit/``), ``nn_core`` and ``datasets`` sources,
the fingerprints of the experiments the scene shows and the contents of their trained files, the
quality and theme, the x264 settings, Manim's version and the conversion code; for an entry that
carries them, the environment its child process gets and the contents of its input files
(``render.py generate``: the experiment as JSON and a CSV data set). The output formats are not
in it: they only decide which files must exist, so asking for a GIF later adds a render without
outdating the mp4 ones.
"""

from __future__ import annotations

import ast
import hashlib
import json
from collections.abc import Mapping
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from netplane_render.options import VIDEO_ENCODER_OPTIONS

__all__ = [
    "PROJECT_ROOT",
    "checkout_commit",
    "file_digest",
    "hashed_files",
    "manim_version",
    "scene_hash",
    "shared_sources",
]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent
# Bump when the way outputs are made changes in a way the hashed sources do not show.
PIPELINE_VERSION = 2


@cache
def _cached_digest(path: str, mtime_ns: int, size: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _file_digest(path: Path) -> str:
    """The file's sha256, read once per process unless the file changes."""
    stat = path.stat()
    return _cached_digest(str(path), stat.st_mtime_ns, stat.st_size)


def file_digest(path: Path) -> str:
    """The file's sha256 (cached per process while the file is unchanged)."""
    return _file_digest(path)


@cache
def checkout_commit(root: Path = PROJECT_ROOT) -> str | None:
    """The git commit ``root`` is checked out at, or None (no git, or not a git checkout)."""
    import subprocess

    try:
        result = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=False,
            timeout=10,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def manim_version() -> str:
    try:
        return version("manim")
    except PackageNotFoundError:
        return "unknown"


def shared_sources(registry: Mapping, root: Path = PROJECT_ROOT) -> list[Path]:
    """Sources every scene depends on: the scene kit (``scenes/kit/``), nn_core, datasets, and
    the converter. A scene's own file, and any scene file it imports, come on top of these
    (:func:`scene_module_imports`); ``registry`` is kept for callers that pass it."""
    kit = sorted((root / "scenes" / "kit").glob("*.py"))
    core = sorted((root / "nn_core").glob("*.py")) + sorted((root / "datasets").glob("*.py"))
    converter = [PACKAGE_DIR / "media.py", PACKAGE_DIR / "worker.py", PACKAGE_DIR / "tracks.py"]
    return kit + core + converter


def scene_module_imports(path: Path, root: Path = PROJECT_ROOT) -> list[Path]:
    """Other scene modules that ``path`` imports (``from scenes.one_layer import ...``), transitively.

    A scene may build on another scene file's class; editing that file must re-render it too.
    """
    found: list[Path] = []
    pending = [path]
    while pending:
        tree = ast.parse(pending.pop().read_text())
        for node in ast.walk(tree):
            module = (node.module or "") if isinstance(node, ast.ImportFrom) else ""
            # the kit is every scene's input already (shared_sources)
            if module.startswith("scenes.") and not module.startswith("scenes.kit"):
                target = root / (node.module.replace(".", "/") + ".py")
                if target.exists() and target not in found and target != path:
                    found.append(target)
                    pending.append(target)
    return sorted(found)


def _experiment_fingerprints(names) -> dict[str, str]:
    """Each experiment's declaration and the stored file its scenes read (``nn_core/trained/``)."""
    if not names:
        return {}
    from nn_core.experiments import EXPERIMENTS
    from nn_core.trained_store import trained_file

    fingerprints = {}
    for name in names:
        if name not in EXPERIMENTS:
            fingerprints[name] = "missing"
            continue
        stored = trained_file(name)
        stored_digest = _file_digest(stored) if stored.is_file() else "missing"
        fingerprints[name] = f"{EXPERIMENTS[name].fingerprint()}:{stored_digest}"
    return fingerprints


def hashed_files(entry, registry: Mapping) -> list[Path]:
    """The source files whose contents go into ``entry``'s hash: its own module, the scene
    modules it imports and the shared sources (a cluster worker checks it has the same)."""
    own = Path(entry.path)
    imported = scene_module_imports(own) if own.exists() else []
    return [own, *imported, *shared_sources(registry)]


def scene_hash(entry, registry: Mapping, *, quality: str, theme: str, mode: str = "video") -> str:
    """A short hex digest of everything that decides ``entry``'s rendered output."""
    digest = hashlib.sha256()
    header = {
        "id": entry.id,
        "class": entry.class_name,
        "module": entry.module,
        "quality": quality,
        "theme": theme,
        "mode": mode,
        "manim": manim_version(),
        "pipeline": PIPELINE_VERSION,
        "experiments": _experiment_fingerprints(tuple(entry.experiments)),
        "encoder": VIDEO_ENCODER_OPTIONS,
    }
    environment = dict(getattr(entry, "environment", None) or {})
    if environment:
        header["environment"] = environment
    digest.update(json.dumps(header, sort_keys=True).encode())
    for path in hashed_files(entry, registry):
        digest.update(f"{path.parent.name}/{path.name}".encode())
        digest.update(_file_digest(path).encode() if path.exists() else b"missing")
    for path in getattr(entry, "inputs", ()):
        # Named in full: two data files with one name in different folders are different inputs.
        digest.update(str(path).encode())
        digest.update(_file_digest(Path(path)).encode() if Path(path).is_file() else b"missing")
    return digest.hexdigest()[:20]
