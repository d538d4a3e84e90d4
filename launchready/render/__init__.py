"""Renderers: plans and reports as text tables, JSON, Markdown (PR comments) and JUnit XML."""
