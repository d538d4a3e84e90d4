"""What a validator run is given: the plan, the endpoints to ask and the time it may take."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from launchready.core.cloudflare_ips import CloudflareRanges
from launchready.core.plan import DomainPlan
from launchready.core.spec.models import DomainSpec
from validators.endpoints import ConnectTo, Endpoint


class SesStatus(Protocol):
    """What SES says about a domain identity (statuses as SES spells them: Success, Pending, Failed...)."""

    @property
    def domain(self) -> str: ...
    @property
    def exists(self) -> bool: ...
    @property
    def verification(self) -> str | None: ...
    @property
    def dkim(self) -> str | None: ...
    @property
    def tokens(self) -> tuple[str, ...]: ...
    @property
    def mail_from(self) -> str | None: ...
    @property
    def mail_from_status(self) -> str | None: ...


SesLookup = Callable[[str, float], SesStatus]
"""Asks SES about a domain within a timeout; raises a LaunchreadyError naming what failed. The command
builds it from the AWS client (launchready.aws.ses), so the validators never import boto3 themselves."""

if TYPE_CHECKING:
    from validators.dns.budget import QueryBudget, Tally
    from validators.dnsshared import SharedReplies


@dataclass(frozen=True)
class CheckContext:
    """Everything a check family needs; network endpoints are injected so tests use loopback servers."""

    plan: DomainPlan
    spec: DomainSpec
    resolvers: tuple[Endpoint, ...] = ()
    authoritative: tuple[Endpoint, ...] = ()
    timeout: float = 2.0
    deadline: float = 30.0
    started: float = field(default_factory=time.monotonic)
    connect_to: tuple[ConnectTo, ...] = ()
    ca_bundle: Path | None = None
    cloudflare_ranges: Path | None = None
    cloudflare_networks: CloudflareRanges | None = None
    """Cloudflare's ranges as loaded (or refreshed) by the command; None: read `cloudflare_ranges` or the
    shipped copy."""
    max_in_flight: int | None = None
    """DNS queries in flight at once across every server; None: sized to the work, up to a cap from the
    file-descriptor limit (validators/dns/budget.py)."""
    dns_budget: QueryBudget | None = None
    """The run's shared DNS budget (several stacks of one run share one); None: one for this stack."""
    dns_tally: Tally | None = None
    """Where this stack's query counts and rounds are kept for the report's summary."""
    shared_replies: SharedReplies | None = None
    """This pass's authoritative replies, shared by the dns and dnssec families (validators.dnsshared);
    None: each family sends its own."""
    nameserver_port: int = 53
    """Port of the nameservers discovered from NS records (tests point it at loopback servers)."""
    ses_region: str | None = None
    ses_endpoint: str | None = None
    ses_lookup: SesLookup | None = None
    """Asks SES about the zone (given by the command with --ses-region; None: no SES check)."""
    parent: tuple[Endpoint, ...] = ()
    """Servers of the parent zone to ask for the DS and NS sets (--parent); empty: found through the resolvers."""
    validating_resolvers: tuple[Endpoint, ...] = ()
    """Resolvers expected to validate DNSSEC (--validating-resolver); empty: public ones unless --resolver."""
    assigned_nameservers: tuple[str, ...] = ()
    """The name servers Cloudflare assigned (--assigned-ns); empty: not compared."""
    probe_slots: asyncio.Semaphore | None = None
    """Web hosts probed at once (HTTP and TLS) across every stack of a portfolio run; None: no limit
    beyond the HTTP client's pool (one stack's handful of hosts)."""
    probe_path: str = "/launchready-probe?q=1"
    prod: bool = False

    def host_slot(self) -> contextlib.AbstractAsyncContextManager[object]:
        """Hold one of the run's web-host slots while a host is probed (none to hold without a limit)."""
        return self.probe_slots if self.probe_slots is not None else contextlib.nullcontext()

    def remaining(self) -> float:
        """Seconds left before --deadline; checks stop waiting when it reaches zero."""
        return max(0.0, self.deadline - (time.monotonic() - self.started))

    def budget(self) -> float:
        """Timeout for one more query or probe: --timeout, never past the deadline."""
        return max(0.01, min(self.timeout, self.remaining()))
