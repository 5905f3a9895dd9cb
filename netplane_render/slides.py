"""A slide deck of the scenes, built with manim-slides.

Every scene renders as a generated subclass mixing in ``manim_slides.Slide`` (see
``netplane_render.worker``), so each ``slide_break()`` in a scene starts a new slide. The slide
lists and their videos are kept in ``OUT/<theme>/<quality>/.deck-cache/slides`` with the hash of
each scene's inputs, so an unchanged scene is not rendered again. Then ``manim-slides convert``
turns them into the deck:

- ``html``: a reveal.js page with the videos and reveal.js itself inlined, one file that works
  offline from disk. manim-slides would fetch reveal.js from a CDN; netplane gets the same
  release once from the npm registry (``npm pack``) and hands it to manim-slides' asset cache.
- ``pptx``: PowerPoint, one video per slide (python-pptx, through manim-slides).
- ``pdf``: one page per slide, its last frame.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from netplane_render.fingerprint import PROJECT_ROOT, scene_hash
from netplane_render.publish import atomic_write
from netplane_render.runner import (
    Job,
    Outcome,
    RenderOptions,
    failure_cause,
    make_workroot,
    remove_stale_work,
    run_jobs,
    worker_spec,
)

__all__ = [
    "DECK_CACHE",
    "DECK_META",
    "REVEAL_VERSION",
    "DeckError",
    "build_deck",
    "ensure_reveal_assets",
    "replace_tree",
]

# The reveal.js release manim-slides' template is written for (its ``reveal_version`` default).
REVEAL_VERSION = "6.0.1"
REVEAL_FILES = (
    "dist/reveal.css",
    "dist/reveal.js",
    "dist/theme/black.css",
    "dist/theme/white.css",
    "dist/plugin/highlight/zenburn.css",
    "dist/plugin/notes.js",
    "dist/plugin/markdown.js",
)
CACHE_ROOT = PROJECT_ROOT / ".cache" / "slides"
DECK_CACHE = ".deck-cache"
DECK_META = "meta.json"
REVEAL_THEMES = {"dark": "black", "light": "white"}


class DeckError(Exception):
    """The deck cannot be built; the message is one line for the user."""


def _reveal_cache_dir(cache_root: Path) -> Path:
    # Where manim-slides looks with XDG_CACHE_HOME=cache_root (platformdirs' user cache on Linux).
    return cache_root / "manim-slides" / f"revealjs{REVEAL_VERSION}"


def ensure_reveal_assets(cache_root: Path | None = None) -> Path:
    """Make reveal.js's files available to ``manim-slides convert --offline``; return the folder
    to use as XDG_CACHE_HOME (``CACHE_ROOT`` unless given)."""
    cache_root = CACHE_ROOT if cache_root is None else cache_root
    target = _reveal_cache_dir(cache_root)
    if all((target / Path(name).name).is_file() for name in REVEAL_FILES):
        return cache_root
    npm = shutil.which("npm")
    if npm is None:
        raise DeckError(
            "an offline HTML deck needs reveal.js, which netplane fetches with npm, and npm is "
            "not on PATH: install it with: sudo apt-get install npm (or use --to pptx or pdf)"
        )
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache_root) as download:
        result = subprocess.run(
            [
                npm,
                "pack",
                f"reveal.js@{REVEAL_VERSION}",
                "--silent",
                "--pack-destination",
                download,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        tarballs = list(Path(download).glob("reveal.js-*.tgz"))
        if result.returncode != 0 or not tarballs:
            cause = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no tarball"]
            raise DeckError(f"could not fetch reveal.js {REVEAL_VERSION} with npm: {cause[0]}")
        with tarfile.open(tarballs[0]) as archive:
            for name in REVEAL_FILES:
                member = archive.extractfile(f"package/{name}")
                if member is None:
                    raise DeckError(f"reveal.js {REVEAL_VERSION} from npm has no {name}")
                # named by process: two renders fetching at once must not write one file
                partial = target / f".{Path(name).name}.{os.getpid()}.part"
                partial.write_bytes(member.read())
                os.replace(partial, target / Path(name).name)
    return cache_root


def replace_tree(source: Path, target: Path) -> None:
    """Put folder ``source`` at ``target``, replacing what was there."""
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        os.replace(target, old)
        os.replace(source, target)
        shutil.rmtree(old, ignore_errors=True)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)


# reveal.js puts its arrows in the lower-right corner, where every scene keeps its class legend;
# the lower-left corner holds no overlay and lies below the region the data is drawn in.
CONTROLS_STYLE = (
    '<style id="netplane-controls">'
    ".reveal .controls { right: auto !important; left: 12px !important; }"
    "</style>"
)


def _move_controls(deck: Path) -> None:
    """Put reveal.js's navigation arrows in the lower-left corner of ``deck`` (an HTML file)."""
    page = deck.read_text(encoding="utf-8")
    if CONTROLS_STYLE in page:
        return
    # At the end of the body: "</head>" also occurs inside the inlined reveal.js code.
    end = page.rfind("</body>")
    if end < 0:
        raise DeckError(f"{deck}: manim-slides wrote a page without </body>")
    deck.write_text(page[:end] + CONTROLS_STYLE + "\n" + page[end:], encoding="utf-8")


def _convert(
    classes: list[str],
    store: Path,
    dest: Path,
    target: str,
    options: RenderOptions,
    log: Path,
    one_file: bool,
) -> None:
    from scenes.kit.theme import THEMES

    command = [
        sys.executable,
        "-m",
        "manim_slides",
        "convert",
        "--folder",
        str(store),
        *classes,
        str(dest),
        "--to",
        target,
    ]
    env = dict(os.environ)
    if target == "html":
        env["XDG_CACHE_HOME"] = str(ensure_reveal_assets())
        command += [
            *(["--one-file"] if one_file else []),
            "--offline",
            f"-cbackground_color={THEMES[options.theme].background}",
            f"-creveal_theme={REVEAL_THEMES[options.theme]}",
            "-ctitle=netplane",
            "-ccontrols=true",
            "-cprogress=true",
            "-cslide_number=true",
        ]
    with open(log, "wb") as log_file:
        result = subprocess.run(
            command,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            env=env,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    if result.returncode != 0 or not dest.is_file():
        cause = failure_cause(log.read_text(errors="replace"), result.returncode)
        raise DeckError(f"manim-slides convert failed: {cause} (full log: {log})")


def build_deck(
    entries: Sequence,
    registry: Mapping,
    options: RenderOptions,
    target: str,
    console,
    one_file: bool = True,
) -> tuple[list[Outcome], Path | None]:
    """Render ``entries`` as slides (unless up to date) and convert them into one deck.

    An HTML deck is one file with everything inside, or (``one_file=False``) ``deck.html`` beside
    a ``deck_assets`` folder holding the videos and reveal.js. Returns the outcome per scene and
    the deck's path (None if no scene could be included).
    """
    folder = options.folder
    deck_dir = folder / "deck"
    logs = deck_dir / "logs"
    cache = folder / DECK_CACHE
    # manim-slides resolves a slide's files against the parent of the folder holding its json,
    # so the store must be called "slides", as the worker's own output folder is.
    store = cache / "slides"
    for path in (logs, store):
        path.mkdir(parents=True, exist_ok=True)
    remove_stale_work(cache)
    if target == "html":
        ensure_reveal_assets()  # fail before rendering, not after

    hashes_file = cache / "hashes.json"
    try:
        hashes = json.loads(hashes_file.read_text())
    except (OSError, ValueError):
        hashes = {}
    outcomes: dict[str, Outcome] = {}
    to_render = []
    for entry in entries:
        digest = scene_hash(
            entry, registry, quality=options.quality.name, theme=options.theme, mode="slides"
        )
        present = (store / f"{entry.class_name}.json").is_file()
        if not options.force and present and hashes.get(entry.id) == digest:
            outcomes[entry.id] = Outcome(entry.id, "skipped")
        else:
            to_render.append(Job(entry, digest))

    def commit(job: Job, seconds: float) -> None:
        produced = job.work / "slides"
        name = job.entry.class_name
        replace_tree(produced / "files" / name, store / "files" / name)
        os.replace(produced / f"{name}.json", store / f"{name}.json")
        hashes[job.entry.id] = job.hash
        partial = hashes_file.with_suffix(".part")
        partial.write_text(json.dumps(hashes, indent=2))
        os.replace(partial, hashes_file)
        # what 'render.py publish' checks before merging the caches of slides --shard jobs
        atomic_write(cache / DECK_META, json.dumps(options.meta(), indent=2) + "\n")

    if to_render:
        workroot = make_workroot(cache)
        try:
            outcomes |= run_jobs(
                to_render,
                workroot=workroot,
                logs=logs,
                make_spec=lambda job: worker_spec(job, options, slides=True),
                commit=commit,
                theme=options.theme,
                n_parallel=options.jobs,
                console=console,
                label="slides",
                cluster=options.cluster,
            )
        finally:
            shutil.rmtree(workroot, ignore_errors=True)

    ready = [e.class_name for e in entries if outcomes[e.id].status != "failed"]
    ordered = [outcomes[e.id] for e in entries]
    if not ready:
        return ordered, None
    deck = deck_dir / f"deck.{target}"
    with tempfile.TemporaryDirectory(prefix=".convert-", dir=deck_dir) as scratch:
        partial = Path(scratch) / deck.name
        console.print(f"converting {len(ready)} scenes to {target} with manim-slides")
        _convert(ready, store, partial, target, options, logs / "convert.log", one_file)
        if target == "html":
            _move_controls(partial)
        assets = Path(scratch) / f"{deck.stem}_assets"
        if assets.is_dir():
            replace_tree(assets, deck_dir / assets.name)
        os.replace(partial, deck)
    return ordered, deck
