"""One cloudflare.ZoneSetting per TLS setting (pulumi-cloudflare v6 has no ZoneSettingsOverride).

`value` is typed Any, so the provider sends it verbatim: the HSTS object must already use the API's
snake_case keys, which `ZoneSettings.as_cloudflare()` guarantees (pulumi-cloudflare#1579: the
docstring's camelCase form diffs on every preview; read 2026-11). `value` is also required.
"""

from __future__ import annotations

import pulumi_cloudflare as cloudflare

from components.scope import DomainScope, Exports
from launchready.core.naming import setting_name


def build_settings(scope: DomainScope) -> Exports:
    for setting_id, value in scope.plan.zone_settings.as_cloudflare().items():
        cloudflare.ZoneSetting(setting_name(setting_id, scope.name), zone_id=scope.zone_id,
                               setting_id=setting_id, value=value, opts=scope.opts())
    return {}
