"""Rendering in shards on a CI matrix, and publishing the shards as one folder.

``render.py render --shard K/N`` renders the K-th of N shares of the scenes asked for. The
shares are balanced by each scene's last known render time (``render_seconds`` in the output
folder's manifest.json, or the one ``--shard-times`` names; a scene without one counts as the
median of the known times, or 1 s when none is known) with the longest-first rule, ties broken by catalogue order: the same ids
and the same manifest give every job the same split, and every scene is in exactly one share.

``render.py publish DIR...`` merges the shards' folders (each an ``OUT/<theme>/<quality>``
with its manifest.json) into one: files copied under temporary names and moved into place, one
manifest, gallery and embed file. Shards of another commit, theme, quality or Manim version are
refused by name, since their videos would not belong together.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from netplane_render import publish

__all__ = [
    "SHARED_META",
    "PublishError",
    "ShardError",
    "merge_shards",
    "parse_shard",
    "render_seconds",
    "shard_share",
]

# What every shard of one publication must agree on (manifest.json's folder-wide fields).
SHARED_META = ("theme", "quality", "commit", "manim_version")
DEFAULT_SECONDS = 1.0


class ShardError(ValueError):
    """A bad --shard; the message is one line."""


class PublishError(Exception):
    """Shards that cannot be merged; the message is one line naming the problem."""


def parse_shard(text: str) -> tuple[int, int]:
    """``"2/3"`` -> ``(2, 3)``; K from 1 to N."""
    k, slash, n = text.partition("/")
    if not (slash and k.strip().isdigit() and n.strip().isdigit()):
        raise ShardError(f"--shard {text!r}: expected K/N, e.g. 2/3 for the second of three")
    k, n = int(k), int(n)
    if n < 1 or not 1 <= k <= n:
        raise ShardError(f"--shard {text}: K must be from 1 to N (N >= 1), e.g. 1/{max(n, 1)}")
    return k, n


_STRICT = object()


def render_seconds(manifest: Path, missing=_STRICT) -> dict[str, float]:
    """Each scene's last render time, as the ``manifest`` (a manifest.json) records it.

    A file that cannot be read raises :class:`ShardError`, unless ``missing`` is given: then
    ``missing`` is what an absent or unreadable file gives."""
    try:
        scenes = json.loads(Path(manifest).read_text(encoding="utf-8"))["scenes"]
        return {
            scene["id"]: float(scene["render_seconds"])
            for scene in scenes
            if isinstance(scene.get("render_seconds"), int | float) and scene["render_seconds"] > 0
        }
    except (OSError, ValueError, KeyError, TypeError) as error:
        if missing is not _STRICT:
            return missing
        reason = error.strerror if isinstance(error, OSError) else "not a netplane manifest.json"
        raise ShardError(f"--shard-times {manifest}: {reason}") from None


def shard_share(
    entries: Sequence, k: int, n: int, seconds: Mapping[str, float]
) -> tuple[list, float, float]:
    """The entries of shard ``k`` of ``n`` (in the order given), its estimated seconds and the
    estimate for all entries."""
    known = [seconds[entry.id] for entry in entries if entry.id in seconds]
    default = statistics.median(known) if known else DEFAULT_SECONDS
    weight = {entry.id: seconds.get(entry.id, default) for entry in entries}
    position = {entry.id: index for index, entry in enumerate(entries)}
    loads = [0.0] * n
    owner = {}
    # Longest first, each to the least loaded shard (the lowest-numbered among equals).
    for entry in sorted(entries, key=lambda e: (-weight[e.id], position[e.id])):
        shard = min(range(n), key=lambda index: (loads[index], index))
        loads[shard] += weight[entry.id]
        owner[entry.id] = shard
    share = [entry for entry in entries if owner[entry.id] == k - 1]
    return share, loads[k - 1], sum(loads)


# --- publish --------------------------------------------------------------------------------


@dataclass
class _Shard:
    folder: Path
    meta: dict
    scenes: list[dict]


def _read_shard(folder: Path) -> _Shard | None:
    """The videos of the shard in ``folder``; None when it has none (a shard that had no
    scenes, or one of slides only)."""
    if not folder.is_dir():
        raise PublishError(f"{folder}: no such folder")
    manifest = folder / publish.MANIFEST
    if not manifest.is_file():
        if any(path.is_file() for path in folder.iterdir()):
            raise PublishError(
                f"{folder} has files but no {publish.MANIFEST}: give the folder a shard rendered "
                "into, OUT/<theme>/<quality>"
            )
        return None
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
        scenes = list(data["scenes"])
        meta = {key: value for key, value in data.items() if key != "scenes"}
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise PublishError(f"{manifest}: not a netplane manifest ({error})") from None
    return _Shard(folder, meta, scenes)


def _read_deck_cache(folder: Path) -> _Shard | None:
    """The slides a ``slides --shard`` job left in ``folder``; None when there are none."""
    from netplane_render.slides import DECK_CACHE, DECK_META

    cache = folder / DECK_CACHE
    if not (cache / DECK_META).is_file():
        return None
    try:
        meta = json.loads((cache / DECK_META).read_text(encoding="utf-8"))
        hashes = json.loads((cache / "hashes.json").read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise PublishError(f"{cache}: not a netplane slide cache ({error})") from None
    return _Shard(folder, meta, [{"id": key, "hash": value} for key, value in hashes.items()])


def _check_alike(shards: list[_Shard], what: str) -> None:
    first = shards[0]
    for shard in shards[1:]:
        for key in SHARED_META:
            if shard.meta.get(key) != first.meta.get(key):
                raise PublishError(
                    f"{shard.folder} holds {what} rendered with {key} {shard.meta.get(key)}, "
                    f"{first.folder} with {first.meta.get(key)}: publish shards of one "
                    f"{key.replace('_', ' ')} together"
                )


def _merge_deck_caches(caches: list[_Shard], out: Path) -> tuple[Path, int]:
    """Copy the shards' slides into ``out/<theme>/<quality>/.deck-cache``, where a later
    ``render.py slides`` finds them up to date and only builds the deck."""
    from netplane_render.slides import DECK_CACHE, DECK_META, replace_tree

    _check_alike(caches, "slides")
    meta = caches[0].meta
    folder = out / meta["theme"] / meta["quality"]
    cache = folder / DECK_CACHE
    store = cache / "slides"
    (store / "files").mkdir(parents=True, exist_ok=True)
    try:
        hashes = json.loads((cache / "hashes.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        hashes = {}
    for shard in caches:
        source = shard.folder / DECK_CACHE / "slides"
        if source.resolve() == store.resolve():
            continue
        for files in sorted((source / "files").iterdir()):
            staged = store / "files" / f".{files.name}.{os.getpid()}.part"
            shutil.rmtree(staged, ignore_errors=True)
            shutil.copytree(files, staged)
            replace_tree(staged, store / "files" / files.name)
        for slides in sorted(source.glob("*.json")):
            _copy_into_place(slides, store / slides.name)
        hashes |= {scene["id"]: scene["hash"] for scene in shard.scenes}
    publish.atomic_write(cache / "hashes.json", json.dumps(hashes, indent=2))
    publish.atomic_write(cache / DECK_META, json.dumps(meta, indent=2) + "\n")
    return folder, sum(len(shard.scenes) for shard in caches)


def _same_digest(a: Path, b: Path) -> bool:
    if a.stat().st_size != b.stat().st_size:
        return False
    return hashlib.sha256(a.read_bytes()).digest() == hashlib.sha256(b.read_bytes()).digest()


def _copy_into_place(source: Path, target: Path) -> bool:
    """Copy through a temporary name; False when ``target`` already holds the same bytes."""
    if target.exists() and (source.resolve() == target.resolve() or _same_digest(source, target)):
        return False
    partial = target.with_name(f".{target.name}.{os.getpid()}.part")
    try:
        shutil.copyfile(source, partial)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return True


def merge_shards(folders: Sequence[Path], out: Path, order: Sequence[str]) -> dict:
    """Merge the shard ``folders`` into ``out/<theme>/<quality>/``; return
    ``{"videos": (folder, counts) or None, "slides": (folder, scenes) or None}``, counts being
    ``{"scenes": n, "copied": files copied, "shards": shards with scenes}``.

    Videos: scenes already published there stay unless a shard brings them anew; ``order`` is
    the catalogue order of the gallery (ids outside it follow in the shards' order). Slides
    (``slides --shard``): merged into the folder's deck cache, for ``render.py slides``.
    """
    shards = [shard for shard in map(_read_shard, folders) if shard is not None]
    caches = [cache for cache in map(_read_deck_cache, folders) if cache is not None]
    if not shards and not caches:
        raise PublishError("no shard holds a rendered scene: nothing to publish")
    if shards:
        _check_alike(shards, "videos")
    slides = _merge_deck_caches(caches, out) if caches else None
    videos = _merge_videos(shards, out, order) if shards else None
    return {"videos": videos, "slides": slides}


def _merge_videos(shards: list[_Shard], out: Path, order: Sequence[str]) -> tuple[Path, dict]:
    first = shards[0]
    folder = out / first.meta["theme"] / first.meta["quality"]
    folder.mkdir(parents=True, exist_ok=True)
    recorded = dict(publish.read_manifest(folder))
    if recorded:
        existing = json.loads((folder / publish.MANIFEST).read_text(encoding="utf-8"))
        for key in SHARED_META:
            if existing.get(key) != first.meta.get(key):
                raise PublishError(
                    f"{folder} already holds scenes rendered with {key} {existing.get(key)}, "
                    f"the shards with {first.meta.get(key)}: publish into another --out"
                )
    brought: dict[str, tuple[Path, dict]] = {}
    for shard in shards:
        for scene in shard.scenes:
            earlier = brought.get(scene["id"])
            if earlier is not None and earlier[1].get("hash") != scene.get("hash"):
                raise PublishError(
                    f"scene {scene['id']} is in {earlier[0]} and {shard.folder} with different "
                    "input hashes: shards of one run never overlap"
                )
            brought[scene["id"]] = (shard.folder, scene)
    copied = 0
    (folder / "logs").mkdir(exist_ok=True)
    for scene_id, (source, scene) in brought.items():
        for info in scene.get("files", {}).values():
            if not (source / info["file"]).is_file():
                raise PublishError(f"{source} lacks {info['file']}, which its manifest lists")
            copied += _copy_into_place(source / info["file"], folder / info["file"])
        log = source / "logs" / f"{scene_id}.log"
        if log.is_file():
            _copy_into_place(log, folder / "logs" / log.name)
        recorded[scene_id] = scene
    ids = [*order, *(scene_id for scene_id in recorded if scene_id not in order)]
    publish.write_folder_files(folder, first.meta, recorded, ids)
    return folder, {"scenes": len(brought), "copied": copied, "shards": len(shards)}
