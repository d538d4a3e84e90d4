"""Validate the sandbox exactly as `launchready validate` validates a live domain, in-process.

The context is the one `launchready validate --resolver ... --authoritative ... --connect-to ...
--ca-bundle ...` builds (`equivalent_command` prints that command line), and the report is the same
model with the same exit code. One thing is said differently: the edge's certificate comes from the
run's throwaway CA, which `tls.issuer` rightly warns is not a Universal SSL CA. In the demo those
warnings, and only those naming that CA, are shown as passed and a note says so.
"""

from __future__ import annotations

import shlex
from pathlib import Path

from cryptography import x509

from launchready.core.findings import Finding, Report, Severity, passed
from launchready.core.plan import DomainPlan
from launchready.core.stack import Stack
from launchready.demo.sandbox import CA_NAME, Sandbox
from validators.context import CheckContext

TIMEOUT = 2.0
"""Seconds per query or probe: generous on loopback, where an answer takes a millisecond."""
DEADLINE = 30.0


def check_context(stack: Stack, plan: DomainPlan, box: Sandbox) -> CheckContext:
    """What `launchready validate` builds from the flags `equivalent_command` lists."""
    from launchready.core.cloudflare_ips import load_ranges
    from validators.endpoints import parse_connect_to

    return CheckContext(plan=plan, spec=stack.spec, timeout=TIMEOUT, deadline=DEADLINE,
                        resolvers=box.resolvers, authoritative=box.nameservers, parent=box.parents,
                        connect_to=tuple(parse_connect_to(rule) for rule in box.edge.connect_to()),
                        ca_bundle=box.ca_bundle, cloudflare_networks=load_ranges(None), prod=stack.name == "prod")


def validate(stack: Stack, plan: DomainPlan, box: Sandbox, families: tuple[str, ...]) -> Report:
    """The check families against the sandbox, through the validator's own runner."""
    from validators.runner import validate as run_validation

    report = run_validation(check_context(stack, plan, box), families)
    return accept_sandbox_ca(report, box)


def accept_sandbox_ca(report: Report, box: Sandbox) -> Report:
    """tls.issuer warnings about the run's own CA become passed findings, with a note saying why."""
    issuer = x509.load_pem_x509_certificate(box.ca.cert_pem).subject.rfc4514_string()
    accepted = [f for f in report.findings if is_about_sandbox_ca(f, issuer)]
    if not accepted:
        return report
    findings = [sandbox_issuer(f) if f in accepted else f for f in report.findings]
    note = (f"sandbox: the edge's certificates come from {CA_NAME}, made for this run and trusted through "
            f"--ca-bundle; the {len(accepted)} tls.issuer warnings about it (not a Universal SSL CA) are "
            "shown as passed")
    return Report.of(findings, title="launchready demo", stack=report.stack, zone=report.zone,
                     families=report.families, elapsed_seconds=report.elapsed_seconds, notes=(*report.notes, note))


def is_about_sandbox_ca(finding: Finding, issuer: str) -> bool:
    return finding.check == "tls.issuer" and finding.severity is Severity.WARNING and finding.observed == issuer


def sandbox_issuer(finding: Finding) -> Finding:
    return passed("tls.issuer", finding.name, f"issued by {CA_NAME}, standing in for Universal SSL in the "
                  "sandbox", url=finding.url, observed=finding.observed)


def equivalent_command(stack: Stack, box: Sandbox, stack_file: Path | None, project_dir: Path) -> str:
    """The `launchready validate` command line that checks this sandbox the same way."""
    where = ["--stack-file", str(stack_file)] if stack_file else ["--stack", stack.name]
    if stack_file is None and project_dir != Path("."):
        where += ["--project-dir", str(project_dir)]
    args = ["launchready", "validate", *where]
    args += [arg for e in box.resolvers for arg in ("--resolver", str(e))]
    args += [arg for e in box.nameservers for arg in ("--authoritative", str(e))]
    args += [arg for e in box.parents for arg in ("--parent", str(e))]
    args += box.edge.cli_args(box.ca_bundle)
    return shlex.join(args)
