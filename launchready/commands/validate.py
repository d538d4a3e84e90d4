"""`launchready validate`: check the live domain from outside against the stack's plan."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from launchready.core.files import on_stdout, require_output_folder, write_output
from launchready.core.stack import load_plan
from launchready.options import (
    AllStacksOption,
    OutputOption,
    ProjectDirsOption,
    ReportFormatOption,
    StackFileOption,
    StacksOption,
    guarded,
)
from launchready.render.families import family_list
from launchready.render.formats import ReportFormat

if TYPE_CHECKING:
    from launchready.core.cloudflare_ips import CloudflareRanges
    from launchready.core.findings import Report
    from launchready.core.plan import DomainPlan
    from launchready.core.stack import Stack
    from launchready.portfolio.targets import Targets
    from validators.context import CheckContext, SesLookup


OnlyOption = Annotated[str | None, typer.Option("--only", metavar="FAMILIES",
                                                help=f"Comma-separated check families: {family_list()}.")]
CaBundleOption = Annotated[Path | None, typer.Option(metavar="FILE", exists=True, dir_okay=False,
                                                     help="PEM file of CAs to trust instead of the system store.")]
RangesOption = Annotated[Path | None, typer.Option(metavar="FILE", exists=True, dir_okay=False,
                                                   help="File of Cloudflare's IP ranges (one CIDR a line) instead "
                                                   "of the shipped dated copy.")]
TimeoutOption = Annotated[float, typer.Option(metavar="SECONDS", help="Seconds to wait for one query or probe.",
                                              min=0.05)]
DeadlineOption = Annotated[float, typer.Option(metavar="SECONDS", help="Seconds one pass of all checks may take.",
                                               min=0.1)]
WaitOption = Annotated[float, typer.Option(metavar="SECONDS", min=0,
                                           help="Poll until every check passes or this many seconds pass.")]
SesRegionOption = Annotated[str | None, typer.Option(metavar="REGION", help="Also ask Amazon SES in this region "
                                                     "whether DKIM and MAIL FROM verified.")]
JobsOption = Annotated[int | None, typer.Option(
    "--jobs", metavar="N", help="Worker processes for several stacks (forked, Linux), each with 1/N of the run's DNS "
    "budget, resolver rate caps and web probes; default: the CPUs this process may use, at most one per stack.")]
ResolverOption = Annotated[
    list[str] | None,
    typer.Option("--resolver", metavar="ADDR[:PORT]",
                 help="ADDR[:PORT] of a recursive resolver; repeat it. Replaces the default "
                 "public set (Cloudflare, Google, Quad9, OpenDNS, Control D)."),
]
AuthoritativeOption = Annotated[
    list[str] | None,
    typer.Option("--authoritative", metavar="ADDR[:PORT]",
                 help="ADDR[:PORT] of the zone's nameserver, treated as ground truth; repeat "
                 "it. Default: discovered from the zone's NS records."),
]
ParentOption = Annotated[
    list[str] | None,
    typer.Option("--parent", metavar="ADDR[:PORT]",
                 help="ADDR[:PORT] of a server of the parent zone (the registry), asked for the zone's DS and NS "
                 "sets; repeat it. Default: found through the resolvers."),
]
ValidatingResolverOption = Annotated[
    list[str] | None,
    typer.Option("--validating-resolver", metavar="ADDR[:PORT]",
                 help="ADDR[:PORT] of a DNSSEC-validating resolver that must set the AD bit; repeat it. "
                 "Default: 1.1.1.1 and 8.8.8.8 unless --resolver is given."),
]
AssignedNsOption = Annotated[
    list[str] | None,
    typer.Option("--assigned-ns", metavar="HOST",
                 help="A name server Cloudflare assigned (`pulumi stack output name_servers`); repeat it. "
                 "The parent must list exactly these."),
]
ConnectToOption = Annotated[
    list[str] | None,
    typer.Option("--connect-to", metavar="HOST:PORT:ADDR:PORT",
                 help="HOST:PORT:ADDR:PORT as in curl: send probes for HOST:PORT to ADDR:PORT, "
                 "keeping Host and SNI. An empty HOST matches every host. Repeatable. Hosts no rule maps "
                 "are only dialled at public addresses (never loopback, private or link-local)."),
]


@guarded
def validate(
    stack: StacksOption = None,
    stack_file: StackFileOption = None,
    only: OnlyOption = None,
    resolver: ResolverOption = None,
    authoritative: AuthoritativeOption = None,
    parent: ParentOption = None,
    validating_resolver: ValidatingResolverOption = None,
    assigned_ns: AssignedNsOption = None,
    timeout: TimeoutOption = 2.0,
    deadline: DeadlineOption = 30.0,
    wait: WaitOption = 0,
    connect_to: ConnectToOption = None,
    ca_bundle: CaBundleOption = None,
    cloudflare_ranges: RangesOption = None,
    refresh_cloudflare_ranges: Annotated[bool, typer.Option(
        "--refresh-cloudflare-ranges", help="Download Cloudflare's current ranges (cloudflare.com/ips-v4, "
        "ips-v6) first; falls back to the shipped copy (or --cloudflare-ranges) with a note.")] = False,
    ses_region: SesRegionOption = None,
    fmt: ReportFormatOption = ReportFormat.TEXT,
    output: OutputOption = None,
    project_dir: ProjectDirsOption = None,
    all_stacks: AllStacksOption = False,
    jobs: JobsOption = None,
) -> None:
    """Prove the live domain matches the stack: DNS on every resolver, redirects, HSTS, TLS, mail."""
    from launchready.aws.ses import checked_region
    from launchready.portfolio.targets import select
    from launchready.render.progress import ProgressLine
    from launchready.render.report import headline, render_report
    from validators.context import CheckContext
    from validators.endpoints import parse_connect_to
    from validators.runner import select_families
    from validators.runner import validate as run_validation

    require_output_folder(output)
    refuse_bad_jobs(jobs)
    families = select_families(only)
    check_ca_bundle(ca_bundle)
    targets = select(stack, stack_file, project_dir, all_stacks)
    ranges, notes = cloudflare_networks(cloudflare_ranges, refresh_cloudflare_ranges, timeout)
    common = functools.partial(
        CheckContext, timeout=timeout, deadline=deadline,
        **server_fields(resolver, authoritative, parent, validating_resolver, assigned_ns),
        connect_to=tuple(parse_connect_to(c) for c in connect_to or ()),
        ca_bundle=ca_bundle, cloudflare_ranges=cloudflare_ranges, cloudflare_networks=ranges,
        ses_region=checked_region(ses_region, "--ses-region") if ses_region else None,
        ses_lookup=ses_lookup(ses_region),
    )
    if targets.single is None:
        raise typer.Exit(code=portfolio(targets, common, (families, wait, notes), fmt.value, output, jobs))
    loaded, domain_plan = load_plan(*targets.single)
    report = run_validation(for_stack(common, loaded, domain_plan), families, wait, notes,
                            ProgressLine(wait) if wait else None)
    report = located_for(fmt, report, loaded)
    write_output(render_report(report, fmt), output)
    if not on_stdout(output):
        typer.echo(headline(report), err=True)  # the text report's last line, without laying out the table
    raise typer.Exit(code=report.exit_code)


def located_for(fmt: ReportFormat, report: Report, stack: Stack) -> Report:
    """For SARIF, each finding at the line of its record, host or zone: code scanning needs a line."""
    if fmt != ReportFormat.SARIF:
        return report
    from launchready.core.locate import located

    return located(report, stack.plan, stack.path)


ContextFor = Callable[..., "CheckContext"]
"""CheckContext with the run's options given: takes the stack's plan, spec and prod."""


def portfolio(targets: Targets, common: ContextFor, run: tuple[Sequence[str], float, Sequence[str]], fmt: str,
              output: Path | None, jobs: int | None) -> int:
    """Several stacks in `jobs` worker processes at most (None: one per CPU), each on one event loop with its
    share of the DNS budget; the worst exit code."""
    from launchready.portfolio.checks import run_validate

    families, wait, notes = run
    return run_validate(targets, lambda item: for_stack(common, item.stack, item.plan), families, wait, notes, fmt,
                        output, worker_processes(jobs))


def refuse_bad_jobs(jobs: int | None) -> None:
    """A --jobs of 0 or fewer is bad input (exit 2) before any check runs, even with one stack."""
    if jobs is not None and jobs < 1:
        from launchready.core.errors import InputError
        from launchready.portfolio.shards import usable_cpus

        raise InputError(f"--jobs {jobs}: give the number of worker processes, 1 or more (1 checks every stack in "
                         f"this process; leave --jobs out for one per CPU, {usable_cpus()} here)")


def worker_processes(jobs: int | None) -> int:
    """--jobs, or the CPUs this process may use. Only a run of several stacks asks (the worker machinery,
    multiprocessing and pickle, costs 18 million instructions of start-up)."""
    from launchready.portfolio.shards import usable_cpus

    return usable_cpus() if jobs is None else jobs


def for_stack(common: ContextFor, stack: Stack | None, plan: DomainPlan | None) -> CheckContext:
    """The run's options applied to one stack (its plan, its spec, prod or not)."""
    assert stack is not None and plan is not None, "only planned stacks are validated"
    return common(plan=plan, spec=stack.spec, prod=stack.name == "prod")


def server_fields(resolver: list[str] | None, authoritative: list[str] | None, parent: list[str] | None,
                  validating: list[str] | None, assigned: list[str] | None) -> dict[str, Any]:
    """The DNS servers given on the command line (bad addresses are bad input, exit 2)."""
    from validators.endpoints import parse_endpoint

    return {"resolvers": tuple(parse_endpoint(r, 53) for r in resolver or ()),
            "authoritative": tuple(parse_endpoint(a, 53, "--authoritative") for a in authoritative or ()),
            "parent": tuple(parse_endpoint(p, 53, "--parent") for p in parent or ()),
            "validating_resolvers": tuple(parse_endpoint(v, 53, "--validating-resolver") for v in validating or ()),
            "assigned_nameservers": tuple(assigned_name(name) for name in assigned or ())}


def assigned_name(value: str) -> str:
    """An --assigned-ns host name (RFC 1035 §2.3.4), or bad input (exit 2)."""
    from launchready.core.dnsname import check_name
    from launchready.core.errors import InputError

    try:
        return check_name(value)
    except ValueError as problem:
        raise InputError(f"--assigned-ns {problem}; give a name server's host name, for example "
                         "ada.ns.cloudflare.com") from None


def ses_lookup(region: str | None) -> SesLookup | None:
    """The SES client the email family asks with --ses-region (boto3 reads AWS_ENDPOINT_URL itself)."""
    if region is None:
        return None
    import importlib.util

    if importlib.util.find_spec("boto3") is None:  # say so before any check runs, not from inside one
        raise ModuleNotFoundError("No module named 'boto3'", name="boto3")
    from launchready.aws.ses import lookup

    return lookup(region)


def check_ca_bundle(path: Path | None) -> None:
    """The --ca-bundle must load as PEM CA certificates (bad input, exit 2), not fail every probe later."""
    import ssl

    from launchready.core.errors import InputError
    from launchready.core.inputs import CA_BUNDLE, read_bytes

    if path is None:
        return
    read_bytes(path, CA_BUNDLE)  # a regular file under its limit: a FIFO here would hang the TLS loader
    try:
        ssl.create_default_context(cafile=str(path))
    except (ssl.SSLError, OSError) as exc:
        reason = getattr(exc, "reason", None) or getattr(exc, "strerror", None) or exc
        raise InputError(f"--ca-bundle {path}: cannot load CA certificates from it ({reason}); "
                         "give a PEM file of one or more CA certificates") from None


def cloudflare_networks(path: Path | None, refresh: bool, timeout: float) -> tuple[CloudflareRanges, tuple[str, ...]]:
    """Cloudflare's ranges for the proxied checks (a bad file is bad input, exit 2) and a note on their source."""
    from launchready.core.cloudflare_ips import load_ranges

    ranges = load_ranges(path)
    if not refresh:
        return ranges, ()
    from validators.dns.ranges import refresh_ranges

    fresh, problem = refresh_ranges(ranges, timeout=max(timeout, 5.0))
    return fresh, (problem or f"refreshed {fresh.describe()}",)


def register(app: typer.Typer) -> None:
    app.command("validate")(validate)
