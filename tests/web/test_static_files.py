"""Static files: production serves them under versioned names, compressed (config/storage.py).

The test settings use plain storage (no collectstatic before every run); these tests check
what the plain storage cannot: that every file a template names exists to be versioned (a
missing one is a server error with the manifest storage), and what the storage writes."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from whitenoise.storage import CompressedManifestStaticFilesStorage

from config.storage import StaticFiles

STATIC_TAG = re.compile(r"""{%\s*static\s+['"]([^'"]+)['"]""")


def test_production_keeps_static_files_versioned_and_compressed():
    from config import settings as production

    assert production.STORAGES["staticfiles"]["BACKEND"] == "config.storage.StaticFiles"
    assert issubclass(StaticFiles, CompressedManifestStaticFilesStorage)


def test_every_static_file_a_template_names_exists():
    missing = []
    for app in ("config", "web", "inspection", "workflows", "decisions", "audit", "personnel"):
        for template in (Path(settings.BASE_DIR) / app).rglob("templates/**/*.html"):
            for name in STATIC_TAG.findall(template.read_text(encoding="utf-8")):
                if not finders.find(name):
                    missing.append(f"{template.relative_to(settings.BASE_DIR)}: {name}")
    assert missing == []


def test_the_storage_versions_compresses_and_leaves_a_dead_link_as_written(tmp_path):
    storage = StaticFiles(location=tmp_path, base_url="/static/")
    storage.save("kit/icon.svg", ContentFile(b"<svg xmlns='http://www.w3.org/2000/svg'/>"))
    css = b"a{background:url(icon.svg)} b{background:url(gone.woff2)}" + b" " * 2000
    storage.save("kit/kit.css", ContentFile(css))
    paths = {name: (storage, name) for name in ("kit/icon.svg", "kit/kit.css")}
    results = list(storage.post_process(paths))
    assert all(not isinstance(processed, Exception) for _n, _h, processed in results)

    hashed_css = storage.stored_name("kit/kit.css")
    assert re.fullmatch(r"kit/kit\.[0-9a-f]{12}\.css", hashed_css)
    written = (tmp_path / hashed_css).read_text()
    assert re.search(r"url\(\"?icon\.[0-9a-f]{12}\.svg\"?\)", written)  # versioned link
    assert 'url("gone.woff2")' in written  # viewflow's dead links: left alone, no failure
    assert gzip.decompress((tmp_path / f"{hashed_css}.gz").read_bytes()).decode() == written


def test_pages_travel_gzipped_to_a_browser_that_accepts_it(client, db):
    response = client.get("/accounts/login/", HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert b"sahih-login" in gzip.decompress(response.content)
    assert "Content-Encoding" not in client.get("/accounts/login/")  # and plain to one that does not
