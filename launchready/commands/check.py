"""`launchready check email DOMAIN`: the mail checks for any domain, no stack needed.

Same checks, report model, formats and exit codes as `launchready validate --only email`; without a
plan it expects SPF and DMARC at the domain, the DKIM selectors given, and MX hosts that resolve.
"""

from __future__ import annotations

import time
from collections.abc import Coroutine
from typing import TYPE_CHECKING, Annotated, Any

import typer

from launchready.core.files import require_output_folder, write_output
from launchready.options import OutputOption, ReportFormatOption, guarded
from launchready.render.formats import ReportFormat

if TYPE_CHECKING:
    from launchready.core.findings import Finding

check_app = typer.Typer(name="check", help="Check a live domain without a stack.", no_args_is_help=True)

SelectorOption = Annotated[
    list[str] | None,
    typer.Option("--dkim-selector", metavar="SELECTOR",
                 help="A DKIM selector to verify (s1, google, <token>...); repeat it."),
]
ResolverOption = Annotated[
    list[str] | None,
    typer.Option("--resolver", metavar="ADDR[:PORT]",
                 help="ADDR[:PORT] of a recursive resolver; repeat it (the next is asked only when "
                 "one times out). Default: public resolvers."),
]


def parse_domain(domain: str, selectors: list[str]) -> tuple[str, tuple[str, ...]]:
    from launchready.core.dnsname import check_zone
    from launchready.core.errors import InputError
    from launchready.core.mailauth.dkim import is_selector
    from launchready.core.redact import shown

    try:
        name = check_zone(domain)
    except ValueError as exc:
        raise InputError(f"DOMAIN {exc}") from None
    plain = [selector_alone(s, name) for s in selectors]
    bad = [s for s in plain if not is_selector(s)]
    if bad:
        raise InputError(f'--dkim-selector {shown(bad[0])} is not a selector (letters, digits, "-", "_", dots): '
                         "give the label before ._domainkey, such as google or s1")
    return name, tuple(dict.fromkeys(plain))


DOMAINKEY = "._domainkey"


def selector_alone(selector: str, domain: str) -> str:
    """The selector of `google`, `google._domainkey` or `google._domainkey.DOMAIN` (the name the key's record
    lives at, RFC 6376 §3.6.2.1): the checks add `._domainkey.DOMAIN` themselves, so it is stripped once.
    A `_domainkey` name under another domain is refused: it says where a key is, not which selector."""
    from launchready.core.errors import InputError
    from launchready.core.redact import is_plain, shown

    written = selector.rstrip(".") if selector.isascii() else selector
    lowered = written.lower()
    for suffix in (f"{DOMAINKEY}.{domain}".lower(), DOMAINKEY):
        if lowered.endswith(suffix) and len(lowered) > len(suffix):
            return written[:len(written) - len(suffix)]
    at = lowered.find(f"{DOMAINKEY}.")
    if at > 0:
        alone = written[:at] if is_plain(selector) else "the label before ._domainkey"
        raise InputError(f"--dkim-selector {shown(selector)} is the DKIM record of another domain than {domain}; "
                         f"give the selector alone: {alone}")
    return selector


@check_app.command("email")
@guarded
def email(
    domain: Annotated[str, typer.Argument(help="The domain to check, e.g. example.com.")],
    dkim_selector: SelectorOption = None,
    resolver: ResolverOption = None,
    timeout: Annotated[float, typer.Option(metavar="SECONDS", help="Seconds to wait for one query.", min=0.05)] = 2.0,
    deadline: Annotated[float, typer.Option(metavar="SECONDS", help="Seconds all the checks may take.",
                                            min=0.1)] = 30.0,
    prod: Annotated[bool, typer.Option("--prod", help="Judge as production: p=none is a warning.")] = False,
    fmt: ReportFormatOption = ReportFormat.TEXT,
    output: OutputOption = None,
) -> None:
    """SPF, DKIM, DMARC and MX of DOMAIN as a receiving server sees them."""
    from launchready.core.findings import Report
    from launchready.render.report import render_report
    from validators.email import for_domain, resolvers, run
    from validators.email.lookup import Lookup
    from validators.endpoints import parse_endpoint
    from validators.runner import run_loop

    require_output_folder(output)
    name, selectors = parse_domain(domain, dkim_selector or [])
    servers = resolvers(tuple(parse_endpoint(r, 53) for r in resolver or ()))
    started = time.monotonic()
    checks = run(for_domain(name, selectors, prod=prod), Lookup(servers, lambda: timeout))
    findings = run_loop(within_deadline(checks, name, deadline))
    report = Report.of(findings, title="launchready check email",
                       families=("email",), elapsed_seconds=round(time.monotonic() - started, 3))
    write_output(render_report(report, fmt), output)
    raise typer.Exit(code=report.exit_code)


async def within_deadline(checks: Coroutine[Any, Any, list[Finding]], name: str, deadline: float) -> list[Finding]:
    """The findings, or one error finding when they are not all in by --deadline (never a longer wait); checks
    that raise are an `email.internal_error` finding and exit code 3, as validate's families are."""
    import asyncio

    from launchready.core.findings import failed, internal_error
    from validators.runner import raised_at

    try:
        return await asyncio.wait_for(checks, deadline)
    except TimeoutError:
        return [failed("email.deadline", name, f"the email checks did not finish within --deadline {deadline:g}s; "
                       "raise it or check the slow resolver")]
    except Exception as error:  # a bug of launchready's: its type and place, never its message (server text)
        return [internal_error("email", name, error, raised_at(error))]


def register(app: typer.Typer) -> None:
    app.add_typer(check_app)
