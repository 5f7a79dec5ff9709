"""Stage codes and their titles, across every route (a stage code means the same everywhere)."""

from __future__ import annotations

from functools import cache

from .nodes import Stage


@cache
def _titles() -> dict[str, object]:
    from .flows import ROUTES

    titles: dict[str, object] = {}
    for flow_class in ROUTES.values():
        for node in flow_class.instance.nodes():
            if isinstance(node, Stage):
                titles.setdefault(node.stage, node.task_title)
    return titles


def stage_title(code: str) -> str:
    """The stage's title in the active language (titles are lazy translations)."""
    title = _titles().get(code)
    return str(title) if title is not None else code


def stage_codes() -> list[str]:
    return list(_titles())
