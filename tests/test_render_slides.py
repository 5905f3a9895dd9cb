"""render.py slides: a deck from the tiny scenes, as offline HTML, PowerPoint and PDF."""

from __future__ import annotations

import json
import re

import pytest

from tests.test_render_cli import invoke, tiny  # noqa: F401 - tiny is a fixture

# TinySquare has two slide_break() calls, so three slides; TinyCircle has one slide.
SLIDES = 4


@pytest.fixture
def deck(tiny):  # noqa: F811 - the fixture imported above
    _, out = tiny
    result = invoke("slides", "tiny-square", "tiny-circle", "-q", "preview", "--out", out)
    assert result.exit_code == 0, result.output
    return out / "dark" / "preview" / "deck", out, result


def test_html_deck_is_one_offline_file(deck):
    folder, _, result = deck
    page = (folder / "deck.html").read_text()
    assert f"deck: {folder / 'deck.html'}" in result.output.replace("\n", "")
    # (counted by their videos: reveal.js's markdown plugin, inlined for the notes, holds
    # "<section" too)
    assert page.count("<section data-background") == SLIDES
    assert page.count('data-background-video="data:video/mp4;base64,') == SLIDES
    # reveal.js is inlined: no script or stylesheet is fetched from anywhere
    assert not re.search(r"<(script|link)[^>]+(src|href)=\"https?:", page)
    assert "Reveal.initialize" in page
    assert [p.name for p in folder.iterdir() if p.is_file()] == ["deck.html"]
    # The sentences a scene narrates on a slide are that slide's speaker notes
    for sentence in ("A yellow square is drawn.", "It turns.", "It shrinks to half."):
        assert f'<aside class="notes" data-markdown="">{sentence}' in page


def test_unchanged_scenes_are_not_rendered_again(deck):
    _, out, _ = deck
    result = invoke("slides", "tiny-square", "tiny-circle", "-q", "preview", "--out", out)
    assert result.exit_code == 0, result.output
    assert "2 skipped" in result.output
    hashes = json.loads((out / "dark" / "preview" / ".deck-cache" / "hashes.json").read_text())
    assert set(hashes) == {"tiny-square", "tiny-circle"}


def test_pptx_and_pdf(deck):
    from pptx import Presentation

    folder, out, _ = deck
    for target in ("pptx", "pdf"):
        result = invoke(
            "slides", "tiny-square", "tiny-circle", "-q", "preview", "--to", target, "--out", out
        )
        assert result.exit_code == 0, result.output
        assert "2 skipped" in result.output
    assert len(Presentation(str(folder / "deck.pptx")).slides) == SLIDES
    pages = re.findall(rb"/Type\s*/Page(?![a-z])", (folder / "deck.pdf").read_bytes())
    assert len(pages) == SLIDES


def test_failing_scene_is_left_out_of_the_deck(tiny):  # noqa: F811
    _, out = tiny
    result = invoke("slides", "tiny-circle", "broken", "-q", "preview", "--out", out)
    assert result.exit_code == 1
    assert "broken failed: ValueError: this scene is broken on purpose" in result.output
    page = (out / "dark" / "preview" / "deck" / "deck.html").read_text()
    assert page.count("<section") == 1


def test_html_deck_without_npm_says_how_to_get_it(tiny, tmp_path, monkeypatch):  # noqa: F811
    import shutil

    from netplane_render import slides

    _, out = tiny
    monkeypatch.setattr(slides, "CACHE_ROOT", tmp_path / "empty-cache")
    tools = tmp_path / "bin"
    tools.mkdir()
    for tool in ("latex", "dvisvgm"):
        (tools / tool).symlink_to(shutil.which(tool))
    result = invoke(
        "slides", "tiny-circle", "-q", "preview", "--out", out, env={"PATH": str(tools)}
    )
    assert result.exit_code == 1
    assert "Error: an offline HTML deck needs reveal.js" in result.output
    assert "apt-get install npm" in result.output
    assert not (out / "dark" / "preview" / "deck" / "deck.html").exists()


def test_html_deck_as_a_folder(deck):
    folder, out, _ = deck
    result = invoke(
        "slides", "tiny-square", "tiny-circle", "-q", "preview", "--folder", "--out", out
    )
    assert result.exit_code == 0, result.output
    page = (folder / "deck.html").read_text()
    videos = re.findall(r'data-background-video="([^"]+)"', page)
    assert len(videos) == SLIDES
    for video in videos:
        assert video.startswith("deck_assets/") and (folder / video).is_file()
    scripts = re.findall(r'<script src="(deck_assets/[^"]+)"', page)
    assert "deck_assets/reveal.js" in scripts
    assert all((folder / src).is_file() for src in scripts)
