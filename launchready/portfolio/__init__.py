"""Several stacks in one run: `--stack` repeated, `--all-stacks`, `--project-dir` repeated.

A small layer the stack-reading commands call when more than one stack is named: it resolves the stack
files (targets.py), loads and plans each one so that a stack that fails to parse becomes its own section
with exit code 2 while the others still run (load.py), runs the work of each command for every stack in
one process (run.py; validate shares one DNS budget across stacks) and renders one report with a section
per stack (render.py). One stack keeps the single-stack path and its output byte for byte.
"""
