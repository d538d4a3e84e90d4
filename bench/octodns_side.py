"""What the octoDNS benchmarks share: the same records as an octoDNS YAML zone, an octoDNS config over
it, where octoDNS is installed (a separate virtualenv, never the project's), and a median timer.

octoDNS is installed for the benchmarks only: python3 -m venv /work/octo-venv &&
/work/octo-venv/bin/pip install 'octodns==1.22.*' (override with OCTODNS_VENV).
"""

from __future__ import annotations

import atexit
import os
import shlex
import shutil
import statistics
import subprocess
import sysconfig
import tempfile
import time
import venv
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
OCTO_BIN = Path(os.environ.get("OCTODNS_VENV", "/work/octo-venv")) / "bin"


def installed_python() -> Path:
    """An interpreter that sees launchready as `pip install` leaves it: a throwaway virtualenv whose
    site-packages names this tree and the project's dependencies as plain path entries. The project's own
    .venv holds an editable install, whose import hook (a .pth file run at every start) costs about 90
    million instructions, 6% of what `validate --only dns` runs before its first query (callgrind,
    2026-12-01); no installed copy pays it, and octoDNS's virtualenv has none. setuptools'
    distutils-precedence.pth, which octoDNS's virtualenv has too, is kept."""
    home = Path(tempfile.mkdtemp(prefix="launchready-bench-"))
    atexit.register(shutil.rmtree, home, ignore_errors=True)
    venv.create(home, with_pip=False)
    site = Path(sysconfig.get_paths(vars={"base": str(home), "platbase": str(home)})["purelib"])
    deps = Path(sysconfig.get_paths()["purelib"])
    (site / "_launchready-bench.pth").write_text(f"{ROOT}\n{deps}\n")  # read before distutils-precedence.pth
    if (deps / "distutils-precedence.pth").exists():
        shutil.copy(deps / "distutils-precedence.pth", site / "distutils-precedence.pth")
    return home / "bin" / "python"


LAUNCHREADY = [str(installed_python()), "-c", "from launchready.cli import main; main()"]
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


def octodns_missing() -> str | None:
    """Why octoDNS cannot run, or None."""
    if not (OCTO_BIN / "octodns-validate").exists():
        return (f"octoDNS is not installed in {OCTO_BIN.parent}: python3 -m venv {OCTO_BIN.parent} && "
                f"{OCTO_BIN}/pip install 'octodns==1.22.*'")
    return None


def octodns_version() -> str:
    done = subprocess.run([str(OCTO_BIN / "python"), "-c", "import octodns; print(octodns.__version__)"],
                          capture_output=True, text=True, check=False)
    return done.stdout.strip() or "?"


def median(command: list[str], runs: int = 3, cwd: Path | None = None) -> float:
    """Median wall seconds of `command` (a failing command stops the benchmark with its output)."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, cwd=cwd, env=ENV, check=False)
        times.append(time.perf_counter() - started)
        if done.returncode not in (0, 1):
            raise SystemExit(f"{shlex.join(command)} exited {done.returncode}:\n{done.stderr[-2000:]}")
    return statistics.median(times)


def octodns_value(record: dict[str, Any]) -> Any:
    rtype, content = record["type"], record["content"]
    if rtype in ("CNAME", "NS"):
        return content.rstrip(".") + "."
    if rtype == "MX":
        return {"preference": record["priority"], "exchange": content.rstrip(".") + "."}
    if rtype == "TXT":
        return content.replace(";", "\\;")
    if rtype == "CAA":
        flags, tag, value = content.split(" ", 2)
        return {"flags": int(flags), "tag": tag, "value": value.strip('"')}
    return content


def octodns_zone(plan: dict[str, Any]) -> dict[str, Any]:
    """The plan's records as an octoDNS YAML zone (SRV left out; automatic TTL written as 300)."""
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    zone = plan["zone"]
    for record in plan["records"]:
        if record["type"] != "SRV":
            name = "" if record["name"] == zone else record["name"].removesuffix("." + zone)
            grouped[(name, record["type"])].append(record)
    document: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for (name, rtype), records in grouped.items():
        values = [octodns_value(r) for r in records]
        ttl = 300 if records[0]["ttl"] == 1 else records[0]["ttl"]
        entry = {"type": rtype, "ttl": ttl, **({"value": values[0]} if rtype == "CNAME" else {"values": values})}
        document[name].append(entry)
    return dict(document)


def write_octodns(directory: Path, zone: str, source: dict[str, Any], target: dict[str, Any] | None) -> Path:
    """config/<zone>.yaml (and target/<zone>.yaml), and the octoDNS config file naming them."""
    for side, records in (("config", source), ("target", target)):
        (directory / side).mkdir(parents=True, exist_ok=True)
        if records is not None:
            (directory / side / f"{zone}.yaml").write_text(yaml.safe_dump(records, sort_keys=False))
    provider = "octodns.provider.yaml.YamlProvider"
    config = {"providers": {side: {"class": provider, "directory": str(directory / side), "enforce_order": False}
                            for side in ("config", "target")},
              "zones": {f"{zone}.": {"sources": ["config"], "targets": ["target"]}}}
    path = directory / "octodns.yaml"
    path.write_text(yaml.safe_dump(config, sort_keys=False))
    return path
