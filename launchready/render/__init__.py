"""Renderers: plans and reports as text tables, JSON, Markdown (PR comments) and JUnit XML."""


def plural(n: int, noun: str) -> str:
    """'1 error', '2 errors': counts read as sentences in headlines and summaries."""
    return f"{n} {noun}" + ("" if n == 1 else "s")
