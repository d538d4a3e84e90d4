"""mobile.app_links.*: each planned app-link file, fetched as Apple's CDN and Google's verifier fetch it.

Apple (read 2026-11): served over HTTPS with no redirect, `Content-Type: application/json`, at most
128 KB uncompressed; the components for the app ID are matched in order, first match wins. Google (read
2026-12): 200 with no redirect, `Content-Type: application/json`, a JSON statement list whose `android_app`
target names the package and its certificate fingerprints and whose relation holds handle_all_urls. Check
ids: status, content_type, size, json, shape, apps (each prefixed `mobile.app_links.`).
"""

from __future__ import annotations

import json
from typing import Any

from launchready.core.errors import InputError
from launchready.core.findings import Finding, Severity, Subject, failed, first_few, passed
from launchready.core.inputs.jsondoc import load_json
from launchready.core.plan.app_links_model import APPLE_SIZE_LIMIT, CONTENT_TYPE, AppLinkDocument, AppLinksPlan
from launchready.core.spec.app_links import HANDLE_ALL_URLS
from validators.mobile.bounded import Response, decoded
from validators.mobile.shapes import android_problems, android_targets, apple_components, apple_problems, unclaimed
from validators.web.policy import shown

PREFIX = "mobile.app_links"


def judge(plan: AppLinksPlan, document: AppLinkDocument, response: Response) -> list[Finding]:
    """Every verdict on one file; later checks run only when the earlier ones let them."""
    subject = Subject(url=document.url, expected=CONTENT_TYPE)
    first = status(document, response, subject)
    if first.severity is not Severity.INFO:
        return [first]
    findings = [first, content_type(document, response, subject)]
    body, too_big, problem = decoded(response, APPLE_SIZE_LIMIT)
    if problem or body is None:
        return [*findings, failed(f"{PREFIX}.json", document.host, f"{document.url}: {problem}", subject)]
    findings.append(size(document, body, too_big, subject))
    if too_big:
        return findings
    parsed = parse(document, body, subject)
    if isinstance(parsed, Finding):
        return [*findings, parsed]
    valid = passed(f"{PREFIX}.json", document.host, f"{document.url} is UTF-8 JSON", subject)
    return [*findings, valid, *contents(plan, document, parsed, subject)]


def status(document: AppLinkDocument, response: Response, subject: Subject) -> Finding:
    check, url = f"{PREFIX}.status", document.url
    if response.error:
        return failed(check, document.host, f"{url} did not answer ({response.error}); the verifiers see no file "
                      "and the app's links open in the browser", subject)
    if response.refused:
        return failed(check, document.host, f"{url} {response.refused}; Apple's CDN and Android's verifier follow "
                      "no redirect either: serve the file on this host itself", subject, observed=response.status)
    if response.location:
        target = shown(response.location)
        return failed(check, document.host, f"{url} redirects ({response.status}) to {target}; Apple's "
                      "CDN and Android's verifier do not follow redirects. Serve the file on this host itself "
                      "(the planned redirect rules spare it)", subject, observed=response.status)
    if response.status != 200:
        return failed(check, document.host, f"{url} answered {response.status}, not 200; serve the file from "
                      "`launchready applinks --write DIR`", subject, observed=response.status)
    return passed(check, document.host, f"{url} answered 200 on the first request", subject)


def content_type(document: AppLinkDocument, response: Response, subject: Subject) -> Finding:
    check, shown = f"{PREFIX}.content_type", response.header("content-type")[:80] or "none"
    if response.media_type != CONTENT_TYPE:
        return failed(check, document.host, f"{document.url} is served as {shown}; it must be {CONTENT_TYPE} "
                      "(set it for this path on the origin, the file has no extension)", subject, observed=shown)
    return passed(check, document.host, f"{document.url} is {CONTENT_TYPE}", subject)


def size(document: AppLinkDocument, body: bytes, too_big: bool, subject: Subject) -> Finding:
    check = f"{PREFIX}.size"
    if too_big:
        return failed(check, document.host, f"{document.url} is over {APPLE_SIZE_LIMIT // 1024} KB uncompressed "
                      "(Apple's limit; read stopped there); trim it", subject)
    return passed(check, document.host, f"{document.url} is {len(body)} bytes (limit {APPLE_SIZE_LIMIT})", subject)


def parse(document: AppLinkDocument, body: bytes, subject: Subject) -> Any:
    """The file read by the one JSON reader (launchready.core.inputs.jsondoc: RFC 8259 only, so no NaN,
    Infinity or 1e99999, which Python reads and the phones' parsers refuse; nesting and numbers bounded),
    or the finding that says where it is not JSON."""
    check, fix = f"{PREFIX}.json", "serve the planned file (launchready applinks --write DIR)"
    try:
        return load_json(body.decode("utf-8"), document.url, fix)
    except UnicodeDecodeError as error:
        return failed(check, document.host, f"{document.url} is not UTF-8 (byte {error.start}); {fix}", subject)
    except InputError as error:
        return failed(check, document.host, str(error), subject)


def contents(plan: AppLinksPlan, document: AppLinkDocument, parsed: Any, subject: Subject) -> list[Finding]:
    host, url = document.host, document.url
    problems = apple_problems(parsed) if document.kind == "apple" else android_problems(parsed)
    shape = (failed(f"{PREFIX}.shape", host, f"{url}: " + first_few(problems, separator="; "), subject)
             if problems else passed(f"{PREFIX}.shape", host, f"{url} has the {document.kind} format", subject))
    missing = missing_apps(plan, document, parsed)
    apps = (failed(f"{PREFIX}.apps", host, f"{url} does not grant {first_few(missing, separator='; ')}; "
                   "those links stop opening the app. Serve the planned file (launchready applinks)", subject,
                   observed=missing)
            if missing else passed(f"{PREFIX}.apps", host, f"{url} grants every declared app its links", subject))
    return [shape, apps]


def missing_apps(plan: AppLinksPlan, document: AppLinkDocument, parsed: Any) -> list[str]:
    """What the served file fails to grant, compared with the planned file (document.body, our own text)."""
    planned = json.loads(document.body)
    if document.kind == "apple":
        return missing_apple(plan, apple_components(planned), apple_components(parsed))
    return missing_android(plan, android_targets(planned), android_targets(parsed))


def missing_apple(plan: AppLinksPlan, planned: dict[str, list[dict[str, Any]]],
                  served: dict[str, list[dict[str, Any]]]) -> list[str]:
    """Each planned app ID must be named, and each planned path pattern it opens must be claimed by the
    first served component that covers it (Apple: "the first match wins", read 2026-11)."""
    missing = []
    for app_id in plan.app_ids:
        if app_id not in served:
            missing.append(app_id)
            continue
        wanted = [c["/"] for c in planned.get(app_id, []) if c.get("exclude") is not True and "/" in c]
        missing += [f"{app_id} path {why}" for why in (unclaimed(p, served[app_id]) for p in wanted) if why]
    return missing


def missing_android(plan: AppLinksPlan, planned: dict[str, dict[str, set[str]]],
                    served: dict[str, dict[str, set[str]]]) -> list[str]:
    """Each planned fingerprint must be granted each planned relation by an `android_app` statement."""
    missing = []
    for target in plan.android:
        for fp in target.fingerprints:
            wanted = planned.get(target.package, {}).get(fp) or {HANDLE_ALL_URLS}
            have = served.get(target.package, {}).get(fp)
            if have is None:
                missing.append(f"{target.package} (certificate {fp[:8]}…)")
                continue
            missing += [f"{target.package} (certificate {fp[:8]}…) relation {r}" for r in sorted(wanted - have)]
    return missing
