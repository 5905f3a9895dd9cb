"""The gallery and the slide deck in a real browser: Debian's chromium, driven by playwright.

playwright's own browser download does not work here, so the tests launch /usr/bin/chromium
(``./netplane test`` installs it). Without it they are skipped, except in CI, where they fail.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from netplane_render import tracks
from tests.test_render_cli import REAL_IDS, invoke, real_render, tiny  # noqa: F401 - fixtures

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

LOAD_EACH_FILE = """async (names) => {
  const results = {};
  for (const name of names) {
    const video = document.createElement("video");
    video.preload = "metadata";
    video.muted = true;
    const loaded = new Promise((resolve) => {
      video.onloadedmetadata = () => resolve([video.duration, null]);
      video.onerror = () => resolve([0, video.error ? video.error.code : -1]);
    });
    video.src = name;
    results[name] = await loaded;
  }
  return results;
}"""


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: ./netplane test installs the chromium package")
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield browser
        browser.close()


def offline_page(browser):
    """A page that may read files but reaches no network: the pages must work from disk."""
    page = browser.new_page()
    page.route("http*://**", lambda route: route.abort())
    return page


def test_gallery_videos_load_with_a_duration(browser, real_render):  # noqa: F811
    result, folder = real_render
    assert result.exit_code == 0, result.output
    page = offline_page(browser)
    page.goto((folder / "index.html").as_uri())
    page.wait_for_function(
        "[...document.querySelectorAll('video')].every(v => v.readyState >= 1 || v.error)",
        timeout=30_000,
    )
    videos = page.evaluate(
        "[...document.querySelectorAll('video')].map(v => ({src: v.currentSrc, "
        "duration: v.duration, error: v.error && v.error.code, poster: v.poster}))"
    )
    assert len(videos) == len(REAL_IDS)
    for video in videos:
        assert video["error"] is None, video
        assert video["duration"] > 0, video
        assert video["poster"].endswith(".png")
    # Every file on its own, not just the source the browser picked
    names = [f"{scene_id}.{ext}" for scene_id in REAL_IDS for ext in ("mp4", "webm")]
    for name, (duration, error) in page.evaluate(LOAD_EACH_FILE, names).items():
        assert error is None and duration > 0, name
    posters = page.evaluate(
        """async (names) => Promise.all(names.map((name) => new Promise((resolve) => {
             const image = new Image();
             image.onload = () => resolve(image.naturalWidth);
             image.onerror = () => resolve(0);
             image.src = name;
           })))""",
        [f"{scene_id}.{ext}" for scene_id in REAL_IDS for ext in ("png", "gif")],
    )
    assert all(width == 854 for width in posters), posters
    page.close()


def test_gallery_videos_expose_their_steps_as_text_tracks(browser, real_render):  # noqa: F811
    _, folder = real_render
    page = offline_page(browser)
    page.goto((folder / "index.html").as_uri())
    page.wait_for_function(
        "[...document.querySelectorAll('video')].every(v => v.textTracks.length === 2 "
        "&& v.textTracks[0].cues && v.textTracks[0].cues.length > 0)",
        timeout=30_000,
    )
    for scene_id in REAL_IDS:
        expected = tracks.cues_from_vtt((folder / f"{scene_id}.vtt").read_text())
        shown = page.evaluate(
            """async (id) => {
                 const video = document.querySelector(`#${id} video`);
                 const [captions, descriptions] = video.textTracks;
                 descriptions.mode = "hidden";  // loads its cues without drawing them
                 await new Promise((resolve) => setTimeout(resolve, 200));
                 video.currentTime = 3;
                 await new Promise((resolve) => video.onseeked = resolve);
                 return {
                   kinds: [captions.kind, descriptions.kind],
                   mode: captions.mode,
                   cues: [...captions.cues].map((cue) => [cue.startTime, cue.endTime, cue.text]),
                   described: descriptions.cues.length,
                   active: [...captions.activeCues].map((cue) => cue.text),
                 };
               }""",
            scene_id,
        )
        assert shown["kinds"] == ["captions", "descriptions"]
        assert shown["mode"] == "showing", "the captions are on by default: the videos are silent"
        assert [text for _, _, text in shown["cues"]] == [cue.text for cue in expected]
        for (start, end, _), cue in zip(shown["cues"], expected, strict=True):
            assert (start, end) == (pytest.approx(cue.start), pytest.approx(cue.end))
        assert shown["described"] == len(expected)
        assert shown["active"] == [cue.text for cue in expected if cue.start <= 3 < cue.end]
    page.close()


def test_deck_runs_offline(browser, tiny):  # noqa: F811
    _, out = tiny
    result = invoke("slides", "tiny-square", "tiny-circle", "-q", "preview", "--out", out)
    assert result.exit_code == 0, result.output
    page = offline_page(browser)
    page.goto((out / "dark" / "preview" / "deck" / "deck.html").as_uri())
    page.wait_for_function("window.Reveal && Reveal.isReady()", timeout=30_000)
    assert page.evaluate("Reveal.getTotalSlides()") == 4
    page.wait_for_function(
        "(() => { const v = Reveal.getCurrentSlide().slideBackgroundElement"
        ".querySelector('video'); return v && v.readyState >= 1; })()",
        timeout=30_000,
    )
    duration = page.evaluate(
        "Reveal.getCurrentSlide().slideBackgroundElement.querySelector('video').duration"
    )
    assert duration > 0
    # The navigation arrows keep clear of the lower-right corner, where the legend is.
    controls = page.evaluate(
        "(() => { const r = document.querySelector('.reveal .controls').getBoundingClientRect();"
        " return [r.left, r.right, r.bottom, window.innerWidth, window.innerHeight]; })()"
    )
    left, right, bottom, width, height = controls
    assert right < width / 4 and bottom > height * 3 / 4, controls
    page.keyboard.press("ArrowRight")
    assert page.evaluate("Reveal.getIndices().h") == 1
    page.close()
