"""Instructions each side runs before its first DNS query, counted by valgrind's callgrind: the part of
`validate --only dns` that no concurrency can hide, measured without noise (a count, not a time: the same
on a busy machine).

    .venv/bin/python bench/startup_instructions.py     # needs valgrind (apt install valgrind) and octoDNS

Both commands run on the same zone (bench/big_zones.py's stack with no extra records) and stop at their
first datagram: a wrapper replaces `socket.socket.sendto` and `send` with an immediate exit, so no server
is needed. launchready runs as an installed copy runs (bench/octodns_side.py), octoDNS from its own
virtualenv. The lines below the two totals split launchready's count by what it imports, each line the
count of a bare interpreter importing that much.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml
from big_zones import big_stack
from dns_vs_octodns import ADDRESSES, RESOLVERS  # the timed benchmark's servers; never asked here
from octodns_side import ENV, LAUNCHREADY, OCTO_BIN, ROOT, octodns_missing, octodns_version, octodns_zone, write_octodns

STOP_AT_FIRST_SEND = """
import os, socket, sys
def first_send(self, *args, **kwargs):
    os._exit(0)
socket.socket.sendto = socket.socket.send = first_send
entry = sys.argv.pop(1)
sys.argv[0] = entry
if entry == "octodns-report":
    from octodns.cmds.report import main
else:
    from launchready.cli import main
main()
"""

PYDANTIC = "import pydantic.main, pydantic.types, pydantic.type_adapter"
LAYERS = (
    ("the interpreter", "pass"),
    ("+ pydantic", PYDANTIC),
    ("+ typer", f"{PYDANTIC}; import typer, typer._adapters"),
    ("+ the spec and plan models", f"{PYDANTIC}; import typer, typer._adapters, launchready.core.plan"),
    ("+ the validators and dnspython", f"{PYDANTIC}; import typer, typer._adapters, launchready.core.plan, "
     "validators.context, validators.runner, validators.dns"),
)


def instructions(command: list[str], env: dict[str, str] = ENV) -> int:
    """Instructions callgrind counts for the whole process (its children are not followed)."""
    done = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
                          capture_output=True, text=True, env=env, check=False, timeout=600)
    found = re.search(r"Collected : (\d+)", done.stderr)
    if found is None:
        raise SystemExit(f"callgrind counted nothing for {command[:3]}: {done.stderr[-800:]}")
    return int(found.group(1))


def commands(work: Path) -> tuple[list[str], list[str]]:
    """launchready's and octoDNS's command lines for the same zone, each through the stopping wrapper."""
    (work / "Pulumi.yaml").write_text((ROOT / "Pulumi.yaml").read_text())
    stack = work / "Pulumi.bench.yaml"
    stack.write_text(yaml.safe_dump(big_stack(0), sort_keys=False))
    plan = json.loads(subprocess.run([*LAUNCHREADY, "plan", "--stack-file", str(stack), "--format", "json"],
                                     capture_output=True, text=True, env=ENV, check=True).stdout)
    config = write_octodns(work / "octodns", plan["zone"], octodns_zone(plan), None)
    wrapper = work / "stop_at_first_send.py"
    wrapper.write_text(STOP_AT_FIRST_SEND)
    servers = [arg for a in ADDRESSES[:RESOLVERS] for arg in ("--resolver", f"{a}:53")]
    servers += [arg for a in ADDRESSES[RESOLVERS:] for arg in ("--authoritative", f"{a}:53")]
    ours = [LAUNCHREADY[0], str(wrapper), "launchready", "validate", "--stack-file", str(stack), "--only", "dns",
            *servers, "--format", "json"]
    theirs = [str(OCTO_BIN / "python"), str(wrapper), "octodns-report", "--config-file", str(config), "--zone",
              plan["zone"] + ".", "--source", "config", "--concurrency", "256", *ADDRESSES]
    return ours, theirs


def main() -> None:
    missing = octodns_missing() or (None if shutil.which("valgrind") else "valgrind is not installed: "
                                    "apt install valgrind")
    if missing:
        raise SystemExit(missing)
    # From bytecode, as an installed copy runs (pip compiles it): under PYTHONDONTWRITEBYTECODE a changed
    # module would be compiled again on every run and counted.
    subprocess.run([sys.executable, "-m", "compileall", "-q", "launchready", "validators"], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL)
    with tempfile.TemporaryDirectory() as temp:
        ours, theirs = commands(Path(temp))
        print(f"instructions before the first DNS query (millions; octoDNS {octodns_version()}, 256 workers)")
        print(f"{'launchready validate --only dns':<40} {instructions(ours) / 1e6:>8,.0f}")
        alone = {key: value for key, value in ENV.items() if key != "PYTHONPATH"}  # octoDNS needs no path of ours
        print(f"{'octodns-report':<40} {instructions(theirs, alone) / 1e6:>8,.0f}")
    print("launchready's count, layer by layer (a bare interpreter importing that much):")
    for label, code in LAYERS:
        print(f"  {label:<38} {instructions([LAUNCHREADY[0], '-c', code]) / 1e6:>8,.0f}")


if __name__ == "__main__":
    sys.exit(main())
