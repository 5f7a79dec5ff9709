"""docs/layers.svg, the picture of docs/architecture.md, shows the imports between the apps
that the code really has: an import that adds an arrow redraws it (`make layers`)."""

from __future__ import annotations

import importlib.util

from django.conf import settings


def test_the_layers_picture_shows_the_imports_the_code_has():
    path = settings.BASE_DIR / "docs" / "layers.py"
    spec = importlib.util.spec_from_file_location("layers", path)
    layers = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(layers)

    assert layers.OUT.read_text(encoding="utf-8") == layers.draw(), "run `make layers`"
