"""Several stacks in one run: `--stack` repeated, `--all-stacks`, `--project-dir` repeated.

A small layer the stack-reading commands call when more than one stack is named: targets.py resolves the
stack files (a project folder whose project file cannot be read is one target holding its problem, so it
becomes that product's bad-input section); load.py loads and plans each one, so that a stack that fails to
parse becomes its own section with exit code 2 while the others still run, and refuses two stacks declaring
one zone; checks.py runs validate (one event loop, one shared DNS budget and probe limit; with several CPUs,
shards.py shares the stacks out over worker processes that split that budget), preflight and `diff --live`
per stack;
documents.py and handovers.py do plan and report; diffs.py does diff, with the stacks and their files
read at the two revisions; alerts.py sends `monitoring test-alert` for every stack at once through one
client; ses.py sets up `email ses` for each stack in turn through one SES client (reading each stack
file, not planning it); render.py writes the one report (JSON keyed by
stack, JUnit with a suite per stack, Markdown and text with a portfolio table, worst first). matrix.py is
the CI deploy matrix. One stack named once keeps the single-stack path and its output, byte for byte.
"""
