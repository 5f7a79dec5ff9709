"""No English left in the Indonesian pages: every word a person reads in our templates goes
through {% translate %} (the Indonesian catalogue is kept centrally). This reads the
templates themselves: text between tags and the attributes people read (alt, title,
aria-label, placeholder, confirmations, the live check's messages) must hold no word that
is not translated, apart from names that are the same in both languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

BASE = Path(settings.BASE_DIR)
TEMPLATES = sorted(
    [
        *(BASE / "web" / "templates" / "web").glob("*.html"),
        *(BASE / "inspection" / "templates" / "inspection").glob("*.html"),
        *(BASE / "config" / "templates" / "sahih").glob("*.html"),
        *(BASE / "placement" / "templates" / "placement").glob("*.html"),
        BASE / "config" / "templates" / "registration" / "login.html",
        BASE / "config" / "templates" / "viewflow" / "workflow" / "graph.svg",
    ]
)
# Words that are the same in Indonesian: the product, document and ID names, the language names.
SAME_IN_BOTH = {"Sahih", "NIP", "SKP", "SHA", "SK", "PDF", "Bahasa", "Indonesia", "English", "OK"}
READ_ATTRIBUTES = (
    r"(?:alt|title|aria-label|placeholder|data-confirm|data-msg-[\w-]+|data-label-[\w-]+|data-template)"
)

BLOCKS = [
    re.compile(r"\{%\s*comment\s*%\}.*?\{%\s*endcomment\s*%\}", re.S),
    re.compile(r"\{#.*?#\}", re.S),
    re.compile(r"\{%\s*blocktranslate.*?\{%\s*endblocktranslate\s*%\}", re.S),
    re.compile(r"<style.*?</style>", re.S),
    re.compile(r"<script.*?</script>", re.S),
    re.compile(r"<!\[CDATA\[.*?\]\]>", re.S),
    # Material icon ligatures ("menu", "exit_to_app"): drawn as icons, hidden from screen readers.
    re.compile(r"<(i|button)\b[^>]*material-icons[^>]*>[^<]*</\1>", re.S),
]
TAGS = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.S)
WORD = re.compile(r"[A-Za-z](?:[A-Za-z'-]*[A-Za-z])?")


def untranslated(source: str) -> list[str]:
    for block in BLOCKS:
        source = block.sub(" ", source)
    found = []
    for _name, value in re.findall(rf"\s({READ_ATTRIBUTES})=\"([^\"]*)\"", source):
        found += [word for word in WORD.findall(TAGS.sub(" ", value)) if word not in SAME_IN_BOTH]
    text = re.sub(r"<[^>]*>", " ", TAGS.sub(" ", source))
    found += [word for word in WORD.findall(text) if word not in SAME_IN_BOTH]
    return found


def test_the_scan_finds_english_left_outside_translate_tags():
    assert untranslated('<p>{% translate "Save" %} draft</p>') == ["draft"]
    assert untranslated('<img alt="Emblem">') == ["Emblem"]
    assert untranslated('<i class="material-icons">menu</i> SHA-256') == []
    assert untranslated("<button data-confirm=\"{% translate 'Sure?' %}\">{{ x }}</button>") == []


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda path: path.name)
def test_every_word_people_read_in_our_templates_is_translated(template):
    assert untranslated(template.read_text(encoding="utf-8")) == []
