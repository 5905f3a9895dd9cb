"""netplane's command line: list the scenes and experiments, render a blog post's videos, build a deck.

    python render.py list
    python render.py experiments
    python render.py render                      # every scene, blog quality, into media/
    python render.py slides                      # an offline HTML slide deck

Each command's ``--help`` tells more. The work happens in ``netplane_render``; Manim, NumPy and the
scenes are imported only inside the commands that need them (scenes render in child processes),
so ``--help`` answers at once.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import click

from netplane_render.options import FORMATS, QUALITIES, THEMES, FormatError, parse_formats

__all__ = ["cli"]

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

QUALITY_HELP = "; ".join(f"{q.name} = {q.label} ({q.purpose})" for q in QUALITIES.values())


class FormatList(click.ParamType):
    """A comma list of output formats, e.g. ``mp4,webm,png``."""

    name = "LIST"

    def convert(self, value, param, ctx):
        if isinstance(value, tuple):
            return value
        try:
            return parse_formats(value)
        except FormatError as error:
            self.fail(str(error), param, ctx)


# --- options shared by the commands, defined once ---------------------------------------------

ids_argument = click.argument("ids", nargs=-1, metavar="[ID]...")


def quality_option(default: str):
    return click.option(
        "--quality",
        "-q",
        type=click.Choice(list(QUALITIES)),
        default=default,
        show_default=True,
        help=f"Resolution and frame rate: {QUALITY_HELP}.",
    )


theme_option = click.option(
    "--theme",
    type=click.Choice(THEMES),
    default="dark",
    show_default=True,
    help="Colour theme: dark (the article's) or light (for light pages and slides).",
)
out_option = click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("media"),
    show_default=True,
    help="Output folder; files go to OUT/<theme>/<quality>/.",
)
jobs_option = click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=os.cpu_count() or 1,
    show_default="the number of cores",
    help="Scenes rendered in parallel.",
)
force_option = click.option(
    "--force", is_flag=True, help="Render even the scenes that are up to date."
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")


def _consoles():
    """Rich consoles for stdout (results) and stderr (progress). Piped output gets wide lines,
    so tables are not cut to 80 columns."""
    from rich.console import Console

    width = None if sys.stdout.isatty() else 200
    return Console(width=width), Console(stderr=True)


def _project(what: str, load):
    """``load()``; a project module that fails to import or run becomes a one-line error."""
    try:
        return load()
    except Exception as error:  # any error in the project's own code, reported as such
        raise click.ClickException(f"cannot {what}: {type(error).__name__}: {error}") from None


def _registry():
    from netplane_render.catalog import load_registry

    return _project("read the scene registry (scenes/registry.py)", load_registry)


def _entries(ids):
    """The registry and the entries named by ``ids``; also checks that the experiments the
    entries show can be read, since their fingerprints decide what is up to date."""
    import importlib

    from netplane_render.catalog import UnknownIdError, resolve_ids

    registry = _registry()
    try:
        entries = resolve_ids(registry, ids)
    except UnknownIdError as error:
        raise click.ClickException(str(error)) from None
    if any(entry.experiments for entry in entries):
        _project(
            "read the experiments (nn_core/experiments.py)",
            lambda: importlib.import_module("nn_core.experiments"),
        )
    return registry, entries


def _preflight(folder: Path) -> None:
    from netplane_render.runner import PreflightError, check_latex, check_writable

    try:
        check_latex()
        check_writable(folder)
    except PreflightError as error:
        raise click.ClickException(str(error)) from None


class _Interrupted(KeyboardInterrupt):
    pass


def _on_sigterm(signum, frame):
    raise _Interrupted


def _interruptible(run):
    """Run ``run()`` with SIGTERM treated like Ctrl-C, so both clean up the same way."""
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return run()
    except KeyboardInterrupt as interrupt:
        click.echo(
            "interrupted: finished scenes are in place, unfinished ones were discarded", err=True
        )
        sys.exit(143 if isinstance(interrupt, _Interrupted) else 130)
    finally:
        signal.signal(signal.SIGTERM, previous)


# --- commands ---------------------------------------------------------------------------------


@click.group(context_settings=CONTEXT)
def cli():
    """Render netplane's scenes for a blog post or a talk.

    \b
    Examples:
      python render.py list                         the scenes, in the article's order
      python render.py experiments                  the trained networks the scenes show
      python render.py render                       every scene into media/dark/blog/
      python render.py render two-curves -q preview
      python render.py slides --theme light         an HTML deck in media/light/slides/deck/
    """


@cli.command("list")
@json_option
def list_scenes(as_json):
    """List the scenes in catalogue order: id, class, file and description.

    \b
    Examples:
      python render.py list
      python render.py list --json | jq -r '.[].id'
    """
    import json

    from netplane_render.catalog import scene_rows

    rows = scene_rows(_registry())
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    from rich.table import Table

    table = Table()
    table.add_column("id", no_wrap=True)
    table.add_column("class", no_wrap=True)
    table.add_column("file", no_wrap=True)
    table.add_column("description")
    for row in rows:
        table.add_row(row["id"], row["class"], row["file"], row["description"])
    _consoles()[0].print(table)


@cli.command()
@json_option
def experiments(as_json):
    """Train every experiment and show what it reached.

    Prints name, data set, architecture, parameter count, accuracy and training time. Training is
    deterministic and takes a few seconds. With --json, accuracy is a fraction from 0 to 1.

    \b
    Examples:
      python render.py experiments
      python render.py experiments --json
    """
    import json

    from netplane_render.catalog import experiment_rows

    rows = _project("train the experiments (nn_core/experiments.py)", experiment_rows)
    if as_json:
        click.echo(json.dumps(rows, indent=2))
        return
    from rich.table import Table

    table = Table()
    for name, justify in [
        ("name", "left"),
        ("data set", "left"),
        ("architecture", "left"),
        ("parameters", "right"),
        ("accuracy", "right"),
        ("training", "right"),
    ]:
        table.add_column(name, justify=justify, no_wrap=True)
    for row in rows:
        has_hidden = len(row["architecture"].split("-")) > 2
        activations = (
            f"{row['hidden_activation']}, {row['output_activation']}"
            if has_hidden
            else row["output_activation"]
        )
        architecture = f"{row['architecture']} ({activations})"
        table.add_row(
            row["name"],
            row["dataset"],
            architecture,
            str(row["parameters"]),
            f"{row['accuracy']:.1%}",
            f"{row['training_seconds']:.2f} s",
        )
    _consoles()[0].print(table)


@cli.command()
@ids_argument
@quality_option("blog")
@theme_option
@click.option(
    "--format",
    "-f",
    "formats",
    type=FormatList(),
    default="mp4,webm,png",
    show_default=True,
    help=(
        f"Comma list of {', '.join(FORMATS)}. png is the poster (the last frame); gif is at "
        "most 854 px wide and 15 fps, to stay light. Every format comes from one mp4 render."
    ),
)
@out_option
@jobs_option
@force_option
def render(ids, quality, theme, formats, out, jobs, force):
    """Render scenes into OUT/<theme>/<quality>/<id>.<format>, ready to publish.

    With no ID, every scene in catalogue order; see 'render.py list' for the ids. Beside the
    videos go manifest.json (every file's resolution, duration, size and input hash), index.html
    (a gallery that works from disk) and embed.md (<video> snippets for a blog post).

    A scene whose inputs did not change since its last render (its code, the shared scene
    toolkit, nn_core, datasets, its experiments, quality, theme, Manim's version) and whose files
    are all there is skipped; --force renders it anyway. Files are written under temporary names
    and moved into place when complete, so an interrupted run never leaves a broken video. One
    failing scene does not stop the others; its log is kept in OUT/<theme>/<quality>/logs/.
    Exit code 1 if any scene failed.

    \b
    Examples:
      python render.py render                                  every scene, blog quality
      python render.py render two-curves one-layer-transform -q preview
      python render.py render --format mp4,webm,gif,png --theme light --out public/videos
      python render.py render --quality slides --jobs 1 --force
    """
    from netplane_render.runner import RenderOptions, print_summary, render_scenes

    registry, entries = _entries(ids)
    options = RenderOptions(QUALITIES[quality], theme, formats, out, jobs, force)
    _preflight(options.folder)
    stdout, stderr = _consoles()
    outcomes = _interruptible(lambda: render_scenes(entries, registry, options, stderr))
    print_summary(stdout, outcomes, options.folder)
    if any(outcome.status == "failed" for outcome in outcomes):
        sys.exit(1)


@cli.command()
@ids_argument
@quality_option("slides")
@theme_option
@out_option
@jobs_option
@force_option
@click.option(
    "--to",
    "target",
    type=click.Choice(["html", "pptx", "pdf"]),
    default="html",
    show_default=True,
    help=(
        "html: a reveal.js deck in one self-contained file (videos and reveal.js inside) that "
        "works offline from disk. pptx: PowerPoint, one video per slide. pdf: the last frame of "
        "each slide, for handouts."
    ),
)
@click.option(
    "--one-file/--folder",
    default=True,
    show_default=True,
    help=(
        "html only: everything in deck.html, or deck.html beside a deck_assets/ folder with the "
        "videos (lighter for a long deck at 1080p)."
    ),
)
def slides(ids, quality, theme, out, jobs, force, target, one_file):
    """Build a slide deck of the scenes with manim-slides: OUT/<theme>/<quality>/deck/deck.<ext>.

    Each scene becomes one or more slides: a new slide starts at every step of a scene (each
    layer's move, fold or shift), so the arrow key walks through the network one step at a
    time. Scenes render at slides quality (1080p, 60 fps) unless --quality says otherwise; a
    scene whose inputs did not change is not rendered again.

    \b
    Examples:
      python render.py slides                       the whole article as deck.html
      python render.py slides hard-curves two-layer-relu --theme light
      python render.py slides --folder              deck.html beside deck_assets/
      python render.py slides --to pptx             PowerPoint
      python render.py slides --to pdf -q preview   a PDF handout
    """
    from netplane_render.runner import RenderOptions, print_summary
    from netplane_render.slides import DeckError, build_deck

    registry, entries = _entries(ids)
    options = RenderOptions(QUALITIES[quality], theme, (), out, jobs, force)
    deck_folder = options.folder / "deck"
    _preflight(deck_folder)
    stdout, stderr = _consoles()
    try:
        outcomes, deck = _interruptible(
            lambda: build_deck(entries, registry, options, target, stderr, one_file)
        )
    except DeckError as error:
        raise click.ClickException(str(error)) from None
    print_summary(stdout, outcomes)
    if deck is not None:
        stdout.print(f"deck: {deck}", soft_wrap=True)
    if deck is None or any(outcome.status == "failed" for outcome in outcomes):
        sys.exit(1)


if __name__ == "__main__":
    cli()
