"""The JSON parser of the API (settings' DEFAULT_PARSER_CLASSES and the upload views).

It lives beside the views that name it, not in ``config``: apps import nothing from the
project package, which sits on top and imports them for its urls and settings.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import exceptions, parsers

# Deeper than any input of ours: a case's data is a few levels at most. Python's json
# module would raise RecursionError (a 500) some thousand levels down.
MAX_JSON_DEPTH = 32


def _depth(value) -> int:
    """How deeply ``value`` nests lists and objects, counted without recursion."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children)
    return deepest


class BoundedJSONParser(parsers.JSONParser):
    """DRF's JSON parser, refusing input nested deeper than ``MAX_JSON_DEPTH`` with a 400."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            data = None
            deep = True
        else:
            deep = _depth(data) > MAX_JSON_DEPTH
        if deep:
            raise exceptions.ParseError(_("The JSON is nested too deeply."), code="too_deep")
        return data
