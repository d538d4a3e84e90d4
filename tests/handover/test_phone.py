"""The HTML handover in Debian's headless Chromium at a phone's width (390 x 844 CSS pixels):
it renders, shows its content and styling, and nothing is wider than the screen."""

from __future__ import annotations

import html
import json
import re
import subprocess
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from launchready.cli import app
from tests.conftest import require_binary

pytestmark = pytest.mark.debian

STACK = Path(__file__).with_name("Pulumi.handover.yaml")
RESULTS = Path(__file__).with_name("validate_handover.json")
WIDTH, HEIGHT = 390, 844
ACCENT = (0xF3, 0x80, 0x20)
"""The section rule colour from the inline CSS: seeing it proves the stylesheet applied."""


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    binary = require_binary("chromium", "chromium")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             f"--user-data-dir={tmp_path / 'profile'}", f"--window-size={WIDTH},{HEIGHT}"]
    return subprocess.run([binary, *flags, *args], capture_output=True, text=True, timeout=90)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "handover.html"
    result = CliRunner().invoke(app, ["report", "--stack-file", str(STACK), "--results", str(RESULTS),
                                      "--format", "html", "--output", str(path)])
    assert result.exit_code == 0, result.output
    return path


def test_screenshot_at_phone_width_shows_styled_content(page: Path, tmp_path: Path) -> None:
    shot = tmp_path / "phone.png"
    result = chromium(tmp_path, f"--screenshot={shot}", page.as_uri())
    assert result.returncode == 0, result.stderr[-2000:]
    assert "CONSOLE" not in result.stderr
    with Image.open(shot) as image:
        assert image.size == (WIDTH, HEIGHT)
        rgb = image.convert("RGB")
        pixels = [rgb.getpixel((x, y)) for y in range(0, HEIGHT, 2) for x in range(0, WIDTH, 2)]
    colours = Counter(pixels)
    background, share = colours.most_common(1)[0][0], colours.most_common(1)[0][1] / len(pixels)
    assert background == (255, 255, 255) and share < 0.95, "the page is (nearly) blank"
    assert len(colours) > 50, "no anti-aliased text was drawn"
    assert any(max(abs(a - b) for a, b in zip(pixel, ACCENT, strict=True)) < 24 for pixel in colours), \
        "the inline stylesheet did not apply (no accent rule)"


def test_dom_holds_the_handover(page: Path, tmp_path: Path) -> None:
    result = chromium(tmp_path, "--dump-dom", page.as_uri())
    assert result.returncode == 0
    dom = result.stdout
    assert "<h1>Handover: example.com</h1>" in dom
    for section in ("DNS records", "Rollback", "What to watch in the first 72 hours", "Validation results"):
        assert f"<h2>{section}</h2>" in dom
    assert 'data-label="TTL">3600s</td>' in dom


def overflow(document: str, tmp_path: Path) -> dict[str, object]:
    """Load `document` in a 390-px frame (srcdoc, so the probe may read it) and measure it.
    Headless Chromium lays a top-level page out at least 500 px wide, hence the frame."""
    probe = (
        '<!doctype html><body style="margin:0"><iframe id="f" style="border:0" '
        f'width="{WIDTH}" height="{HEIGHT}" srcdoc="{html.escape(document, quote=True)}"></iframe><script>'
        'const f=document.getElementById("f");f.addEventListener("load",()=>{const d=f.contentDocument,'
        'w=f.contentWindow,wide=[...d.querySelectorAll("body *")].filter(e=>e.getBoundingClientRect().right>'
        'w.innerWidth+0.5).map(e=>e.tagName.toLowerCase());document.body.setAttribute("data-probe",'
        'JSON.stringify({scroll:d.documentElement.scrollWidth,inner:w.innerWidth,wide:wide}))});</script></body>'
    )
    (tmp_path / "probe.html").write_text(probe)
    result = chromium(tmp_path, "--dump-dom", (tmp_path / "probe.html").as_uri())
    found = re.search(r'data-probe="([^"]*)"', result.stdout)
    assert found, result.stdout[-500:]
    measured: dict[str, object] = json.loads(html.unescape(found.group(1)))
    return measured


def test_nothing_is_wider_than_the_phone(page: Path, tmp_path: Path) -> None:
    measured = overflow(page.read_text(), tmp_path)
    assert measured["inner"] == WIDTH
    assert measured["wide"] == [] and int(str(measured["scroll"])) <= WIDTH, measured


def test_the_probe_sees_an_element_that_overflows(page: Path, tmp_path: Path) -> None:
    wide = page.read_text().replace("</main>", '<div style="width:800px">too wide</div></main>')
    measured = overflow(wide, tmp_path)
    assert "div" in measured["wide"] and int(str(measured["scroll"])) > WIDTH  # type: ignore[operator]
