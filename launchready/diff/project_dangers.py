"""Changes to the Pulumi project file: what `pulumi up` runs and which config it reads.

A pull request can leave every stack file alone and still change the deploy: point `main` at another program,
move the stack config (`stackConfigDir`, Pulumi.yaml renamed Pulumi.yml), rename the project (the config
namespace) or give every stack new defaults (`config`). Pulumi docs, "Project file reference" (read 2026-11).
Every such change is dangerous; only `description` and `template` (read by `pulumi new` alone) are not.
A changed value is shown only when its shape cannot hold a secret (launchready.core.redact); `config`
defaults are named by key, never shown.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from launchready.core.project import Project
from launchready.core.redact import shown, shown_key
from launchready.diff.model import Danger

UNUSED_BY_UP = frozenset({"description", "template"})

MOVED = ("Pulumi reads each stack's config file, Pulumi.STACK plus the project file's extension, from the "
         "`stackConfigDir` folder (else the project folder); this diff compares the files Pulumi reads at each "
         "revision, so a stack file left at the old place is no longer what is deployed: review them at the new one")
WHY = {
    "file": MOVED,
    "stackConfigDir": MOVED,
    "main": "`pulumi up` runs the program at `main` with the deploy token; another program can create, change or "
            "delete anything that token reaches, and no stack file shows it: review that program line by line",
    "runtime": "the runtime says how `pulumi up` starts the program (language, virtualenv, toolchain, binary), so "
               "it can run code other than launchready's program: review what it runs",
    "name": "config keys are namespaced by the project name (`<name>:domain`) and stacks belong to their project, "
            "so `pulumi up` reads other keys and may address other stacks in the backend",
    "config": "project-level config gives every stack default values, so it can change what a stack deploys "
              "without its stack file changing: review each default",
}
OTHER = ("this setting changes how Pulumi runs the program, which plugins it loads or where it keeps state; "
         "launchready does not judge it: review it")


def file_label(project: Project) -> str:
    return project.filename or "no project file"


def value_text(key: Any, value: Any) -> str:
    if value is None:
        return "unset"
    if key == "config" and isinstance(value, dict):
        return "keys " + ", ".join(shown_key(str(name)) for name in list(value)[:6]) if value else "no keys"
    return shown(value)


def config_keys(base: Any, head: Any) -> str:
    """The project config keys whose default changed, by name (a default can be a secret)."""
    old, new = (value if isinstance(value, dict) else {} for value in (base, head))
    keys = sorted(str(key) for key in {**old, **new} if old.get(key) != new.get(key))
    more = f" and {len(keys) - 6} more" if len(keys) > 6 else ""
    return ", ".join(f"`{shown_key(key)}`" for key in keys[:6]) + more


def setting_danger(key: Any, base: Project, head: Project) -> Danger:
    old, new = base.settings.get(key), head.settings.get(key)
    where = file_label(head) if head.filename else file_label(base)
    if key == "config":
        change = f"{where} changes the project config defaults of {config_keys(old, new) or 'its keys'}"
    else:
        change = f"{where} changes `{shown_key(str(key))}` from {value_text(key, old)} to {value_text(key, new)}"
    rule = "project." + {"stackConfigDir": "stack-config-dir"}.get(key, key if key in WHY else "setting")
    return Danger(rule=rule, subject=f"{where} {shown_key(str(key))}", change=change, why=WHY.get(key, OTHER))


def project_dangers(base: Project | None, head: Project | None) -> Iterator[Danger]:
    """Every change between the project files of two revisions; nothing when either was not read."""
    if base is None or head is None:
        return
    if base.filename != head.filename:
        yield Danger(rule="project.file", subject=f"{file_label(base)} → {file_label(head)}",
                     change=f"the project file changes from {file_label(base)} to {file_label(head)}",
                     why=MOVED if head.filename else "without a project file in the folder, Pulumi uses the "
                     "nearest folder above that holds one, with its program and stack files")
    keys = [key for key in dict.fromkeys([*base.settings, *head.settings]) if key not in UNUSED_BY_UP]
    for key in keys:
        if base.settings.get(key) != head.settings.get(key):
            yield setting_danger(key, base, head)
