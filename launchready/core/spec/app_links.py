"""The `app_links` key: the mobile apps that open the zone's links, and the URLs they return to after sign-in.

Apple (Universal Links) reads `https://HOST/.well-known/apple-app-site-association` and Google (Android
App Links) reads `https://HOST/.well-known/assetlinks.json`; both files are planned from this key
(launchready.core.plan.app_links). The formats each field must have are the ones Apple and Google
document (read 2026-11):
- team ID: the 10-character Team ID of the Apple developer account (App ID prefix), A-Z and 0-9;
- bundle ID: "alphanumeric characters (A-Z, a-z, 0-9), hyphens (-), and periods (.)", reverse-DNS style
  (Apple, CFBundleIdentifier);
- Android package name (applicationId): at least two segments, each starting with a letter, made of
  letters, digits and underscores (Android developers, "Configure the app module");
- signing certificate: the SHA-256 fingerprint as 32 colon-separated hex pairs, as `keytool -list -v`
  and the Play Console show it (Android developers, "Verify Android App Links").
"""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from launchready.core.dnsname import normalize_name
from launchready.core.redact import is_plain
from launchready.core.spec.operations import Path

TEAM_ID = re.compile(r"^[A-Z0-9]{10}$")
BUNDLE_ID = re.compile(r"^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
PACKAGE = re.compile(r"^[A-Za-z][A-Za-z0-9_]*(\.[A-Za-z][A-Za-z0-9_]*)+$")
FINGERPRINT = re.compile(r"^[0-9A-F]{2}(:[0-9A-F]{2}){31}$")
RELATION = re.compile(r"^[a-z_]+/[a-z_]+(\.[a-z_]+)*$")
HANDLE_ALL_URLS = "delegate_permission/common.handle_all_urls"


def team_id(value: str) -> str:
    text = value.strip()
    if not TEAM_ID.match(text):
        raise ValueError(f'"{value}" is not an Apple Team ID: 10 characters, capital letters and digits '
                         "(developer.apple.com > Membership details), such as ABCDE12345")
    return text


def bundle_id(value: str) -> str:
    text = value.strip()
    if not BUNDLE_ID.match(text):
        raise ValueError(f'"{value}" is not a bundle ID: reverse-DNS segments of letters, digits and "-" '
                         "joined by dots, such as com.example.app (Xcode > target > Signing)")
    return text


def package_name(value: str) -> str:
    text = value.strip()
    if not PACKAGE.match(text):
        raise ValueError(f'"{value}" is not an Android package name: two or more dot-separated segments, '
                         "each starting with a letter, of letters, digits and _ (applicationId, e.g. com.example.app)")
    return text


def fingerprint(value: str) -> str:
    """Upper-cased: Google's statement lists and `keytool` print the hex in capitals."""
    text = value.strip().upper()
    if not FINGERPRINT.match(text):
        pairs = len(text.split(":"))
        raise ValueError(f"is not a SHA-256 certificate fingerprint ({len(value)} characters, {pairs} "
                         "colon-separated parts): it must be 32 hex pairs joined by ':', as "
                         "`keytool -list -v` or Play Console > App integrity shows it")
    return text


def relation(value: str) -> str:
    if not RELATION.match(value):
        raise ValueError(f'"{value}" is not a Digital Asset Links relation such as {HANDLE_ALL_URLS}')
    return value


def link_path(value: str) -> str:
    """An Apple URL-component pattern for the path: starts with "/" (or is "*"); `*` and `?` are wildcards.
    The message names what is wrong, and builds its example from the value only when the value is plain."""
    if value != "*" and not value.startswith("/"):
        example = f"/{value}" if is_plain(value) else "/path/*"
        raise ValueError(f'must be a path pattern starting with "/", such as {example} ("*" matches any '
                         'characters, "?" one character)')
    if any(c.isspace() for c in value):
        raise ValueError("holds a space, which a URL path never does; write it as %20")
    if "#" in value:
        raise ValueError('holds "#", which starts a URL fragment: a path pattern is matched against the path '
                         'alone, so it could never match; remove "#" and what follows ("?" here is a '
                         "one-character wildcard, not a query)")
    return value


def callback_url(value: str) -> str:
    parts = urlsplit(value.strip())
    if parts.scheme != "https" or not parts.hostname or parts.username or parts.password:
        hint = "; use https:// (an app must never receive a sign-in token over plain HTTP)" if (
            parts.scheme == "http") else ""
        raise ValueError(f'"{value}" must be an https:// URL on a host of the zone{hint}')
    if any(c.isspace() for c in value.strip()) or parts.fragment:
        raise ValueError(f'"{value}" must be an https:// URL without spaces or a #fragment')
    return value.strip()


def at_least_one(values: tuple[str, ...]) -> tuple[str, ...]:
    """Checked once the items are (a list whose only item is malformed is one mistake, not two)."""
    if not values:
        raise ValueError("is empty; list at least one")
    return values


def grants_app_links(values: tuple[str, ...]) -> tuple[str, ...]:
    """The file is planned and labelled as Android App Links, whose verifier reads only statements granting
    handle_all_urls (Android developers, "Verify Android App Links", read 2026-12): a list without it would
    publish a file that verifies no link, so it is refused rather than planned."""
    if values and HANDLE_ALL_URLS not in values:
        raise ValueError(f"lacks {HANDLE_ALL_URLS}, so Android would verify none of the app's links (App Links "
                         f"need it); add it to the list (other relations such as "
                         "delegate_permission/common.get_login_creds may stay beside it), or drop `relations` "
                         "to use the default")
    return values


TeamId = Annotated[str, AfterValidator(team_id)]
BundleId = Annotated[str, AfterValidator(bundle_id)]
PackageName = Annotated[str, AfterValidator(package_name)]
Fingerprint = Annotated[str, AfterValidator(fingerprint)]
Relation = Annotated[str, AfterValidator(relation)]
LinkPath = Annotated[str, AfterValidator(link_path)]
CallbackUrl = Annotated[str, AfterValidator(callback_url)]
HostLabel = Annotated[str, AfterValidator(lambda v: "apex" if v.strip() == "@" else normalize_name(v))]


class AppSpec(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


class IosApp(AppSpec):
    """An iOS app with the Associated Domains entitlement `applinks:HOST`."""

    team_id: TeamId
    bundle_id: BundleId
    paths: Annotated[tuple[LinkPath, ...], AfterValidator(at_least_one)] = Field(
        default=("*",), description="path patterns the app opens (Apple components)")
    exclude: tuple[LinkPath, ...] = Field(default=(), description="path patterns left to the browser")

    @property
    def app_id(self) -> str:
        """Apple's app identifier: `<team ID>.<bundle ID>`."""
        return f"{self.team_id}.{self.bundle_id}"


class AndroidApp(AppSpec):
    """An Android app whose intent filters set `android:autoVerify="true"` for the hosts."""

    package: PackageName
    sha256_cert_fingerprints: Annotated[tuple[Fingerprint, ...], AfterValidator(at_least_one)]
    relations: Annotated[tuple[Relation, ...], AfterValidator(at_least_one), AfterValidator(grants_app_links)] = (
        HANDLE_ALL_URLS,)


class AppLinksSpec(AppSpec):
    """Universal Links, Android App Links and the sign-in callbacks of the product's mobile apps."""

    ios: tuple[IosApp, ...] = ()
    android: tuple[AndroidApp, ...] = ()
    hosts: tuple[HostLabel, ...] = Field(default=(), description="host labels serving the files "
                                         "(default: the canonical host)")
    callbacks: tuple[CallbackUrl, ...] = ()
    pages: tuple[Path, ...] = Field(default=(), description="paths on the canonical host checked for mixed "
                                    "content, besides every web host's landing page")
