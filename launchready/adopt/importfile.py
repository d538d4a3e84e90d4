"""The Pulumi import file for `pulumi import --file`: every existing record and ruleset the component
will manage, under the exact names it gives them (launchready.core.naming) and as children of the
ProductDomain component, so the next `pulumi up` finds them in state instead of creating them.

Format (pulumi/pulumi pkg/cmd/pulumi/operations/import.go, `importFile`/`importSpec`, read 2026-11):
{"nameTable": {name: URN}, "resources": [{"type", "name", "id", "parent", "logicalName", "component"}]}.
`name` is the variable name in generated code, `logicalName` the Pulumi resource name; a parent is a
name from nameTable (an existing resource) or from resources (a component the import creates, Pulumi
≥ 3.94). Import ids: `<zone_id>/<record_id>` for DnsRecord, `zones/<zone_id>/<ruleset_id>` for Ruleset,
the zone id for Zone (pulumi-cloudflare 6.23 docs).
"""

from __future__ import annotations

import re
from typing import Any

from launchready.adopt.model import Adoption
from launchready.core.errors import InputError
from launchready.core.naming import COMPONENT_NAME, DNS_RECORD_TYPE, PRODUCT_DOMAIN_TYPE, RULESET_TYPE, ZONE_TYPE


def component_urn(stack: str, project: str, component: str = COMPONENT_NAME) -> str:
    """The ProductDomain's URN: a direct child of the stack, so its type is not qualified by a parent."""
    return f"urn:pulumi:{stack}::{project}::{PRODUCT_DOMAIN_TYPE}::{component}"


def variable(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_]", "_", name)


def child(rtype: str, logical_name: str, import_id: str) -> dict[str, Any]:
    return {"type": rtype, "name": variable(logical_name), "logicalName": logical_name, "id": import_id,
            "parent": COMPONENT_NAME}


def import_resources(adoption: Adoption) -> list[dict[str, Any]]:
    zone_id = adoption.zone.zone_id
    if not zone_id or any(m.existing.id is None for m in adoption.records):
        raise InputError("the records carry no Cloudflare ids (a zone file has none); run adopt with "
                         "--from-cloudflare to fetch them and write the import file")
    resources = []
    if adoption.zone_resource:
        resources.append(child(ZONE_TYPE, adoption.zone_resource, zone_id))
    resources += [child(DNS_RECORD_TYPE, m.resource, f"{zone_id}/{m.existing.id}") for m in adoption.records]
    resources += [child(RULESET_TYPE, m.resource, f"zones/{zone_id}/{m.existing.id}") for m in adoption.rulesets]
    return sorted(resources, key=lambda r: (r["type"], r["logicalName"]))


def import_file(adoption: Adoption, stack: str, project: str, create_component: bool = False) -> dict[str, Any]:
    """The document for `pulumi import --file`. By default the parent component is named in nameTable
    (it is in state once any `pulumi up` ran); `create_component` declares it instead, for a stack that
    has never been deployed."""
    resources = import_resources(adoption)
    if create_component:
        component = {"type": PRODUCT_DOMAIN_TYPE, "name": COMPONENT_NAME, "component": True}
        return {"resources": [component, *resources]}
    return {"nameTable": {COMPONENT_NAME: component_urn(stack, project)}, "resources": resources}
