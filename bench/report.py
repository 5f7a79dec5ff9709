"""Markdown for docs/benchmarks.md, without Django: the load test's driver uses it too."""

from __future__ import annotations


def table(headers: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def write(text: str, target, heading: str) -> None:
    """Replace this section of ``target`` (up to the next second-level heading), or append it."""
    document = target.read_text(encoding="utf-8") if target.exists() else "# Benchmarks\n"
    start = document.find(heading)
    if start < 0:
        document = document.rstrip("\n") + "\n\n" + text + "\n"
    else:
        end = document.find("\n## ", start + len(heading))
        rest = document[end:] if end >= 0 else "\n"
        document = document[:start] + text + "\n" + rest
    target.write_text(document, encoding="utf-8")
