"""`preflight --online` for Amazon SES: who the AWS credentials are, and what their policies allow.

STS GetCallerIdentity names the identity (it needs no permission); IAM then lists the user's (or the
assumed role's) attached, inline and group policies, and every Allow statement is compared with the
SES calls launchready makes (launchready/aws/ses.py) and an app sends mail with (SendEmail,
SendRawEmail). AWS IAM User Guide, "Security best practices in IAM: apply least-privilege
permissions" and the SES actions list (read 2026-11). Boto3 finds credentials and endpoints in its
usual chain (AWS_ENDPOINT_URL works too). A key that may not read its own policies is reported as
unchecked, not as wrong: narrow keys usually cannot.

botocore bounds each connect and each read (`connect_timeout`, `read_timeout`), never a whole call, so an
endpoint that drips its answer a byte at a time would hold preflight open (botocore docs, "Config
Reference", read 2026-11). The calls therefore run in a daemon thread that preflight waits for AWS_SECONDS
at most; past that the check is reported unchecked, and the thread is left to end on its own timeouts.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

from launchready.core.findings import Finding, failed, passed

CHECK = "preflight.aws_scope"
AWS_SECONDS = 30.0
"""Seconds the AWS checks may take in all (STS, then a few IAM calls)."""
CALL_TIMEOUT = 10
"""Seconds one connect or read may wait; botocore's default is 60."""
ACTION = re.compile(r"[\w*?-]{1,40}(?::[\w*?-]{1,80})?")
"""IAM action names (service:Action, wildcards allowed) are shown; anything else is not echoed."""
NEEDED = ("ses:VerifyDomainDkim", "ses:SetIdentityMailFromDomain", "ses:GetIdentityVerificationAttributes",
          "ses:GetIdentityDkimAttributes", "ses:GetIdentityMailFromDomainAttributes", "ses:SendEmail",
          "ses:SendRawEmail")


def policy_to_make(region: str, account: str, zone: str) -> str:
    document = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": list(NEEDED), "Resource": f"arn:aws:ses:{region}:{account}:identity/{zone}"}]}
    return json.dumps(document, separators=(",", ":"))


def as_document(value: Any) -> Any:
    """IAM returns policy documents decoded by boto3, or URL-encoded JSON text."""
    if isinstance(value, str):
        try:
            return json.loads(unquote(value))
        except ValueError:
            return {}
    return value


def statements(document: Any) -> Iterator[dict[str, Any]]:
    found = document.get("Statement") if isinstance(document, dict) else None
    for statement in found if isinstance(found, list) else [found]:
        if isinstance(statement, dict) and statement.get("Effect") == "Allow":
            yield statement


def extra_actions(documents: list[Any]) -> list[str]:
    """Allowed actions beyond NEEDED (`*`, other services, other SES actions, any NotAction)."""
    needed = {action.lower() for action in NEEDED}
    extra = set()
    for document in documents:
        for statement in statements(as_document(document)):
            if "NotAction" in statement:
                extra.add("NotAction (everything but a list)")
            actions = statement.get("Action", [])
            for action in [actions] if isinstance(actions, str) else actions:
                if isinstance(action, str) and action.lower() not in needed:
                    extra.add(action if ACTION.fullmatch(action) else "(an action with an unusual name)")
    return sorted(extra, key=lambda a: (a != "*", not a.lower().startswith("iam"), a))


def managed(iam: Any, arns: list[str]) -> list[Any]:
    documents = []
    for arn in arns:
        version = iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"]
        documents.append(iam.get_policy_version(PolicyArn=arn, VersionId=version)["PolicyVersion"]["Document"])
    return documents


def user_documents(iam: Any, user: str) -> list[Any]:
    arns = [p["PolicyArn"] for p in iam.list_attached_user_policies(UserName=user)["AttachedPolicies"]]
    inline = [iam.get_user_policy(UserName=user, PolicyName=name)["PolicyDocument"]
              for name in iam.list_user_policies(UserName=user)["PolicyNames"]]
    for group in iam.list_groups_for_user(UserName=user)["Groups"]:
        name = group["GroupName"]
        arns += [p["PolicyArn"] for p in iam.list_attached_group_policies(GroupName=name)["AttachedPolicies"]]
        inline += [iam.get_group_policy(GroupName=name, PolicyName=policy)["PolicyDocument"]
                   for policy in iam.list_group_policies(GroupName=name)["PolicyNames"]]
    return managed(iam, arns) + inline


def role_documents(iam: Any, role: str) -> list[Any]:
    arns = [p["PolicyArn"] for p in iam.list_attached_role_policies(RoleName=role)["AttachedPolicies"]]
    inline = [iam.get_role_policy(RoleName=role, PolicyName=name)["PolicyDocument"]
              for name in iam.list_role_policies(RoleName=role)["PolicyNames"]]
    return managed(iam, arns) + inline


def identity_documents(iam: Any, arn: str) -> list[Any] | None:
    """Policy documents of a user or assumed role; None for an identity kind not read here."""
    resource = arn.split(":", 5)[-1]
    kind, _, rest = resource.partition("/")
    if kind == "user":
        return user_documents(iam, rest.rsplit("/", 1)[-1])
    if kind == "assumed-role":
        return role_documents(iam, rest.split("/")[0])
    return None


def verdict(arn: str, account: str, extra: list[str], advice: str) -> Finding:
    name = arn.split(":", 5)[-1][:120]
    if arn.endswith(":root"):
        return failed(CHECK, name, "these are the AWS account's root credentials: they can do everything and "
                      f"cannot be limited; delete the root access key and use an IAM user with {advice}")
    if not extra:
        return passed(CHECK, name, f"{name} may only make the SES calls launchready and the app need")
    admin = "*" in extra or any(a.lower().startswith("iam:") for a in extra)
    what = "administrator rights" if admin else "actions beyond sending mail"
    return failed(CHECK, name, f"{name} has {what} ({', '.join(extra[:8])}{'…' if len(extra) > 8 else ''}); a "
                  f"leak of this key would expose more than mail. Make an IAM user (or role) with only {advice}",
                  warning=True)


def aws_scope_within(region: str, zone: str) -> list[Finding]:
    """aws_scope_findings, or an `unchecked` warning once AWS_SECONDS have passed without its answer."""
    seconds = AWS_SECONDS
    outcome: list[list[Finding] | BaseException] = []

    def work() -> None:
        try:
            outcome.append(aws_scope_findings(region, zone))
        except BaseException as exc:  # handed to the caller, as if the call had run here
            outcome.append(exc)

    thread = threading.Thread(target=work, name="preflight-aws-scope", daemon=True)
    thread.start()
    thread.join(seconds)
    if not outcome:
        return [failed(CHECK, "AWS", f"AWS did not answer within {seconds:g} s (STS and IAM, or AWS_ENDPOINT_URL, "
                       "answer too slowly or not at all); the SES key's permissions are unchecked", warning=True)]
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


def aws_scope_findings(region: str, zone: str, endpoint: str | None = None) -> list[Finding]:
    import boto3
    from botocore.config import Config
    from botocore.exceptions import BotoCoreError, ClientError
    from botocore.parsers import ResponseParserError

    session = boto3.session.Session(region_name=region)  # a fresh credential lookup, not a cached one
    config = Config(connect_timeout=CALL_TIMEOUT, read_timeout=CALL_TIMEOUT, retries={"max_attempts": 2})
    try:
        identity = session.client("sts", endpoint_url=endpoint, config=config).get_caller_identity()
        arn, account = str(identity["Arn"]), str(identity["Account"])
    except (BotoCoreError, ClientError, ResponseParserError, KeyError) as exc:  # an answer that is not AWS's too
        return [failed(CHECK, "AWS", f"could not ask AWS STS who the credentials are ({type(exc).__name__}); "
                       "the SES key's permissions are unchecked", warning=True)]
    advice = f"this policy: {policy_to_make(region, account, zone)}"
    try:
        documents = identity_documents(session.client("iam", endpoint_url=endpoint, config=config), arn)
    except ResponseParserError:
        return [failed(CHECK, arn.split(":", 5)[-1][:120], "could not read AWS IAM's answer (not AWS's XML: is "
                       "AWS_ENDPOINT_URL right?); the SES key's permissions are unchecked", warning=True)]
    except (BotoCoreError, ClientError) as exc:
        code = exc.response.get("Error", {}).get("Code", "") if isinstance(exc, ClientError) else type(exc).__name__
        return [failed(CHECK, arn.split(":", 5)[-1][:120], f"the credentials may not read their own IAM policies "
                       f"({str(code)[:40]}), which narrow keys usually cannot; confirm in the IAM console that "
                       f"they hold only {advice}", warning=True)]
    if documents is None and not arn.endswith(":root"):
        return [failed(CHECK, arn.split(":", 5)[-1][:120], f"{arn.split(':', 5)[-1][:120]} is not an IAM user or "
                       f"assumed role, so its policies were not read; make sure it holds only {advice}", warning=True)]
    return [verdict(arn, account, extra_actions(documents or []), advice)]
