"""--wait notes (a server that never failed answered as planned; one that recovered converged on a poll),
and the event loop and garbage-collection settings the checks run with."""

from __future__ import annotations

import pytest

from launchready.core.errors import InputError
from launchready.core.findings import Finding, Subject, failed, passed
from validators.runner import FAMILIES, Convergence, select_families

STEADY, FLAKY = "127.0.0.1:5301", "127.0.0.1:5302"


def poll(flaky_fails: bool) -> list[Finding]:
    steady = passed("dns.answer", "example.com", "answers 192.0.2.1", Subject(type="A", resolver=STEADY))
    where = Subject(type="A", resolver=FLAKY)
    flaky = (failed("dns.stale", "example.com", "answers an old address", where) if flaky_fails
             else passed("dns.answer", "example.com", "answers 192.0.2.1", where))
    return [steady, flaky]


def test_notes_tell_never_failing_from_recovered_servers() -> None:
    convergence = Convergence()
    for at, flaky_fails in enumerate([False, True, False]):
        convergence.record(poll(flaky_fails), float(at))
    assert convergence.notes(10, 2.0) == (
        "polled 3 time(s) within --wait 10s (fresh queries each time)",
        f"{STEADY} answered as planned from the first poll",
        f"{FLAKY} converged on poll 3, after 2.0s",
    )


def test_checks_run_with_fewer_collections_and_the_settings_come_back() -> None:
    """run_loop freezes what exists and sets its own young threshold while the checks run (a third of a
    portfolio run's CPU went to the cycle collector), lower or higher than the caller's, then puts both back."""
    import gc

    from validators.runner import YOUNG_THRESHOLD, run_loop

    async def during() -> tuple[int, int]:
        return gc.get_threshold()[0], gc.get_freeze_count()

    for caller in (700, 200_000):  # CPython's default, and a caller's higher one (the CLI's start-up)
        before = gc.get_threshold()
        gc.set_threshold(caller, *before[1:])
        try:
            young, frozen = run_loop(during())
            assert young == YOUNG_THRESHOLD and frozen > 0
            assert gc.get_threshold()[0] == caller and gc.get_freeze_count() == 0
        finally:
            gc.set_threshold(*before)


def test_checks_run_on_uvloop_where_it_is_installed_and_on_asyncio_without_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """uvloop is a dependency on Linux and macOS; without it (or on Windows) asyncio's own loop runs them."""
    import asyncio

    from validators import runner

    async def loop_module() -> str:
        return type(asyncio.get_running_loop()).__module__

    assert runner.run_loop(loop_module()).startswith("uvloop")
    monkeypatch.setattr(runner, "loop_factory", lambda: None)
    assert runner.run_loop(loop_module()).startswith("asyncio")


def test_on_windows_the_checks_get_the_selector_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows' default Proactor loop has no add_reader, which the UDP exchange waits on."""
    import asyncio

    from validators import runner

    monkeypatch.setattr(runner.sys, "platform", "win32")
    assert runner.loop_factory() is asyncio.SelectorEventLoop


@pytest.mark.parametrize(("only", "words"), [
    ("", "--only is empty: give one or more of dns, http, tls, email, dnssec, mobile"),
    ("  ", "--only is empty"),
    (" , ,", "--only ' , ,' names no check family: give one or more of dns"),
    ("htp,tls", "unknown check family htp (did you mean http?)"),
    ("dnssek", "unknown check family dnssek (did you mean dnssec?)"),
])
def test_only_that_names_no_family_is_refused(only: str, words: str) -> None:
    with pytest.raises(InputError) as raised:
        select_families(only)
    assert words in str(raised.value)


def test_only_ignores_case_and_repeats() -> None:
    assert select_families("DNS,dns, Http") == ("dns", "http")
    assert select_families(None) == tuple(FAMILIES)
