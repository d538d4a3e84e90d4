"""Mixed content classified as the W3C Mixed Content spec says browsers do, from parsed HTML."""

from __future__ import annotations

import pytest

from validators.mobile.mixed import classify

PAGE = "https://example.com/shop/"


@pytest.mark.parametrize(("html", "blockable"), [
    ('<script src="http://cdn.example.org/a.js"></script>', "<script src> http://cdn.example.org/a.js"),
    ('<link rel="stylesheet" href="http://cdn.example.org/a.css">', "<link rel=stylesheet> http://cdn.example.org/a.css"),
    ('<link rel="preload icon" href="http://cdn.example.org/f.woff2">', "<link rel=icon preload> http://cdn.example.org/f.woff2"),
    ('<iframe src="http://video.example.org/embed"></iframe>', "<iframe src> http://video.example.org/embed"),
    ('<form action="http://example.com/login" method="post"></form>', "<form action> http://example.com/login"),
    ('<object data="http://example.org/x.swf"></object>', "<object data> http://example.org/x.swf"),
    ('<base href="http://cdn.example.org/"><script src="app.js"></script>', "<script src> http://cdn.example.org/app.js"),
])
def test_blockable_loads_are_found(html: str, blockable: str) -> None:
    found = classify(html, PAGE, "")
    assert found.blockable == (blockable,) and not found.upgraded_by_csp


@pytest.mark.parametrize(("html", "upgradeable"), [
    ('<img src="http://img.example.org/a.png">', "<img src> http://img.example.org/a.png"),
    ('<img srcset="/a.png 1x, http://img.example.org/b.png 2x">', "<img srcset> http://img.example.org/b.png"),
    ('<video poster="http://img.example.org/p.jpg"></video>', "<video poster> http://img.example.org/p.jpg"),
    ('<audio><source src="http://media.example.org/a.mp3"></audio>', "<source src> http://media.example.org/a.mp3"),
])
def test_images_audio_and_video_are_upgradeable(html: str, upgradeable: str) -> None:
    found = classify(html, PAGE, "")
    assert found.upgradeable == (upgradeable,) and found.blockable == ()


def test_https_relative_links_and_text_are_not_mixed() -> None:
    html = ('<a href="http://example.org/">a link is a navigation</a><script src="/a.js"></script>'
            '<script>var u = "http://example.org/not-a-load.js";</script><img src="//img.example.org/a.png">'
            '<p>src="http://example.org/x.js"</p><link rel="canonical" href="http://example.com/">')
    found = classify(html, PAGE, "")
    assert found.blockable == () and found.upgradeable == ()


@pytest.mark.parametrize(("header", "meta"), [
    ("default-src https:; upgrade-insecure-requests", ""),
    ("", '<meta http-equiv="Content-Security-Policy" content="upgrade-insecure-requests">'),
])
def test_upgrade_insecure_requests_is_the_fix(header: str, meta: str) -> None:
    found = classify(f'<head>{meta}</head><script src="http://cdn.example.org/a.js"></script>', PAGE, header)
    assert found.upgraded_by_csp and found.blockable


def test_a_report_only_directive_of_another_name_is_not_the_fix() -> None:
    assert not classify("<p>", PAGE, "block-all-mixed-content; upgrade-insecure-requests-x").upgraded_by_csp


def test_own_stylesheets_and_scripts_are_listed_for_the_compression_check() -> None:
    html = ('<link rel="stylesheet" href="/site.css"><link rel="icon" href="/favicon.ico">'
            '<script src="https://example.com/app.js"></script><script src="https://cdn.example.org/lib.js"></script>'
            '<script src="http://example.com/old.js"></script>')
    assert classify(html, PAGE, "").assets == ("https://example.com/site.css", "https://example.com/app.js")
