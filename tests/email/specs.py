"""Small specs for the email tests: one zone, two web hosts, and the email section under test."""

from __future__ import annotations

from typing import Any

from launchready.core.plan import DomainPlan, build_plan
from launchready.core.spec import DomainSpec
from launchready.core.stack import accept
from tests.email.keys import rsa_record

TOKENS = ["a" * 32, "b" * 32, "c" * 32]


def ses(**extra: Any) -> dict[str, Any]:
    return {"provider": "ses", "region": "eu-west-1", "dkim_tokens": TOKENS, **extra}


def google(**extra: Any) -> dict[str, Any]:
    return {"provider": "google_workspace", "dkim_key": rsa_record(), **extra}


def domain(email: dict[str, Any] | None = None, records: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"zone": "example.com", "origin": {"ipv4": ["192.0.2.10"]},
                            "hosts": {"apex": {}, "www": {}}, "records": records or []}
    if email is not None:
        data["email"] = email
    return data


def spec_of(email: dict[str, Any] | None = None, records: list[dict[str, Any]] | None = None) -> DomainSpec:
    return accept(domain(email, records)).spec


def plan_of(email: dict[str, Any], records: list[dict[str, Any]] | None = None) -> DomainPlan:
    return build_plan(spec_of(email, records), "test")


def mail_records(plan: DomainPlan) -> list[tuple[str, str, str, int | None, str]]:
    """(name, type, content, priority, key) of the records planned from the email section."""
    return [(r.name, r.type, r.content, r.priority, r.key) for r in plan.records if r.source.startswith("email")]
