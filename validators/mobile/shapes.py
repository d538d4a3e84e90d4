"""The shapes of the two files, judged on parsed JSON of any shape (never assumed, never raising).

Apple (applinks, iOS 13+, read 2026-11): `{"applinks": {"details": [{"appIDs": [...], "components":
[...]}]}}`; the older `appID` + `paths` detail is still read by iOS. Google (Digital Asset Links, read
2026-11): a list of statements `{"relation": [...], "target": {"namespace": "android_app", "package_name":
..., "sha256_cert_fingerprints": [...]}}`.
"""

from __future__ import annotations

from typing import Any

from launchready.core.spec.app_link_paths import matches
from launchready.core.spec.app_links import FINGERPRINT, TEAM_ID


def details(parsed: Any) -> list[Any]:
    applinks = parsed.get("applinks") if isinstance(parsed, dict) else None
    found = applinks.get("details") if isinstance(applinks, dict) else None
    return found if isinstance(found, list) else []


def detail_ids(detail: Any) -> list[Any]:
    if not isinstance(detail, dict):
        return []
    ids = detail.get("appIDs", [])
    return (ids if isinstance(ids, list) else [ids]) + ([detail["appID"]] if "appID" in detail else [])


def apple_ids(parsed: Any) -> set[str]:
    return {app_id for detail in details(parsed) for app_id in detail_ids(detail) if isinstance(app_id, str)}


def app_id_ok(app_id: Any) -> bool:
    team, _, bundle = app_id.partition(".") if isinstance(app_id, str) else ("", "", "")
    return bool(TEAM_ID.match(team) and bundle)


def apple_problems(parsed: Any) -> list[str]:
    if not details(parsed):
        return ['no "applinks": {"details": [...]} list']
    problems = []
    for i, detail in enumerate(details(parsed)):
        ids = detail_ids(detail)
        if not ids:
            problems.append(f"details[{i}] names no appIDs")
        problems += [f"details[{i}] has the malformed app ID {str(a)[:40]!r}" for a in ids if not app_id_ok(a)]
        matchers = detail.get("components", detail.get("paths")) if isinstance(detail, dict) else None
        if not isinstance(matchers, list):
            problems.append(f"details[{i}] has no components list")
    return problems


def statements(parsed: Any) -> list[Any]:
    return parsed if isinstance(parsed, list) else []


def android_problems(parsed: Any) -> list[str]:
    if not isinstance(parsed, list):
        return ["the file is not a JSON list of statements"]
    problems = []
    for i, statement in enumerate(parsed):
        target = statement.get("target") if isinstance(statement, dict) else None
        relation = statement.get("relation") if isinstance(statement, dict) else None
        if not isinstance(relation, list) or not isinstance(target, dict):
            problems.append(f"statement [{i}] needs a relation list and a target")
            continue
        if target.get("namespace") == "android_app":
            problems += target_problems(i, target)
    return problems


def target_problems(i: int, target: dict[str, Any]) -> list[str]:
    problems = [] if isinstance(target.get("package_name"), str) else [f"statement [{i}] has no package_name"]
    prints = target.get("sha256_cert_fingerprints")
    if not isinstance(prints, list) or not prints:
        return [*problems, f"statement [{i}] has no sha256_cert_fingerprints list"]
    return problems + [f"statement [{i}] has the malformed fingerprint {str(p)[:20]!r}…" for p in prints
                       if not (isinstance(p, str) and FINGERPRINT.match(p))]


def android_targets(parsed: Any) -> dict[str, dict[str, set[str]]]:
    """package → fingerprint → the relations granted to it, over `android_app` targets only: Android's
    App Links verifier reads a statement for the app only when its target namespace is `android_app` and its
    relation list holds `delegate_permission/common.handle_all_urls` (Android developers, "Verify Android App
    Links", read 2026-12); a statement of another namespace or relation grants the app nothing here."""
    found: dict[str, dict[str, set[str]]] = {}
    for statement in statements(parsed):
        target = statement.get("target") if isinstance(statement, dict) else None
        relations = statement.get("relation") if isinstance(statement, dict) else None
        if not isinstance(target, dict) or target.get("namespace") != "android_app" or not isinstance(
                target.get("package_name"), str) or not isinstance(relations, list):
            continue
        prints = target.get("sha256_cert_fingerprints")
        granted = {r for r in relations if isinstance(r, str)}
        for fp in (p.upper() for p in (prints if isinstance(prints, list) else []) if isinstance(p, str)):
            found.setdefault(target["package_name"], {}).setdefault(fp, set()).update(granted)
    return found


def apple_components(parsed: Any) -> dict[str, list[dict[str, Any]]]:
    """app ID → its components in the order iOS reads them: every detail naming the ID, in file order; the
    older `paths` strings read as components ("NOT /x" excludes /x; Apple, "applinks.details", read 2026-11)."""
    found: dict[str, list[dict[str, Any]]] = {}
    for detail in details(parsed):
        matchers = detail.get("components", detail.get("paths")) if isinstance(detail, dict) else None
        listed = [component(m) for m in (matchers if isinstance(matchers, list) else [])]
        for app_id in (a for a in detail_ids(detail) if isinstance(a, str)):
            found.setdefault(app_id, []).extend(c for c in listed if c is not None)
    return found


def component(matcher: Any) -> dict[str, Any] | None:
    if isinstance(matcher, dict):
        return matcher
    if isinstance(matcher, str):
        return {"/": matcher[4:], "exclude": True} if matcher.startswith("NOT ") else {"/": matcher}
    return None


def unclaimed(planned: str, served: list[dict[str, Any]]) -> str | None:
    """Why the planned path pattern is not opened by the app, or None when the first served component that
    covers it claims it. A served component with a query ("?") or fragment ("#") condition covers only some
    URLs, so it neither claims nor excludes the whole pattern; iOS goes on to the next one."""
    for served_component in served:
        pattern = served_component.get("/")
        if not isinstance(pattern, str) or "?" in served_component or "#" in served_component:
            continue
        if covers(pattern, planned):
            if served_component.get("exclude") is True:
                return f"{planned} (an earlier component covering it has \"exclude\": true)"
            return None
    return f"{planned} (no component claims it)"


def covers(pattern: str, planned: str) -> bool:
    """Whether a served `"/"` pattern covers the planned one, by Apple's wildcards (the spec's one matcher)."""
    return matches(pattern, planned)
