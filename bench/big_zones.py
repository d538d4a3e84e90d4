"""Plan and diff of a zone with N extra records, side by side with octoDNS on the same records:

    .venv/bin/python bench/big_zones.py [--sizes 1000,5000,20000] [--runs 3]

launchready: `plan --format json` of a generated stack (the staging stack plus N A records), and `diff`
of that stack between a git commit and the working tree with one record changed. octoDNS 1.22: the same
records as a YAML zone, `octodns-validate` (reads and validates the zone) and `octodns-sync` without
--doit (the noop plan of the one change against a YAML target holding the committed zone). Every figure
is the median wall time of whole processes, start-up included. The growth exponent is the slope of
log(time) against log(N) between consecutive sizes (1 is linear).
"""

from __future__ import annotations

import argparse
import json
import math
import subprocess
import tempfile
from pathlib import Path

import yaml
from octodns_side import (
    ENV,
    LAUNCHREADY,
    OCTO_BIN,
    ROOT,
    median,
    octodns_missing,
    octodns_version,
    octodns_zone,
    write_octodns,
)

GIT = ["git", "-c", "user.name=bench", "-c", "user.email=bench@example.com"]


def big_stack(count: int) -> dict[str, object]:
    document = yaml.safe_load((ROOT / "Pulumi.staging.yaml").read_text())
    spec = document["config"]["launchready:domain"]
    spec["records"] = [*spec.get("records", []),
                       *({"name": f"host{i}", "type": "A", "content": f"192.0.2.{i % 250 + 1}"} for i in range(count))]
    return document


def project(directory: Path, count: int) -> Path:
    """A git repository: the stack committed, then one record changed in the working tree."""
    directory.mkdir(parents=True)
    (directory / "Pulumi.yaml").write_text((ROOT / "Pulumi.yaml").read_text())
    document = big_stack(count)
    stack = directory / "Pulumi.big.yaml"
    stack.write_text(yaml.safe_dump(document, sort_keys=False))
    for command in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "base"]):
        subprocess.run([*GIT, *command], cwd=directory, check=True, capture_output=True)
    document["config"]["launchready:domain"]["records"][-1]["content"] = "198.51.100.99"
    stack.write_text(yaml.safe_dump(document, sort_keys=False))
    return stack


def planned(stack: Path) -> dict[str, object]:
    done = subprocess.run([*LAUNCHREADY, "plan", "--stack-file", str(stack), "--format", "json"],
                          capture_output=True, text=True, env=ENV, check=True)
    result: dict[str, object] = json.loads(done.stdout)
    return result


def octodns_side(directory: Path, repo: Path, stack: Path) -> Path:
    """The octoDNS config: source = the changed zone, target = the committed one."""
    directory.mkdir(parents=True)
    base = directory / "Pulumi.base.yaml"
    base.write_text(subprocess.run(["git", "show", "main:Pulumi.big.yaml"], cwd=repo, capture_output=True,
                                   text=True, check=True).stdout)
    new, old = planned(stack), planned(base)
    return write_octodns(directory / "octodns", str(new["zone"]), octodns_zone(new), octodns_zone(old))


def measure(count: int, runs: int, work: Path) -> dict[str, float]:
    repo = work / f"n{count}"
    stack = project(repo, count)
    config = octodns_side(work / f"octo{count}", repo, stack)
    return {
        "plan": median([*LAUNCHREADY, "plan", "--stack-file", str(stack), "--format", "json"], runs),
        "diff": median([*LAUNCHREADY, "diff", "--project-dir", str(repo), "--stack", "big", "--base", "main",
                        "--format", "json"], runs),
        "validate": median([str(OCTO_BIN / "octodns-validate"), "--config-file", str(config)], runs),
        "sync": median([str(OCTO_BIN / "octodns-sync"), "--config-file", str(config)], runs),
    }


def exponent(sizes: list[int], times: list[float], at: int) -> str:
    if at == 0:
        return "-"
    return f"{math.log(times[at] / times[at - 1]) / math.log(sizes[at] / sizes[at - 1]):.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,5000,20000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    missing = octodns_missing()
    if missing:
        raise SystemExit(missing)
    sizes = [int(size) for size in args.sizes.split(",")]
    print(f"median of {args.runs} runs, whole processes; octoDNS {octodns_version()}")
    print(f"{'N':>6} {'plan':>8} {'validate':>9} {'ratio':>6} {'diff':>8} {'sync':>8} {'ratio':>6} "
          f"{'diff/plan':>9} {'exp plan':>8} {'exp diff':>8}")
    results: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory() as temp:
        for at, count in enumerate(sizes):
            results.append(measure(count, args.runs, Path(temp)))
            r = results[-1]
            plans, diffs = [x["plan"] for x in results], [x["diff"] for x in results]
            print(f"{count:>6} {r['plan']:>7.2f}s {r['validate']:>8.2f}s {r['validate'] / r['plan']:>5.2f}x "
                  f"{r['diff']:>7.2f}s {r['sync']:>7.2f}s {r['sync'] / r['diff']:>5.2f}x "
                  f"{r['diff'] / r['plan']:>8.2f}x "
                  f"{exponent(sizes, plans, at):>8} {exponent(sizes, diffs, at):>8}", flush=True)
    print("ratio > 1: launchready faster than octoDNS on the same records (`octodns-validate` vs `plan`, "
          "`octodns-sync` noop vs `diff`).")

if __name__ == "__main__":
    main()
