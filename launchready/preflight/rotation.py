"""How to rotate each kind of exposed credential: the exact step, and the provider's page.

A credential that reached git, a log or a shared file must be replaced, not only deleted: every
clone, fork and CI cache keeps the old value. The steps below are the providers' own (all pages
read 2026-11). The kinds are detect-secrets' `secret_type` names plus launchready's own detectors'.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Rotation:
    step: str
    link: str


AWS_KEY = Rotation(
    "create a second access key for the IAM user (`aws iam create-access-key`), switch every user of the "
    "key to it, deactivate the old one (`aws iam update-access-key --status Inactive`), and delete it "
    "once nothing broke",
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html")
"""An access key is a pair (id and secret): whichever half leaked, the pair is replaced."""

ROTATIONS = {
    "Cloudflare API Token": Rotation(
        "roll the token in the Cloudflare dashboard (My Profile › API Tokens, or Manage Account › API Tokens "
        "for an account token: ⋯ › Roll), which invalidates the old secret and keeps its permissions, then "
        "store the new one with `pulumi config set --secret cloudflare:apiToken` or in the CI secret",
        "https://developers.cloudflare.com/fundamentals/api/how-to/roll-token/"),
    "Cloudflare Global API Key": Rotation(
        "change the key in the Cloudflare dashboard (My Profile › API Tokens › Global API Key › Change), which "
        "invalidates the old one at once: it held every permission of its user on every account. Then stop "
        "using a Global API Key: make a scoped API token for the stack and store it with `pulumi config set "
        "--secret cloudflare:apiToken`",
        "https://developers.cloudflare.com/fundamentals/api/get-started/keys/"),
    "AWS Access Key": AWS_KEY,
    "AWS Secret Access Key": AWS_KEY,
    "Private Key": Rotation(
        "generate a new key pair, install it where the old one was used, and revoke whatever trusted the old "
        "key (an origin certificate: SSL/TLS › Origin Server › Revoke; an SSH key: remove it from "
        "authorized_keys and deploy keys)",
        "https://developers.cloudflare.com/ssl/origin-configuration/origin-ca/"),
    "Private Key (base64 DER)": Rotation(
        "generate a new key pair, install it where the old one was used, and revoke whatever trusted the old "
        "key (a DKIM key: have the mail provider make a new pair under a new selector, publish its public "
        "key, switch signing to it, then delete the old selector's record)",
        "https://www.rfc-editor.org/rfc/rfc6376#section-3.6.1"),
    "GitHub Token": Rotation(
        "delete or regenerate the token (Settings › Developer settings › Personal access tokens) and review "
        "the account's security log for its use",
        "https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/"
        "managing-your-personal-access-tokens"),
    "GitLab Token": Rotation("revoke or rotate the token (User settings › Access tokens)",
                             "https://docs.gitlab.com/user/profile/personal_access_tokens/"),
    "Slack Token": Rotation("revoke the token or webhook and issue a new one in the Slack app's settings",
                            "https://api.slack.com/authentication/rotation"),
    "Stripe Access Key": Rotation("roll the key (Developers › API keys › ⋯ › Roll key)",
                                  "https://docs.stripe.com/keys"),
    "SendGrid API Key": Rotation("delete the API key and create a new one (Settings › API Keys)",
                                 "https://www.twilio.com/docs/sendgrid/ui/account-and-settings/api-keys"),
    "Twilio API Key": Rotation("delete the API key and create a new one (Console › API keys & tokens)",
                               "https://www.twilio.com/docs/iam/api-keys"),
    "OpenAI Token": Rotation("revoke the key and create a new one (API keys page)",
                             "https://platform.openai.com/api-keys"),
    "PyPI Token": Rotation("remove the token (Account settings › API tokens) and create a narrower one",
                           "https://pypi.org/help/#apitoken"),
    "NPM tokens": Rotation("revoke the token (`npm token revoke <id>`) and create a new one",
                           "https://docs.npmjs.com/revoking-access-tokens"),
    "Discord Bot Token": Rotation("reset the bot token (Developer Portal › your application › Bot › Reset "
                                  "Token)", "https://discord.com/developers/applications"),
    "Telegram Bot Token": Rotation("revoke the token with @BotFather (`/revoke`) and use the new one",
                                   "https://core.telegram.org/bots/features#botfather"),
}
GENERIC = Rotation("revoke the credential at its provider and issue a new one; deleting it from git is not enough",
                   "https://docs.github.com/en/code-security/secret-scanning/working-with-secret-scanning-and-"
                   "push-protection/remediating-a-leaked-secret")


def rotation(kind: str) -> Rotation:
    return ROTATIONS.get(kind, GENERIC)


def rotation_step(kind: str) -> str:
    """The step and its page, in one phrase for a finding's message."""
    found = rotation(kind)
    return f"{found.step} ({found.link}, read 2026-11)"
