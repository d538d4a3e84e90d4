"""`launchready report` over several stacks: one Markdown document (a portfolio table, then each stack's
handover), or with --format html one self-contained file per stack plus an index, in an --output folder."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from launchready.core.errors import InputError
from launchready.core.files import require_output_folder_for_stacks, write_all
from launchready.core.findings import Report, printable_value
from launchready.handover.provenance import Owner, require_file, require_owner
from launchready.handover.results import report_of, require_version, results_document
from launchready.portfolio.documents import finish, run_sections
from launchready.portfolio.load import Loaded
from launchready.portfolio.render import headline, render_markdown_portfolio
from launchready.portfolio.section import Section, worst_exit
from launchready.portfolio.targets import Targets, folder_name, require_distinct_folders
from launchready.render import plural
from launchready.render.formats import HandoverFormat

PORTFOLIO_HINT = "give the output of `launchready validate --all-stacks --format json`"


@dataclass(frozen=True)
class Results:
    """A portfolio `validate --format json` document's reports by stack key, each read as a one-stack
    document is (None: validate stopped on bad input for that stack). Empty without --results."""

    path: Path | None = None
    reports: dict[str, Report | None] = field(default_factory=dict)
    places: dict[str, tuple[object, str | None]] = field(default_factory=dict)
    """Each section's `file` and `zone` as validate wrote them beside its report (checked, never trusted)."""

    def of(self, key: str, owner: Owner) -> Report | None:
        """Stack `key`'s results, when they are `owner`'s: a section of another zone or stack file (every
        product has a `prod`) is bad input for this stack, exit 2 (launchready.handover.provenance). Both
        the section's zone and its summary's, when it has both, must be the stack's."""
        report = self.reports.get(key)
        if report is None:
            return None
        source = f"--results {self.path} (stack {printable_value(key[:60])})"
        file, zone = self.places.get(key, (None, None))
        require_owner(report, owner, source)
        report = report if zone is None else require_owner(report.model_copy(update={"zone": zone}), owner, source)
        require_file(file, owner, source)
        return report

    def missing(self, key: str) -> str | None:
        """Why the handover of stack `key` shows no results although --results was given, or None."""
        if self.path is None or self.reports.get(key) is not None:
            return None
        if key in self.reports:
            return (f"`launchready validate` stopped on bad input for stack {key} ({self.path}), so there are no "
                    "results to show; fix the stack file and validate again.")
        return (f"No validation results for stack {key} in {self.path}: it holds {held(self.reports)}. Give "
                "`report` the same --stack and --project-dir options as `validate`, or validate this stack.")


def held(reports: dict[str, Report | None]) -> str:
    """The stack keys a results file holds, as code, printable, at most ten (keys come from the file)."""
    keys = [f"`{str(printable_value(key[:60])).replace('`', chr(39))}`" for key in list(reports)[:10]]
    more = f" and {len(reports) - 10} more" if len(reports) > 10 else ""
    return (", ".join(keys) + more) if keys else "no stacks"


def portfolio_results(path: Path | None) -> Results:
    """The --results file through the one hardened reader, every stack's section validated as a one-stack
    document: a malformed one stops the run (exit 2) naming the file, the stack and the field."""
    if path is None:
        return Results()
    document = results_document(path, PORTFOLIO_HINT)
    require_version(document, f"--results {path}")
    stacks = document.get("stacks") if isinstance(document, dict) else None
    if not isinstance(stacks, dict):
        raise InputError(f"--results {path}: no \"stacks\" object; with several stacks {PORTFOLIO_HINT}")
    reports = {key: section_report(path, key, section) for key, section in stacks.items()}
    places = {key: (section.get("file"), section_zone(path, key, section))
              for key, section in stacks.items() if isinstance(section, dict)}
    return Results(path, reports, places)


def section_report(path: Path, key: str, section: Any) -> Report | None:
    if isinstance(section, dict) and "findings" not in section and "error" in section:
        return None  # validate's bad-input section: the stack never ran
    return report_of(section, f"--results {path} (stack {printable_value(key[:60])})", PORTFOLIO_HINT)


def section_zone(path: Path, key: str, section: dict[str, Any]) -> str | None:
    """The zone validate writes beside every section (null when the stack never ran), whose summary of
    an older launchready has none."""
    zone = section.get("zone")
    if zone is not None and not isinstance(zone, str):
        raise InputError(f"--results {path} (stack {printable_value(key[:60])}): zone: Input should be a valid "
                         f"string; {PORTFOLIO_HINT}")
    return zone


def handover_section(results: Results, fmt: str) -> Any:
    from launchready.core.spec.loading import read_yaml
    from launchready.handover import handover, render
    from launchready.handover.secrets import inventory
    from launchready.preflight.environment import required_variables

    def section(loaded: Loaded) -> Section:
        assert loaded.stack is not None and loaded.plan is not None
        target, spec = loaded.target, loaded.stack.spec
        missing, stack_document = results.missing(target.key), read_yaml(target.path)
        secrets = inventory(target.path, stack_document, required_variables(spec, stack_document))
        owner = Owner(target.name, loaded.plan.zone, target.path)
        document = handover(loaded.plan, spec, stack_document, results.of(target.key, owner), secrets,
                            no_results=missing)
        gist = f"{len(loaded.plan.records)} records" + (", no validation results" if missing else "")
        return Section(target.key, target.path, loaded.plan.zone, 0, body=render(document, HandoverFormat(fmt)),
                       gist=gist)

    return section


def run_report(targets: Targets, results: Path | None, fmt: str, output: Path | None) -> int:
    if fmt == "html":
        return html_folder(targets, results, output)
    sections = run_sections(targets, handover_section(portfolio_results(results), fmt))
    return finish(sections, "markdown", "launchready report", output)


def html_folder(targets: Targets, results: Path | None, output: Path | None) -> int:
    """One HTML file per stack and an index.md in --output, checked before anything is written and written
    all or none (write_all): a failed run never leaves some stacks' new handovers beside others' old ones."""
    folder = html_output(targets, output)
    sections = run_sections(targets, handover_section(portfolio_results(results), "html"))
    files = {folder / f"{folder_name(s.key)}.html": s.body.encode() for s in sections if s.body}
    index = render_markdown_portfolio([s if s.problem else replace_body(s) for s in sections], "launchready report")
    files[folder / "index.md"] = index.encode()
    try:
        write_all(files)
    except OSError as error:
        raise InputError(f"--output {folder}: cannot write {error.filename} ({error.strerror or error}); give a "
                         "folder you can write to") from None
    say_outcome(sections, folder, len(files) - 1)
    return worst_exit(sections)


def say_outcome(sections: list[Section], folder: Path, written: int) -> None:
    """The documents are files, so stderr says why each failed stack failed (as the one-stack command would)
    and the run's verdict, as the other portfolio commands do with --output: never a bare exit code."""
    for section in sections:
        if section.problem:
            print(section.problem if section.problem.startswith("error: ") else f"error: {section.problem}",
                  file=sys.stderr)
    print(f"{headline(sections, 'launchready report')}; wrote {plural(written, 'HTML handover')} and "
          f"{folder / 'index.md'}", file=sys.stderr)


def html_output(targets: Targets, output: Path | None) -> Path:
    """--output as a folder that can hold every stack's file: given, not a file, no file on its way, and no
    two stacks sharing a file name (keys x/prod and x_prod both give x_prod.html)."""
    if output is None:
        raise InputError("--format html with several stacks writes one file per stack and an index.md: give "
                         "--output FOLDER")
    require_output_folder_for_stacks(output, "one HTML file per stack and an index.md")
    require_distinct_folders(targets.stacks, "--output")
    return output


def replace_body(section: Section) -> Section:
    """The stack's part of index.md: a link to its HTML file, named as the file is (`my shop (eu)_prod.html`
    is a link too: launchready.render.escape.md_file_link)."""
    from dataclasses import replace

    from launchready.render.escape import md_file_link

    return replace(section, body=md_file_link(f"{folder_name(section.key)}.html"))
