"""mobile.app_links.apps judges what the served file grants, not only the names it holds: an assetlinks.json
must give each planned certificate each planned relation in an `android_app` statement, and an AASA must
claim each planned path pattern for the app ID in Apple's first-match order. Served by a loopback server."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import pytest
from pytest_httpserver import HTTPServer

from launchready.core.findings import Finding, Severity
from launchready.core.plan.app_links_model import APPLE_SIZE_LIMIT, AndroidTarget, AppLinkDocument, AppLinksPlan
from validators.mobile import app_links
from validators.mobile.bounded import get

APP_ID = "ABCDE12345.com.example.app"
PACKAGE = "com.example.app"
PRINT = ":".join(["14", "6D", "E9", "83"] * 8)
HANDLE = "delegate_permission/common.handle_all_urls"
AASA = "/.well-known/apple-app-site-association"
ASSETLINKS = "/.well-known/assetlinks.json"
PLANNED_COMPONENTS = [{"/": "/auth/*", "exclude": True}, {"/": "/open/*"}]


def statement(relations: list[str], namespace: str = "android_app") -> dict[str, Any]:
    return {"relation": relations, "target": {"namespace": namespace, "package_name": PACKAGE,
                                              "sha256_cert_fingerprints": [PRINT]}}


def aasa(components: list[Any], key: str = "components") -> dict[str, Any]:
    return {"applinks": {"details": [{"appIDs": [APP_ID], key: components}]}}


def judge(server: HTTPServer, path: str, served: Any) -> Finding:
    kind = "apple" if path == AASA else "android"
    planned = aasa(PLANNED_COMPONENTS) if kind == "apple" else [statement([HANDLE])]
    document = AppLinkDocument(host="localhost", path=path, kind=kind, body=json.dumps(planned))
    plan = AppLinksPlan(hosts=("localhost",), documents=(document,), app_ids=(APP_ID,),
                        android=(AndroidTarget(package=PACKAGE, fingerprints=(PRINT,)),), callbacks=(), pages=())
    server.clear_all_handlers()
    server.expect_request(path).respond_with_data(json.dumps(served), content_type="application/json")

    async def fetch() -> Any:
        async with httpx.AsyncClient(follow_redirects=False) as client:
            return await get(client, server.url_for(path), 10.0, APPLE_SIZE_LIMIT + 1)

    found = {f.check: f for f in app_links.judge(plan, document, asyncio.run(fetch()))}
    return found["mobile.app_links.apps"]


ANDROID_FAULTS = [
    ("login-creds-only", [statement(["delegate_permission/common.get_login_creds"])], f"relation {HANDLE}"),
    ("web-namespace", [statement([HANDLE], namespace="web")], f"{PACKAGE} (certificate 14:6D:E9…)"),
]


@pytest.mark.parametrize(("served", "words"), [c[1:] for c in ANDROID_FAULTS], ids=[c[0] for c in ANDROID_FAULTS])
def test_android_statement_that_grants_no_app_links_fails(httpserver: HTTPServer, served: Any, words: str) -> None:
    finding = judge(httpserver, ASSETLINKS, served)
    assert finding.severity is Severity.ERROR
    assert words in finding.message, finding.message


def test_android_statement_granting_handle_all_urls_among_others_passes(httpserver: HTTPServer) -> None:
    served = [statement(["delegate_permission/common.get_login_creds"]), statement([HANDLE])]
    assert judge(httpserver, ASSETLINKS, served).severity is Severity.INFO


APPLE_FAULTS = [
    ("all-excluded", aasa([{"/": "*", "exclude": True}]), '/open/* (an earlier component covering it has "exclude"'),
    ("exclusion-first", aasa([{"/": "/open/*", "exclude": True}, {"/": "*"}]), "/open/* (an earlier component"),
    ("other-paths", aasa([{"/": "/help/*"}]), "path /open/* (no component claims it)"),
    ("legacy-not", aasa(["NOT /open/*", "*"], key="paths"), "/open/* (an earlier component"),
    ("query-only", aasa([{"/": "/open/*", "?": {"ref": "mail"}}]), "/open/* (no component claims it)"),
]


@pytest.mark.parametrize(("served", "words"), [c[1:] for c in APPLE_FAULTS], ids=[c[0] for c in APPLE_FAULTS])
def test_aasa_that_does_not_claim_a_planned_path_fails(httpserver: HTTPServer, served: Any, words: str) -> None:
    finding = judge(httpserver, AASA, served)
    assert finding.severity is Severity.ERROR
    assert words in finding.message and APP_ID in finding.message, finding.message


@pytest.mark.parametrize("served", [aasa(PLANNED_COMPONENTS), aasa([{"/": "*"}]), aasa(["/open/*"], key="paths"),
                                    aasa([{"/": "/open/*", "?": {"ref": "mail"}}, {"/": "/op*"}])])
def test_aasa_that_claims_every_planned_path_passes(httpserver: HTTPServer, served: Any) -> None:
    assert judge(httpserver, AASA, served).severity is Severity.INFO
