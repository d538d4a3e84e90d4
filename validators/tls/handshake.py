"""TLS handshakes with the standard library's ssl, each one a value: the version, the peer certificate,
or why it failed (OpenSSL's verify code for certificate errors, its reason for protocol errors).

Three kinds of client: `verifying` (the chain against the system store or --ca-bundle; the host name
is judged separately from the certificate, so one broken thing never hides another), `unverified`
(to fetch the certificate a verifying client rejected, and say why), and `only(version)` (offers a
single old version, to prove the server refuses it).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import ssl
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from launchready.core.findings import seconds

Outcome = Literal["ok", "verify", "tls", "timeout", "connect"]

VERSION_NAMES = {ssl.TLSVersion.TLSv1: "TLS 1.0", ssl.TLSVersion.TLSv1_1: "TLS 1.1",
                 ssl.TLSVersion.TLSv1_2: "TLS 1.2", ssl.TLSVersion.TLSv1_3: "TLS 1.3"}
LOCAL_REFUSALS = frozenset({"NO_PROTOCOLS_AVAILABLE", "NO_CIPHERS_AVAILABLE", "NO_SUITABLE_SIGNATURE_ALGORITHM"})
"""ssl reasons meaning this machine's OpenSSL would not offer the version: nothing was tested."""


@dataclass(frozen=True)
class Handshake:
    """One handshake attempt: `outcome` says how far it got."""

    outcome: Outcome
    version: str | None = None
    der: bytes | None = None
    detail: str = ""
    verify_code: int | None = None
    reason: str | None = None

    @property
    def ok(self) -> bool:
        return self.outcome == "ok"

    @property
    def untested(self) -> bool:
        """The local client could not offer what was asked (a local limit, not the server's answer)."""
        return self.reason in LOCAL_REFUSALS


def verifying(ca_bundle: Path | None) -> ssl.SSLContext:
    """The verifying client context, built once per trust store (loading the system store costs ~20 ms,
    once per stack of a portfolio run before); a bundle rewritten in place is read again."""
    stamp = None
    if ca_bundle is not None:
        with contextlib.suppress(OSError):
            stat = ca_bundle.stat()
            stamp = (stat.st_mtime_ns, stat.st_size)
    return verifying_context(str(ca_bundle) if ca_bundle else None, stamp)


@functools.lru_cache(maxsize=16)
def verifying_context(cafile: str | None, stamp: tuple[int, int] | None) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=cafile)
    context.check_hostname = False
    return context


def unverified() -> ssl.SSLContext:
    """A client that accepts any certificate: the defaults of create_default_context without loading a
    trust store it would never consult."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def only(version: ssl.TLSVersion) -> ssl.SSLContext:
    """A client offering `version` alone. OpenSSL 3 signs TLS 1.0/1.1 handshakes with SHA-1, which its
    default security level forbids, and Python deprecates those versions: both are lifted here, for
    this one probe, so the server (not our own library) is what refuses."""
    context = unverified()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        context.minimum_version = version
        context.maximum_version = version
    if version < ssl.TLSVersion.TLSv1_2:
        context.set_ciphers("DEFAULT:@SECLEVEL=0")
    return context


async def handshake(address: str, port: int, server_name: str, context: ssl.SSLContext,
                    budget: float) -> Handshake:
    """Connect, handshake with SNI `server_name`, read what was negotiated, and hang up."""
    try:
        async with asyncio.timeout(budget):
            _, writer = await asyncio.open_connection(address, port, ssl=context, server_hostname=server_name,
                                                      ssl_handshake_timeout=budget)
    except ssl.SSLCertVerificationError as error:
        return Handshake("verify", detail=error.verify_message or str(error), verify_code=error.verify_code)
    except ssl.SSLError as error:
        return Handshake("tls", detail=error.reason or str(error), reason=error.reason)
    except TimeoutError:
        return Handshake("timeout", detail=f"no TLS handshake within {seconds(budget)}")
    except ConnectionResetError as error:
        return Handshake("tls", detail=f"the server reset the connection during the handshake ({error})")
    except OSError as error:
        return Handshake("connect", detail=error.strerror or str(error))
    tls = writer.get_extra_info("ssl_object")
    result = Handshake("ok", version=tls.version(), der=tls.getpeercert(binary_form=True))
    writer.transport.abort()
    return result
