"""netplane's command line: list the scenes and experiments, render a blog post's videos, build a deck.

    python render.py list
    python render.py experiments
    python render.py train --check               # do the stored networks still come out of training?
    python render.py render                      # every scene, blog quality, into media/
    python render.py slides                      # an offline HTML slide deck
    python render.py generate --data moons --arch 2-3-1 --hidden tanh   # a network of your own
    python render.py storyboard two-layer-relu   # one PNG of a rendered video's frames

Each command's ``--help`` tells more. The work happens in ``netplane_render``; Manim, NumPy and the
scenes are imported only inside the commands that need them (scenes render in child processes),
so ``--help`` answers at once.
"""

from __future__ import annotations

import importlib
import os
import signal
import sys
from pathlib import Path

import click

from netplane_render import generate as generator
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
formats_option = click.option(
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
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")


def _check_cluster(context, parameter, value):
    if value is None:
        return None
    from netplane_render.cluster import parse_local

    try:
        parse_local(value)
    except ValueError as error:
        raise click.BadParameter(str(error)) from None
    return value


cluster_option = click.option(
    "--cluster",
    metavar="ADDRESS",
    callback=_check_cluster,
    help=(
        "Render on a Dask cluster: one task per scene, sent to the scheduler at ADDRESS "
        "(e.g. tcp://10.0.0.5:8786), whose workers run netplane in their own checkout of the "
        "same commit; the files come back here. local:N starts N worker processes on this "
        "machine. Needs the extra: pip install -e '.[cluster]'. --jobs does not apply."
    ),
)


class ShardType(click.ParamType):
    """``K/N``: the K-th of N shares of the scenes."""

    name = "K/N"

    def convert(self, value, param, ctx):
        if isinstance(value, tuple):
            return value
        from netplane_render.shards import ShardError, parse_shard

        try:
            return parse_shard(value)
        except ShardError as error:
            self.fail(str(error), param, ctx)


def shard_options(function):
    """--shard K/N and --shard-times MANIFEST."""
    function = click.option(
        "--shard-times",
        "shard_times",
        type=click.Path(dir_okay=False, path_type=Path),
        metavar="MANIFEST",
        help=(
            "With --shard: the manifest.json whose render times balance the shares (e.g. the "
            "last published one) [default: OUT/<theme>/<quality>/manifest.json, if any]."
        ),
    )(function)
    return click.option(
        "--shard",
        type=ShardType(),
        help=(
            "Only the K-th of N shares of the scenes, for N jobs of a CI matrix: balanced by "
            "each scene's last render time (see --shard-times; every job must read the same "
            "times, or none), every scene in exactly one share. 'render.py publish' merges them."
        ),
    )(function)


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
    from netplane_render.catalog import UnknownIdError, resolve_ids

    registry = _registry()
    try:
        entries = resolve_ids(registry, ids)
    except UnknownIdError as error:
        raise click.ClickException(str(error)) from None
    names = list(dict.fromkeys(name for entry in entries for name in entry.experiments))
    if names:
        experiments = _project(
            "read the experiments (nn_core/experiments.py)",
            lambda: importlib.import_module("nn_core.experiments"),
        )
        from nn_core.serialization import NetworkFileError
        from nn_core.trained_store import read_trained

        for name in names:
            # a missing or stale trained file stops here, naming 'render.py train', not mid-render
            try:
                read_trained(experiments.get_experiment(name))
            except NetworkFileError as error:
                raise click.ClickException(str(error)) from None
    return registry, entries


def _preflight(folder: Path, cluster: str | None = None) -> None:
    from netplane_render.runner import PreflightError, check_latex, check_writable

    try:
        if cluster is None:  # on a cluster the workers typeset; each checks its own LaTeX
            check_latex()
        check_writable(folder)
    except PreflightError as error:
        raise click.ClickException(str(error)) from None


class _Interrupted(KeyboardInterrupt):
    pass


def _on_sigterm(signum, frame):
    raise _Interrupted


def _interruptible(
    run, message="interrupted: finished scenes are in place, unfinished ones were discarded"
):
    """Run ``run()`` with SIGTERM treated like Ctrl-C, so both clean up the same way."""
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        return run()
    except KeyboardInterrupt as interrupt:
        click.echo(message, err=True)
        sys.exit(143 if isinstance(interrupt, _Interrupted) else 130)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _on_cluster(run):
    """``run()``; a Dask cluster that cannot be used becomes a one-line error."""
    from netplane_render.runner import ClusterError

    try:
        return run()
    except ClusterError as error:
        raise click.ClickException(str(error)) from None


def _shard_entries(entries, shard, times: Path | None, folder: Path, console):
    """The share of ``entries`` that shard ``(k, n)`` renders (all of them without --shard),
    balanced by the render times in the manifest ``times`` (or ``folder``'s, if there is one)."""
    if shard is None:
        if times is not None:
            raise click.UsageError("--shard-times balances shards; give --shard K/N too")
        return entries
    from netplane_render.shards import ShardError, render_seconds, shard_share

    try:
        seconds = render_seconds(times) if times else render_seconds(folder / "manifest.json", {})
    except ShardError as error:
        raise click.ClickException(str(error)) from None
    k, n = shard
    share, seconds, total = shard_share(entries, k, n, seconds)
    ids = ", ".join(entry.id for entry in share) or "no scene"
    console.print(
        f"shard {k}/{n}: {len(share)} of {len(entries)} scenes, about {seconds:.0f} of "
        f"{total:.0f} s by the last render times: {ids}",
        soft_wrap=True,
        highlight=False,
        markup=False,
    )
    return share


def _typed(context: click.Context, parameter: str) -> bool:
    """Whether the user typed the option (rather than leaving its default)."""
    return context.get_parameter_source(parameter) is click.core.ParameterSource.COMMANDLINE


def _train_with_progress(plan, console):
    """The plan's network, trained under a monitor: progress on ``console`` and the budget."""
    with generator.training_monitor(plan, console) as monitor:
        return generator.train_generated(plan, monitor)


# --- commands ---------------------------------------------------------------------------------


@click.group(context_settings=CONTEXT)
def cli():
    """Render netplane's scenes for a blog post or a talk.

    \b
    Examples:
      python render.py list                         the scenes, in the article's order
      python render.py experiments                  the trained networks the scenes show
      python render.py train --check                retrain them in memory, compare with the files
      python render.py render                       every scene into media/dark/blog/
      python render.py render two-curves -q preview
      python render.py slides --theme light         an HTML deck in media/light/slides/deck/
      python render.py generate --data moons --arch 2-3-1 --hidden tanh
      python render.py render --cluster tcp://10.0.0.5:8786   on a Dask cluster's workers
      python render.py render --shard 1/3 --out shard-1       one of three CI jobs; then:
      python render.py publish shard-*/dark/blog            their shards as one folder
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
    """Show the trained networks the scenes read from nn_core/trained/.

    Prints name, data set, architecture, parameter count, accuracy and how it was trained. Nothing
    trains here: the networks are files kept in the repository ('render.py train' makes them).
    With --json, accuracy is a fraction from 0 to 1.

    \b
    Examples:
      python render.py experiments
      python render.py experiments --json
    """
    import json

    from netplane_render.catalog import experiment_rows

    rows = _project("read the trained experiments (nn_core/trained/)", experiment_rows)
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
        training = f"{row['steps']} {row['optimizer']} steps" if row["optimizer"] else "by hand"
        table.add_row(
            row["name"],
            row["dataset"],
            architecture,
            str(row["parameters"]),
            f"{row['accuracy']:.1%}",
            training,
        )
    _consoles()[0].print(table)


@cli.command()
@click.argument("names", nargs=-1, metavar="[NAME]...")
@click.option(
    "--check",
    is_flag=True,
    help="Retrain in memory and write nothing; exit 1 if a file is missing or stale, or an "
    "accuracy moved by more than --tolerance.",
)
@click.option(
    "--tolerance",
    type=click.FloatRange(min=0.0, max=1.0),
    default=0.02,
    show_default=True,
    help="How far (as a fraction: 0.02 is 2 points) an accuracy may move under --check.",
)
def train(names, check, tolerance):
    """Retrain experiments and store them in nn_core/trained/ (all when no NAME is given).

    Scenes never train: they read the networks stored here, so every machine renders the same
    videos. Retrain after changing an experiment in nn_core/experiments.py, then commit the
    files. For each experiment it prints the stored and the new accuracy and the largest change
    of any parameter. Training is deterministic on one machine; on another CPU a long run can
    end in another (equally good) network, which is why the results are kept as files.

    \b
    Examples:
      python render.py train two-layer-relu       retrain one experiment and rewrite its file
      python render.py train                      retrain and rewrite them all
      python render.py train --check              compare, write nothing (exit 1 on a drift)
    """
    from netplane_render.catalog import retraining_rows
    from nn_core.experiments import UnknownExperimentError

    experiments_module = _project(
        "read the experiments (nn_core/experiments.py)",
        lambda: importlib.import_module("nn_core.experiments"),
    )
    try:
        for name in names:
            experiments_module.get_experiment(name)
    except UnknownExperimentError as error:
        raise click.ClickException(str(error)) from None
    rows = _project("train the experiments", lambda: retraining_rows(names, write=not check))
    stdout = _consoles()[0]
    failures = []
    for row in rows:
        old = "none" if row["old_accuracy"] is None else f"{row['old_accuracy']:.1%}"
        change = "-" if row["largest_change"] is None else f"{row['largest_change']:.3g}"
        line = (
            f"{row['name']:<18} accuracy {old} -> {row['accuracy']:.1%}   "
            f"largest parameter change {change}   ({row['seconds']:.2f} s)"
        )
        if row["written"]:
            line += f"   file {row['written']}"
        stdout.print(line, soft_wrap=True, highlight=False, markup=False)
        if row["stored"] != "ok":
            stdout.print(f"  {row['stored']}", soft_wrap=True, highlight=False, markup=False)
        if check and (
            row["stored"] != "ok"
            or row["old_accuracy"] is None
            or abs(row["accuracy"] - row["old_accuracy"]) > tolerance + 1e-12
        ):
            failures.append(row["name"])
    if check:
        if failures:
            raise click.ClickException(
                f"{len(failures)} of {len(rows)} experiments drifted or are stale: "
                f"{', '.join(failures)} (tolerance {tolerance:.1%})"
            )
        summary = (
            f"{len(rows)} experiments reproduce their stored accuracy within {tolerance:.1%}; "
            "nothing written"
        )
    else:
        summary = f"{len(rows)} experiments stored in nn_core/trained/; commit the changed files"
    stdout.print(summary, highlight=False, markup=False)


@cli.command()
@ids_argument
@quality_option("blog")
@theme_option
@formats_option
@out_option
@jobs_option
@force_option
@cluster_option
@shard_options
def render(ids, quality, theme, formats, out, jobs, force, cluster, shard, shard_times):
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
      python render.py render --cluster tcp://10.0.0.5:8786    on a Dask cluster's workers
      python render.py render --cluster local:2                two Dask workers on this machine
      python render.py render --shard 2/3 --out shard-2         the second of three CI jobs
    """
    from netplane_render.runner import RenderOptions, print_summary, render_scenes

    registry, entries = _entries(ids)
    options = RenderOptions(QUALITIES[quality], theme, formats, out, jobs, force, cluster=cluster)
    stdout, stderr = _consoles()
    entries = _shard_entries(entries, shard, shard_times, options.folder, stderr)
    if not entries:
        return  # an empty share writes nothing; publish passes over its folder
    _preflight(options.folder, cluster)
    outcomes = _on_cluster(
        lambda: _interruptible(lambda: render_scenes(entries, registry, options, stderr))
    )
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
@cluster_option
@shard_options
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
def slides(ids, quality, theme, out, jobs, force, cluster, shard, shard_times, target, one_file):
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
      python render.py slides --cluster local:2     slides rendered by two Dask workers
    """
    from netplane_render.runner import RenderOptions, print_summary
    from netplane_render.slides import DeckError, build_deck

    registry, entries = _entries(ids)
    options = RenderOptions(QUALITIES[quality], theme, (), out, jobs, force, cluster=cluster)
    deck_folder = options.folder / "deck"
    stdout, stderr = _consoles()
    entries = _shard_entries(entries, shard, shard_times, options.folder, stderr)
    if not entries:
        return
    _preflight(deck_folder, cluster)
    try:
        outcomes, deck = _on_cluster(
            lambda: _interruptible(
                lambda: build_deck(entries, registry, options, target, stderr, one_file)
            )
        )
    except DeckError as error:
        raise click.ClickException(str(error)) from None
    print_summary(stdout, outcomes)
    if deck is not None:
        stdout.print(f"deck: {deck}", soft_wrap=True)
    if deck is None or any(outcome.status == "failed" for outcome in outcomes):
        sys.exit(1)


@cli.command("publish")
@click.argument(
    "folders",
    nargs=-1,
    required=True,
    metavar="DIR...",
    type=click.Path(file_okay=False, path_type=Path),
)
@out_option
def publish_shards(folders, out):
    """Merge shards rendered with --shard into OUT/<theme>/<quality>/, with one manifest.json,
    index.html and embed.md.

    Each DIR is the folder a shard rendered into (its OUT/<theme>/<quality>, holding its
    manifest.json); an empty DIR (a shard with no scenes) is passed over. The slides of
    'slides --shard' jobs are merged into the deck cache, and 'render.py slides' then builds
    the whole deck without rendering anything again. Shards rendered from
    different commits, themes, qualities or Manim versions are refused by name. Files are
    copied under temporary names and moved into place; the gallery lists the scenes in
    catalogue order.

    \b
    Examples:
      python render.py publish shard-1/dark/blog shard-2/dark/blog shard-3/dark/blog
      python render.py publish shards/* --out public/videos
    """
    from netplane_render.catalog import load_registry
    from netplane_render.shards import PublishError, merge_shards

    order = list(_project("read the scene registry (scenes/registry.py)", load_registry))
    try:
        merged = merge_shards(list(folders), out, order)
    except PublishError as error:
        raise click.ClickException(str(error)) from None
    except OSError as error:
        raise click.ClickException(f"cannot publish into {out}: {error}") from None
    stdout = _consoles()[0]

    def say(text: str) -> None:
        stdout.print(text, soft_wrap=True, highlight=False, markup=False)

    if merged["videos"]:
        folder, counts = merged["videos"]
        say(
            f"published {counts['scenes']} scenes from {counts['shards']} shards into {folder} "
            f"({counts['copied']} files copied)"
        )
        say(f"gallery: {folder / 'index.html'}")
    if merged["slides"]:
        folder, count = merged["slides"]
        theme, quality = folder.parent.name, folder.name
        say(
            f"slides of {count} scenes merged into {folder / '.deck-cache'}; build the deck "
            f"with: render.py slides --out {out} --theme {theme} --quality {quality} "
            "(nothing renders again)"
        )


@cli.command()
@click.option(
    "--data",
    required=True,
    metavar="NAME|FILE.csv",
    help=(
        "The data set: a built-in one (two-curves, hard-curves, xor, xor-noisy, circles, moons, "
        "spiral; with three classes spiral3, with K blobs blobs-K, K from 2 to 6) or a CSV "
        "file with one x1,x2,label row per point, labels 0 or 1 (0 to K-1 for K classes, at "
        "most 6), an optional header line."
    ),
)
@click.option(
    "--arch",
    metavar="SIZES",
    help=(
        "Layer sizes from input to output, e.g. 2-3-1: 2 inputs (the plane), 1 output. "
        "Required unless --network gives the network (then it is checked against the file)."
    ),
)
@click.option(
    "--network",
    "network_file",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE",
    help=(
        "Render this network instead of training one: a netplane .npz (from --save-network), "
        "or a model trained elsewhere: .onnx (PyTorch, Keras via tf2onnx, scikit-learn via "
        "skl2onnx), .safetensors (a PyTorch state_dict; --hidden/--output give its "
        "activations), .keras (Keras 3) or a .npz of a hand-written NumPy network's W1, b1, "
        "W2, b2, ... (--hidden/--output give its activations). "
        "The file gives the architecture and activations; a two-output softmax becomes one "
        "output. Portable: the same file renders the same video on any machine."
    ),
)
@click.option(
    "--layout",
    type=click.Choice(["rows", "columns"]),
    help=(
        "How a hand-written .npz network's W1, W2, ... are meant when their shapes chain both "
        "ways: rows (x @ W + b, points as rows) or columns (W @ x + b, points as columns)."
    ),
)
@click.option(
    "--standardize",
    is_flag=True,
    help=(
        "Rescale each input coordinate to mean 0 and standard deviation 1 before training and "
        "drawing (said on screen), for data far larger or smaller than a few units."
    ),
)
@click.option(
    "--save-network",
    "save_network_file",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE.npz",
    help="Also write the trained network to FILE, to render it again elsewhere with --network.",
)
@click.option(
    "--regions",
    is_flag=True,
    help=(
        "Colour the input plane by the network's prediction and carry that coloured lattice, "
        "and the decision boundary, through every layer with the points."
    ),
)
@click.option(
    "--training",
    is_flag=True,
    help=(
        "Show the network learning instead: the last hidden layer's space with the points and "
        "the output layer's separating line moving as the weights go from their random start "
        "to the trained values, beside the input plane's decision regions and the loss and "
        "accuracy curves. Not with --network (a network file has no training history)."
    ),
)
@click.option(
    "--hidden",
    "hidden_activation",
    type=click.Choice(generator.HIDDEN_ACTIVATIONS),
    default=generator.DEFAULTS["hidden_activation"],
    show_default=True,
    help="Activation of every hidden layer.",
)
@click.option(
    "--output",
    "output_activation",
    type=click.Choice(generator.OUTPUT_ACTIVATIONS),
    default=generator.DEFAULTS["output_activation"],
    show_default=True,
    help=(
        "Activation of the output layer: identity or sigmoid for one output (two classes); "
        "softmax for K outputs, one score per class (the default when --arch ends in K > 1)."
    ),
)
@click.option(
    "--loss",
    type=click.Choice(generator.LOSSES),
    default=generator.DEFAULTS["loss"],
    show_default=True,
    help=(
        "bce: binary cross-entropy on the output as a logit; mse: mean squared error; ce: "
        "softmax cross-entropy over K scores (the default when --arch ends in K > 1)."
    ),
)
@click.option(
    "--optimizer",
    type=click.Choice(generator.OPTIMIZERS),
    default=generator.DEFAULTS["optimizer"],
    show_default=True,
    help="Full-batch gradient descent, with momentum, Adam, or L-BFGS.",
)
@click.option(
    "--lr",
    "learning_rate",
    type=click.FloatRange(min=0, min_open=True),
    default=generator.DEFAULTS["learning_rate"],
    show_default=True,
    help="Learning rate (not used by lbfgs).",
)
@click.option(
    "--steps",
    type=click.IntRange(min=1),
    default=generator.DEFAULTS["steps"],
    show_default=True,
    help="Training steps (lbfgs: iterations).",
)
@click.option(
    "--seed",
    type=click.IntRange(min=0),
    default=generator.DEFAULTS["seed"],
    show_default=True,
    help="Seed of the initial weights; the same options give the same network to the bit.",
)
@click.option(
    "--weight-decay",
    type=click.FloatRange(min=0),
    default=generator.DEFAULTS["weight_decay"],
    show_default=True,
    help="L2 penalty on the weights; a little keeps each layer's move at a scale the plane shows.",
)
@click.option(
    "--name",
    help=(
        "Output file stem [default: from data set, architecture and activations, e.g. "
        "moons-2-3-1-tanh]. Characters other than letters, digits, '.', '_', '-' become '-'."
    ),
)
@click.option(
    "--show-points",
    type=click.IntRange(min=1),
    default=generator.SHOWN_POINTS,
    show_default=True,
    metavar="N",
    help=(
        "Draw at most N points: a larger data set trains and is scored on every point, and the "
        "video shows a sample that keeps each class's share and every point on the wrong side "
        "(said on screen)."
    ),
)
@click.option(
    "--max-minutes",
    type=click.FloatRange(min=0, min_open=True),
    metavar="N",
    help=(
        "Allow training and rendering to take up to N minutes each. Without it, training that "
        "would take more than 5 minutes (measured on its first steps) or a render estimated at "
        "more than 30 stops first and says what it would take."
    ),
)
@quality_option("blog")
@theme_option
@formats_option
@out_option
@force_option
@cluster_option
def generate(
    data,
    arch,
    network_file,
    layout,
    standardize,
    save_network_file,
    regions,
    training,
    hidden_activation,
    output_activation,
    loss,
    optimizer,
    learning_rate,
    steps,
    seed,
    weight_decay,
    name,
    show_points,
    max_minutes,
    quality,
    theme,
    formats,
    out,
    force,
    cluster,
):
    """Train any small network on any 2-D data set and render it layer by layer.

    Into OUT/<theme>/<quality>/custom/<name>.<format>: each layer's matrix moving the plane, its
    bias shifting it and its activation bending it. Hidden layers of width 2 stay in the plane,
    width 3 go into space, wider ones are shown through a projection the video names. The
    network trains here first (deterministically, from --seed), which prints its parameter count
    and the accuracy it reached; a bad option stops with one line before anything runs.

    Training is deterministic on one machine, but on another CPU it can end in another network:
    --save-network FILE keeps the trained network, and --network FILE renders a saved one
    without training, the same everywhere. --network also reads a model trained elsewhere
    (ONNX, PyTorch safetensors, Keras 3); it prints where the network came from and its
    accuracy on --data by netplane's own forward pass.

    The custom folder has its own manifest.json, index.html and embed.md. As with 'render', a
    network whose inputs did not change (the options, the CSV file's contents, the scene code,
    quality, theme) and whose files are all there is skipped unless --force; files move into
    place only when complete; exit code 1 if the render failed (its log is in custom/logs/).

    Long work shows progress (a bar on a terminal, a line every few seconds in a log) and asks
    before it spends: training estimated from its first steps at over 5 minutes, or a render
    estimated at over 30, stops with the estimate and the options (--max-minutes N allows it).
    A large data set trains on all its points; the video draws --show-points of them.

    \b
    Examples:
      python render.py generate --data moons --arch 2-3-1 --hidden tanh
      python render.py generate --data circles --arch 2-4-4-1 --steps 3000 -q preview
      python render.py generate --data spiral --arch 2-3-3-3-1 --hidden tanh --seed 2
      python render.py generate --data my_points.csv --arch 2-2-1 --name my-points -f mp4,gif
      python render.py generate --data moons --arch 2-3-1 --save-network moons.npz
      python render.py generate --data moons --network moons.npz
      python render.py generate --data moons --network model.onnx
      python render.py generate --data moons --network model.safetensors --hidden tanh
      python render.py generate --data moons --arch 2-3-1 --hidden tanh --regions
      python render.py generate --data hard-curves --arch 2-2-1 --training
      python render.py generate --data spiral3 --arch 2-16-3 --output softmax --regions
    """
    # Before NumPy loads: OpenBLAS's threads spin on the tiny matrix products of these networks.
    # On the 2-core development machine one thread trained 30 steps on 200,000 points in 6.5 s
    # wall and 0.8 s CPU, against 20 s and 4.2 s with its default threads; the results are
    # bit-identical. The render's child processes inherit it.
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    from netplane_render.runner import RenderOptions, print_summary

    _project(
        "read the experiments (nn_core/experiments.py)",
        lambda: importlib.import_module("nn_core.experiments"),
    )
    context = click.get_current_context()
    request = generator.GenerateRequest(
        data=data,
        arch=arch,
        network_file=network_file,
        standardize=standardize,
        save_network_file=save_network_file,
        regions=regions,
        training=training,
        hidden_activation=hidden_activation,
        output_activation=output_activation,
        loss=loss,
        optimizer=optimizer,
        learning_rate=learning_rate,
        steps=steps,
        seed=seed,
        weight_decay=weight_decay,
        name=name,
        show_points=show_points,
        max_minutes=max_minutes,
        layout=layout,
        typed=frozenset(
            parameter.name
            for parameter in context.command.params
            if _typed(context, parameter.name)
        ),
    )
    try:
        plan = generator.plan_generate(request)
    except generator.UsageProblem as error:
        raise click.UsageError(str(error)) from None
    except ValueError as error:  # ArchitectureError, DatasetError: the message names the problem
        raise click.ClickException(str(error)) from None
    registry = _registry()
    options = RenderOptions(
        QUALITIES[quality],
        theme,
        formats,
        out,
        jobs=1,
        force=force,
        subfolder=generator.CUSTOM_FOLDER,
        cluster=cluster,
    )
    _preflight(options.folder, cluster)

    stdout, stderr = _consoles()

    def say(label: str, value) -> None:
        stdout.print(f"{label:<11} {value}", soft_wrap=True, highlight=False, markup=False)

    read = generator.data_line(plan)
    if read is not None:
        say(*read)
    try:
        trained = _interruptible(
            lambda: _train_with_progress(plan, stderr),
            "interrupted: training stopped, nothing was rendered",
        )
        for label, value in generator.training_lines(trained):
            say(label, value)
        sample = generator.shown_sample(trained, plan.show_points)
        if not sample.is_everything:
            say("video", sample.summary())
        if plan.save_network_file is not None:
            say("saved", generator.save_trained_network(trained, plan.save_network_file))
        generator.check_render_budget(plan, trained, options.quality)
    except generator.GenerateError as error:
        raise click.ClickException(str(error)) from None
    outcomes = _on_cluster(
        lambda: _interruptible(
            lambda: generator.render_generated(plan, trained, registry, options, stderr)
        )
    )
    print_summary(stdout, outcomes, options.folder)
    if any(outcome.status == "failed" for outcome in outcomes):
        sys.exit(1)
    for fmt in options.outputs:
        stdout.print(
            f"{fmt}: {options.folder / f'{plan.name}.{fmt}'}", soft_wrap=True, markup=False
        )


@cli.command()
@click.argument("scene", metavar="ID|VIDEO")
@click.option(
    "--every",
    type=click.FloatRange(min=0.1),
    default=1.5,
    show_default=True,
    help="Seconds between frames (caption starts and the last frame are added).",
)
@click.option(
    "--columns",
    type=click.IntRange(min=1, max=8),
    default=3,
    show_default=True,
    help="Frames per row (each 640 px wide).",
)
@click.option(
    "--to",
    "target",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Where to write the PNG (default: OUT/<theme>/<quality>/storyboards/<ID>.png).",
)
@quality_option("blog")
@theme_option
@out_option
def storyboard(scene, every, columns, target, quality, theme, out):
    """Write one PNG of a rendered video's frames, each with its time, for reviewing it.

    Frames every --every seconds, at the start of every caption (from the .vtt beside the
    video, its first words shown) and the last frame, 640 px wide each. ID is a scene id whose
    video is in OUT/<theme>/<quality>/ (render it first with 'render.py render ID'), or the
    path of any .mp4 (a generated network's, say).

    \b
    Examples:
      python render.py storyboard two-layer-relu
      python render.py storyboard intro --every 1 -q preview
      python render.py storyboard media/dark/blog/custom/moons-2-3-1-tanh.mp4 --to moons.png
    """
    from netplane_render.storyboard import StoryboardError, write_storyboard

    folder = out / theme / quality
    if scene.endswith(".mp4"):
        video = Path(scene)
        name = video.stem
    else:
        _entries([scene])
        video, name = folder / f"{scene}.mp4", scene
        if not video.is_file():
            raise click.ClickException(
                f"no rendered video at {video}: run 'render.py render {scene} -q {quality} "
                f"--theme {theme}' first"
            )
    target = target or folder / "storyboards" / f"{name}.png"
    try:
        tiles = write_storyboard(video, target, every=every, columns=columns, title=name)
    except StoryboardError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"{target} ({len(tiles)} frames)")


if __name__ == "__main__":
    cli()
