"""`launchready preflight`: what CI checks before `pulumi up`, without network or Cloudflare.

One Report (check ids `preflight.*`): the spec validates; the variables the run needs exist (by
name); no secret-named key is plaintext; no credential-shaped string is committed; this stack
shares no secret with its sibling stacks. Values of secrets are never printed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from launchready.core.errors import SpecError
from launchready.core.findings import Finding, Report, failed, passed
from launchready.core.spec.loading import read_stack_document, stack_name
from launchready.core.spec.models import DomainSpec
from launchready.core.stack import load_stack
from launchready.preflight.environment import (
    Environment,
    aws_credentials,
    cloudflare_token,
    config_passphrase,
    pulumi_backend,
    pulumi_passphrase,
    required_variables,
)
from launchready.preflight.secret_scan import SecretsInput, configured_values, secret_findings
from launchready.preflight.shared import shared_secret_findings
from launchready.preflight.stackfile import plaintext_findings

__all__ = ["Environment", "PreflightInput", "SecretsInput", "required_variables", "run_preflight"]


@dataclass(frozen=True)
class PreflightInput:
    stack_path: Path
    repo: Path
    repo_given: bool
    env: Environment
    secrets: SecretsInput | None = None
    """History, logs and baseline options (default: the whole history, no logs, the repository's baseline)."""
    online: bool = False
    """Ask Cloudflare and AWS what the credentials may do (launchready.preflight.online)."""


def spec_findings(path: Path) -> tuple[DomainSpec | None, list[Finding]]:
    """The validated spec (None when invalid) and one finding per spec problem."""
    try:
        spec = load_stack(path).spec
    except SpecError as exc:
        return None, [failed("preflight.spec", problem.path or path.name, f"{path.name}: {problem.message}",
                             location=f"{path}:{problem.line}" if problem.line else str(path))
                      for problem in exc.problems]
    return spec, [passed("preflight.spec", path.name, f"{path.name} describes a valid domain")]


def monitoring_finding(spec: DomainSpec | None) -> Finding | None:
    if spec is None or spec.monitoring is None:
        return None
    from launchready.core.plan.operations import free_plan_note
    from launchready.core.spec.operations import monitor_engine

    if monitor_engine(spec.plan, spec.monitoring) == "worker":
        return passed("preflight.monitoring_plan", spec.zone.name, "the monitor Worker runs on every plan")
    note = free_plan_note(spec.plan)
    if note is None:
        return passed("preflight.monitoring_plan", spec.zone.name, f"the {spec.plan} plan includes health checks")
    return failed("preflight.monitoring_plan", spec.zone.name, f"monitoring is declared but {note}; until then "
                  "nothing alerts on downtime", warning=True)


def project_finding(path: Path) -> Finding:
    """Whether `pulumi up` can run beside the stack file: the Pulumi project (Pulumi.yaml and the program it
    names) must be in the same folder, or the stack file in its `stackConfigDir` (launchready.starter.project).
    A warning: plan, preflight and validate read the stack file anywhere, and CI runs them in the project."""
    from launchready.core.project import project_home
    from launchready.starter.project import find_project

    missing = find_project(project_home(path) or path.parent).missing
    if not missing:
        return passed("preflight.project", path.name, "the Pulumi project (Pulumi.yaml and its program) is beside "
                      "the stack file, so `pulumi up` can run here")
    return failed("preflight.project", path.name, f"{' and '.join(missing)} not beside {path.name}, so `pulumi up` "
                  "cannot run here: keep the stack file in the launchready project (the clone README's step 1 "
                  "installs), where __main__.py builds the components", warning=True)


def run_preflight(given: PreflightInput) -> Report:
    """Every check, all of them run; InputError (unreadable stack file, bad --repo) propagates."""
    path = given.stack_path
    stack = read_stack_document(path)
    document = stack.data
    spec, findings = spec_findings(path)
    optional = [aws_credentials(given.env, spec), monitoring_finding(spec)]
    findings += [cloudflare_token(given.env, document), pulumi_backend(given.env),
                 pulumi_passphrase(given.env, document, path.name)]
    findings += [finding for finding in optional if finding is not None]
    findings += [project_finding(path), *plaintext_findings(stack, path)]
    passphrase = config_passphrase(given.env)
    findings += shared_secret_findings(path, document, passphrase)
    options = given.secrets or SecretsInput(path, given.repo, given.repo_given)
    exposed, notes = secret_findings(options, configured_values(given.env, document, passphrase, path.name))
    if given.online:
        from launchready.preflight.online import online_findings

        exposed += online_findings(path, document, spec, given.env, passphrase)
    return Report.of(findings + exposed, title="launchready preflight", stack=stack_name(path),
                     families=("preflight",), notes=tuple(notes))
