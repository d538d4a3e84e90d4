"""Legacy redirects in the spec: `from` a path on a host `to` a path or an https URL."""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from launchready.core.dnsname import check_name, name_error


class RedirectModel(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)


def redirect_source(value: str) -> str:
    """Cloudflare matches `http.request.uri.path`, which holds neither the query nor the fragment."""
    if not value.startswith("/") or any(c.isspace() for c in value):
        raise ValueError(f'"{value}" must be a path starting with "/", such as /pricing-old')
    if "?" in value or "#" in value:
        kept = value.split("?")[0].split("#")[0]
        raise ValueError(f'"{value}" can never match: the rule sees the path only, without query or fragment; '
                         f"write {kept}")
    return value


def redirect_target(value: str) -> str:
    """A path on the same host, or an https:// URL whose host is a valid DNS name."""
    if any(c.isspace() for c in value) or not value.startswith(("/", "https://")):
        hint = "; use https://" if value.startswith("http://") else ""
        raise ValueError(f'"{value}" must be a path (/pricing) or an https:// URL{hint}')
    if value.startswith("https://"):
        host = urlsplit(value).hostname or ""
        problem = name_error(host)
        if problem:
            raise ValueError(f'the host of "{value}" {problem}')
    return value


class RedirectSpec(RedirectModel):
    """A legacy URL moved for good: `from` a path on `host` `to` a path or an absolute https URL."""

    source: Annotated[str, AfterValidator(redirect_source)] = Field(alias="from")
    to: Annotated[str, AfterValidator(redirect_target)]
    status: Literal[301, 302, 307, 308] = 301
    host: Annotated[str | None, AfterValidator(lambda v: check_name(v) if v else v)] = None
    keep_query: bool = True
