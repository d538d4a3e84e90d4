"""Which iOS app opens a URL path, as Apple matches an `applinks` component list.

Apple walks an app's `components` in order and the first one whose `"/"` pattern matches the path
decides: `exclude: true` leaves the URL to the browser, otherwise the app opens it; a path no component
matches stays in the browser. In a pattern `*` matches any run of characters (none included) and `?`
exactly one; every other character matches itself (Apple, "applinks.details.components" and
"Supporting associated domains", read 2026-11). The plan lists an app's exclusions before its paths
(launchready.core.plan.app_links), so the same order is used here.
"""

from __future__ import annotations

from fnmatch import fnmatchcase

from launchready.core.spec.app_links import IosApp


def matches(component: str, path: str) -> bool:
    """Whether an Apple `"/"` pattern matches the whole path. fnmatch has the same `*` and `?`; its `[` sets
    are made literal. Its translation does not backtrack over runs of `*`, which matters because validate
    also matches patterns a server under test chose (validators/mobile/shapes.py)."""
    return fnmatchcase(path, component.replace("[", "[[]"))


def ordered_components(app: IosApp) -> tuple[tuple[str, bool], ...]:
    """(pattern, exclude) in the order the planned file lists them: exclusions first."""
    return tuple((path, True) for path in app.exclude) + tuple((path, False) for path in app.paths)


def deciding_component(app: IosApp, path: str) -> tuple[str, bool] | None:
    """The first component that matches the path, or None when none does."""
    return next((component for component in ordered_components(app) if matches(component[0], path)), None)


def opens(app: IosApp, path: str) -> bool:
    decided = deciding_component(app, path)
    return decided is not None and not decided[1]
