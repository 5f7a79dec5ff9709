"""Where decrees and attachments are kept: on disk, never behind a URL (and how static files
are stored, at the end).

Every such file is served by a view that first checks who may see its case
(``CaseDecreePdf``, ``cases:attachment``, ``cases:decree``...). So the storage has no
public URL at all: ``url()`` refuses, and no ``/media/`` route exists even with DEBUG on
(config/urls.py). A web server must not serve MEDIA_ROOT either (docs/operations.md).
"""

from __future__ import annotations

from django.core.files.storage import FileSystemStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage


class PrivateStorage(FileSystemStorage):
    def url(self, name):
        raise NotImplementedError(
            f"{name}: case files have no public URL; serve them through a view that checks access"
        )


class StaticFiles(CompressedManifestStaticFilesStorage):
    """Versioned, compressed static files (whitenoise), tolerant of viewflow's package.

    viewflow ships copies of stylesheets whose relative links point at files it does not ship
    (``viewflow/fonts/roboto/node_modules/.../roboto-fontface.css``); no page of ours uses
    them, and one dead link must not stop collectstatic. Such a link is left as written.
    """

    def hashed_name(self, name, content=None, filename=None):
        try:
            return super().hashed_name(name, content, filename)
        except ValueError:
            return name
