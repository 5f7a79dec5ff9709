"""Where decrees and attachments are kept: on disk, never behind a URL.

Every such file is served by a view that first checks who may see its case
(``CaseDecreePdf``, ``cases:attachment``, ``cases:decree``...). So the storage has no
public URL at all: ``url()`` refuses, and no ``/media/`` route exists even with DEBUG on
(config/urls.py). A web server must not serve MEDIA_ROOT either (docs/operations.md).
"""

from __future__ import annotations

from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    def url(self, name):
        raise NotImplementedError(
            f"{name}: case files have no public URL; serve them through a view that checks access"
        )
