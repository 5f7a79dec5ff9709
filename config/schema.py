"""The OpenAPI schema documents every error an operation can answer.

Every error has the one shape of config/api.py, ``{code, message, fields}``. Which statuses
an operation can give follows from what it is, so they are added here for all operations
at once (a drf-spectacular postprocessing hook) rather than on each view, where one would
be forgotten. tests/api/test_schemathesis.py fails on any status the schema does not list.
"""

from __future__ import annotations

ERROR = {
    "type": "object",
    "description": "Every error: a code, a message in the user's language, the inputs at fault.",
    "properties": {
        "code": {"type": "string"},
        "message": {"type": "string"},
        "fields": {"type": "object", "additionalProperties": True},
    },
    "required": ["code", "message", "fields"],
}

DESCRIPTIONS = {
    400: "The input is not valid, or the rules block the action (fields, findings).",
    401: "Not logged in: send a token (Authorization: Token …) or a session.",
    403: "Logged in but not allowed to do this.",
    404: "No such thing, or you may not see it.",
    409: "The state moved on: decided meanwhile, or no longer changeable.",
    413: "The request body is too large.",
    429: "Too many failed logins: the username is locked for a while (Retry-After).",
    503: "The signer is unavailable; nothing was signed.",
}

TOKEN_PATH = "/api/auth/token/"  # noqa: S105 - a path, not a password
STATEFUL_PREFIXES = ("/api/cases/", "/api/tasks/")
SIGNING_PATHS = ("/api/tasks/{id}/approve/", "/api/tasks/{id}/decide/", "/api/tasks/{id}/signing-code/")


def error_statuses(path: str, method: str) -> list[int]:
    """The error statuses ``method`` on ``path`` can answer."""
    statuses = [400]
    if path != TOKEN_PATH:
        statuses += [401, 403]
    if "{" in path or method == "get":  # an id, or a page past the last one
        statuses.append(404)
    if method != "get" and path.startswith(STATEFUL_PREFIXES):
        statuses.append(409)
    if method in ("post", "put", "patch"):
        statuses.append(413)
    if path == TOKEN_PATH:
        statuses.append(429)
    if path in SIGNING_PATHS:
        statuses.append(503)
    return statuses


def add_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook: the Error component and each operation's errors."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    reference = {"$ref": "#/components/schemas/Error"}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            for status in error_statuses(path, method):
                responses.setdefault(
                    str(status),
                    {
                        "description": DESCRIPTIONS[status],
                        "content": {"application/json": {"schema": reference}},
                    },
                )
    return result
