"""Hostile stack files and the commands that read them, shared by the hostile-input and canary tests."""

from __future__ import annotations

import codecs
import subprocess
from pathlib import Path

from typer.testing import CliRunner, Result

from launchready.cli import app

RUNNER = CliRunner()
HEAD = "config:\n  launchready:domain:\n    zone: example.com\n    origin: {ipv4: [192.0.2.10]}\n"


def bomb(levels: int) -> str:
    lines = ["    x0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"    x{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, levels)]
    return "config:\n  launchready:domain:\n" + "\n".join(lines) + "\n"


HOSTILE: dict[str, bytes] = {
    "non-utf8 in a comment": (HEAD + "# caf\xe9\n").encode("latin-1"),
    "utf-16 with bom": codecs.BOM_UTF16_LE + HEAD.encode("utf-16-le"),
    "600 deep": (HEAD + "    records: " + "[" * 600 + "]" * 600 + "\n").encode(),
    "recursive alias": (HEAD + "    records: &r [*r]\n").encode(),
    "alias bomb": bomb(9).encode(),
    "lone surrogate": (HEAD + '    records: [{type: TXT, content: "\\ud800"}]\n').encode(),
    "5000-digit number": (HEAD + "    records: [{type: TXT, name: a, ttl: " + "9" * 5000 + "}]\n").encode(),
    "escape character": (HEAD + '    records: [{type: TXT, content: "\\e[2J"}]\n').encode(),
    "nul in text": (HEAD + '    records: [{type: TXT, content: "a\\0b"}]\n').encode(),
    "yaml 1.1 sexagesimal": (HEAD + "    hosts: {www: {ttl: 5:00, proxied: false}}\n").encode(),
    "5 MB of comments": b"#" * (5 * 1024 * 1024) + b"\n",
    "ambiguous octal": (HEAD + "    hosts: {www: {ttl: 0300, proxied: false}}\n").encode(),
    "null key": (HEAD + "    hosts: {~: {}}\n").encode(),
}


def stack_commands(path: Path, tmp: Path) -> dict[str, list[str]]:
    """Every command that reads a stack file, pointed at `path`, with nothing reached over the network."""
    offline = ["--resolver", "127.0.0.1:9", "--timeout", "0.1", "--deadline", "1"]
    return {
        "plan": ["plan", "--stack-file", str(path)],
        "preflight": ["preflight", "--stack-file", str(path)],
        "report": ["report", "--stack-file", str(path)],
        "validate": ["validate", "--stack-file", str(path), "--only", "dns", *offline],
        "diff": ["diff", "--stack-file", str(path), "--base", "HEAD"],
        "email ses": ["email", "ses", "--stack-file", str(path), "--region", "eu-west-1",
                      "--endpoint-url", "http://127.0.0.1:9"],
        "demo": ["demo", "--stack-file", str(path)],
        "adopt": ["adopt", "--stack-file", str(path), "--zone-file", str(tmp / "none.zone")],
    }


def committed(folder: Path, name: str, data: bytes) -> Path:
    """`data` as NAME in a fresh git repository in `folder`, committed, so `diff --base HEAD` reads it too."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    git = ["git", "-c", "user.email=t@example.com", "-c", "user.name=t", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    subprocess.run([*git, "-C", str(folder), "add", "-A"], check=True)
    subprocess.run([*git, "-C", str(folder), "commit", "-q", "-m", "stack"], check=True)
    return path


def run(args: list[str]) -> Result:
    return RUNNER.invoke(app, args, env={"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"})
