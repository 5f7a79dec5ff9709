"""Site-wide views that belong to no app: the region's emblem."""

from __future__ import annotations

import io
import mimetypes
from pathlib import Path

from django.conf import settings
from django.http import FileResponse, HttpResponse
from django.views.decorators.cache import cache_control

PLACEHOLDER = """<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100" role="img" aria-label="emblem">
<path d="M15 5h70v50L50 95 15 55z" fill="#1f4e79" stroke="#111" stroke-width="2"/>
<circle cx="50" cy="42" r="20" fill="#f2c94c"/>
<path d="M50 27l4.4 9 9.9 1.4-7.2 7 1.7 9.8L50 49.6l-8.8 4.6 1.7-9.8-7.2-7 9.9-1.4z" fill="#1f4e79"/>
</svg>"""


@cache_control(max_age=3600)
def emblem(request):
    """The configured emblem, or a neutral placeholder (never a real state emblem)."""
    path = Path(settings.SAHIH_REGION.get("emblem") or "")
    if settings.SAHIH_REGION.get("emblem") and path.is_file():
        content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return FileResponse(io.BytesIO(path.read_bytes()), content_type=content_type)
    return HttpResponse(PLACEHOLDER, content_type="image/svg+xml")
