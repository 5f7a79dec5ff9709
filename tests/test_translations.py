"""The Indonesian catalogue (locale/id/LC_MESSAGES/django.po): every entry translated, the
compiled .mo in step with it, every msgid of the code in it, and the pages really speak it.

The .po is read by the small reader below rather than a library: the format is simple, and
the tests then need nothing but Python (only the extraction test needs GNU gettext).
"""

from __future__ import annotations

import ast
import gettext
import re
import shutil
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
import viewflow
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils.translation.template import templatize

from workflows.services import case_submit

ROOT = Path(settings.BASE_DIR)
CATALOGUE = ROOT / "locale" / "id" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOGUE.with_suffix(".mo")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")
REGENERATE = (
    f"run `make messages`, translate what is new in {CATALOGUE.relative_to(ROOT)}, commit .po and .mo"
)


# -- reading a .po file ------------------------------------------------------------------------


@dataclass
class Entry:
    msgid: str
    msgstr: list[str]
    msgctxt: str | None = None
    msgid_plural: str | None = None
    flags: set[str] = field(default_factory=set)

    @property
    def key(self) -> str:
        """The key gettext looks the entry up by (the context joined with EOT, as in a .mo)."""
        return self.msgid if self.msgctxt is None else f"{self.msgctxt}\x04{self.msgid}"

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags


def read_po(path: Path) -> list[Entry]:
    """The live entries of a .po file, header first; obsolete ("#~") entries are left out."""
    entries: list[Entry] = []
    fields: dict[str, str] = {}
    flags: set[str] = set()
    obsolete = False
    last = ""

    def close() -> None:
        nonlocal fields, flags, obsolete
        if "msgid" in fields and not obsolete:
            forms = sorted(k for k in fields if k.startswith("msgstr"))
            entries.append(
                Entry(
                    msgid=fields["msgid"],
                    msgstr=[fields[k] for k in forms],
                    msgctxt=fields.get("msgctxt"),
                    msgid_plural=fields.get("msgid_plural"),
                    flags=flags,
                )
            )
        fields, flags, obsolete = {}, set(), False

    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            close()
        elif line.startswith("#~"):
            obsolete = True
        elif line.startswith("#,"):
            flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            fields[last] += ast.literal_eval(line)  # PO escapes are a subset of Python's
        else:
            keyword, _, literal = line.partition(" ")
            fields[keyword] = ast.literal_eval(literal)
            last = keyword
    return entries


def messages(path: Path) -> list[Entry]:
    return [entry for entry in read_po(path) if entry.msgid]


# -- (a) complete --------------------------------------------------------------------------------


def test_every_entry_of_the_catalogue_is_translated():
    entries = messages(CATALOGUE)
    assert len(entries) > 500  # the catalogue itself, not an empty stub
    untranslated = [entry.msgid for entry in entries if not all(entry.msgstr)]
    fuzzy = [entry.msgid for entry in entries if entry.fuzzy]
    assert not untranslated, f"untranslated: {untranslated}; translate them in {CATALOGUE}"
    assert not fuzzy, f"fuzzy (a guess by msgmerge, not used until checked): {fuzzy}"


def test_the_catalogue_declares_indonesian_and_its_single_plural_form():
    header = read_po(CATALOGUE)[0]
    assert header.msgid == "" and not header.fuzzy
    assert "Language: id\n" in header.msgstr[0]
    assert "Content-Type: text/plain; charset=UTF-8\n" in header.msgstr[0]
    assert "Plural-Forms: nplurals=1; plural=0;\n" in header.msgstr[0]
    plurals = [entry for entry in messages(CATALOGUE) if entry.msgid_plural is not None]
    assert plurals and all(len(entry.msgstr) == 1 for entry in plurals)


def test_translations_keep_every_placeholder_and_the_line_breaks():
    broken = []
    for entry in messages(CATALOGUE):
        # Indonesian has one plural form, used for every n: like msgfmt --check-format, hold
        # it to the plural msgid, whose placeholders may go beyond the singular's ("{{ n }}").
        wanted = set(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
        for text in entry.msgstr:
            ends = (text.startswith("\n"), text.endswith("\n"))
            if set(PLACEHOLDER.findall(text)) != wanted or ends != (
                entry.msgid.startswith("\n"),
                entry.msgid.endswith("\n"),
            ):
                broken.append(entry.msgid)
    assert not broken


# -- (b) compiled --------------------------------------------------------------------------------


def test_the_compiled_catalogue_is_the_po_file_compiled():
    expected: dict = {}
    for entry in read_po(CATALOGUE):
        if entry.fuzzy and entry.msgid:
            continue  # msgfmt leaves fuzzy entries out
        if not entry.msgid:  # msgfmt drops the POT-Creation-Date, so a re-extraction alone is no change
            expected[""] = re.sub(r"POT-Creation-Date: [^\n]*\n", "", entry.msgstr[0])
        elif entry.msgid_plural is None:
            if entry.msgstr[0]:
                expected[entry.key] = entry.msgstr[0]
        elif all(entry.msgstr):
            expected.update({(entry.key, n): text for n, text in enumerate(entry.msgstr)})
    with COMPILED.open("rb") as compiled:
        catalog = gettext.GNUTranslations(compiled)._catalog  # what Django will look up
    assert catalog == expected, f"{COMPILED.name} is stale: {REGENERATE}"


# -- (c) in step with the code -------------------------------------------------------------------


def makefile_ignore_patterns() -> list[str]:
    """The --ignore patterns of the Makefile's makemessages, so both extract the same files."""
    recipe = next(
        line for line in (ROOT / "Makefile").read_text().splitlines() if "manage.py makemessages" in line
    )
    patterns = re.findall(r"--ignore '([^']+)'", recipe)
    assert patterns, "the Makefile's makemessages line no longer names its --ignore patterns"
    return patterns


def copy_sources(destination: Path) -> None:
    """The files makemessages reads (.py, .html, .txt), without the catalogue itself."""
    for path in ROOT.rglob("*"):
        parts = path.relative_to(ROOT).parts
        if any(
            part.startswith(".") or part in {"locale", "var", "node_modules", "__pycache__"} for part in parts
        ):
            continue
        if path.is_file() and path.suffix in {".py", ".html", ".txt"}:
            target = destination.joinpath(*parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)


@pytest.mark.skipif(
    not (shutil.which("xgettext") and shutil.which("msguniq")),
    reason="extraction needs GNU gettext (xgettext, msguniq): apt install gettext",
)
def test_every_msgid_in_the_code_is_in_the_catalogue(tmp_path, monkeypatch):
    # Extract into a copy: makemessages writes next to the sources it finds, and the real
    # catalogue must stay untouched (its line references and dates would change).
    sources = tmp_path / "src"
    copy_sources(sources)
    monkeypatch.chdir(sources)
    with override_settings(LOCALE_PATHS=[sources / "locale"]):
        call_command("makemessages", locale=["id"], ignore_patterns=makefile_ignore_patterns(), verbosity=0)
    found = {entry.key for entry in messages(sources / "locale" / "id" / "LC_MESSAGES" / "django.po")}
    known = {entry.key for entry in messages(CATALOGUE)}
    assert len(found) > 500
    missing = sorted(found - known)
    assert not missing, (
        f"{len(missing)} msgid(s) of the code are not in the catalogue: {missing}; {REGENERATE}"
    )


# Keywords makemessages extracts (xgettext's defaults for Python plus the ones Django adds).
EXTRACTED = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}
EAGER = {"gettext", "ngettext", "pgettext", "npgettext"}


def project_modules():
    for path in sorted(ROOT.rglob("*.py")):
        parts = path.relative_to(ROOT).parts
        if parts[0] in {"tests", "bench"} or "migrations" in parts or any(p.startswith(".") for p in parts):
            continue
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def translation_imports(tree) -> dict[str, str]:
    return {
        alias.asname or alias.name: alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation"
        for alias in node.names
    }


def test_gettext_is_only_imported_under_names_makemessages_extracts():
    """``gettext_lazy as _lazy`` translates at run time, but xgettext never sees ``_lazy("...")``:
    the string silently stays English. Every alias must be a keyword makemessages knows."""
    hidden = [
        f"{path.relative_to(ROOT)}: {name} as {alias}"
        for path, tree in project_modules()
        for alias, name in translation_imports(tree).items()
        if name in EXTRACTED and alias not in EXTRACTED
    ]
    assert not hidden


def test_no_translation_is_made_at_import_time():
    """``gettext`` at module or class level runs once, in the language active at import, and
    every later request reads that frozen text. Such strings must be lazy."""

    def eager_calls(body, aliases):
        for statement in body:
            if isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                continue
            if isinstance(statement, ast.ClassDef):
                yield from eager_calls(statement.body, aliases)
                continue
            for node in ast.walk(statement):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in aliases:
                    yield node.lineno

    frozen = []
    for path, tree in project_modules():
        aliases = {alias for alias, name in translation_imports(tree).items() if name in EAGER}
        frozen += [f"{path.relative_to(ROOT)}:{line}" for line in eager_calls(tree.body, aliases)]
    assert not frozen


# -- viewflow's msgids ---------------------------------------------------------------------------


def listed_viewflow_msgids() -> set[tuple[str | None, str]]:
    tree = ast.parse((ROOT / "config" / "viewflow_strings.py").read_text(encoding="utf-8"))
    listed = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            args = [arg.value for arg in node.args if isinstance(arg, ast.Constant)]
            if node.func.id == "gettext_noop":
                listed.add((None, args[0]))
            elif node.func.id == "pgettext_lazy":
                listed.add((args[0], args[1]))
    return listed


def viewflow_msgids() -> set[tuple[str | None, str]]:
    """What the installed viewflow translates: its templates' {% trans %} (through Django's
    own templatize, as makemessages reads them) and its Python gettext calls."""
    package = Path(viewflow.__file__).parent
    used: set[tuple[str | None, str]] = set()
    literal = r"u?('(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\")"
    for path in package.rglob("*.html"):
        source = templatize(path.read_text(encoding="utf-8"), origin=str(path))
        used |= {(None, ast.literal_eval(m)) for m in re.findall(r"\bgettext\(" + literal, source)}
        used |= {
            (ast.literal_eval(c), ast.literal_eval(m))
            for c, m in re.findall(r"\bpgettext\(" + literal + r",\s*" + literal, source)
        }
    for path in package.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                name = getattr(node.func, "id", getattr(node.func, "attr", ""))
                args = [arg.value for arg in node.args if isinstance(arg, ast.Constant)]
                if name in {"_", "gettext", "gettext_lazy"} and args:
                    used.add((None, args[0]))
                elif name in {"pgettext", "pgettext_lazy"} and len(args) == 2:
                    used.add((args[0], args[1]))
    return used


def test_the_viewflow_msgids_we_translate_are_still_viewflows():
    listed = listed_viewflow_msgids()
    assert len(listed) > 10
    assert listed <= viewflow_msgids(), (
        "viewflow no longer uses these msgids; update config/viewflow_strings.py"
    )


# -- (d) the pages -------------------------------------------------------------------------------


class VisibleText(HTMLParser):
    """The text a reader sees (or hears): content, and alt, title, aria-label, placeholder."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.hidden += 1
        self.parts += [
            value for name, value in attrs if name in ("alt", "title", "aria-label", "placeholder") and value
        ]

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.hidden -= 1

    def handle_data(self, data):
        if not self.hidden:
            self.parts.append(data)


def visible_text(response) -> str:
    parser = VisibleText()
    parser.feed(response.content.decode())
    return " ".join(" ".join(parser.parts).split())


def has_phrase(text: str, phrase: str) -> bool:
    return re.search(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", text) is not None


# (English, Indonesian) per page: the English must be gone by default and back with "en".
LOGIN_WORDS = [
    ("Log in", "Masuk"),
    ("Username", "Nama pengguna"),
    ("Password", "Kata sandi"),
    ("Personnel decisions", "Keputusan kepegawaian"),
]
# The clerk's home: the menu heading is "Menu" in both languages, and a clerk has nothing
# waiting to decide, so the words are the clerk's own cards.
HOME_WORDS = [
    ("Start a request", "Buat usulan"),
    ("Home", "Beranda"),
    ("Inbox", "Kotak masuk"),
    ("Cases", "Usulan"),
    ("Log out", "Keluar"),
    ("Returned to me", "Dikembalikan kepada saya"),
    ("My requests", "Usulan saya"),
    ("New request", "Usulan baru"),
    ("My drafts", "Draf saya"),
]
DRAFT_WORDS = [("Submit", "Ajukan"), ("Edit", "Ubah"), ("Proposed change", "Perubahan yang diusulkan")]
DECISION_WORDS = [
    ("Approve", "Setujui"),
    ("Return for revision", "Kembalikan untuk perbaikan"),
    ("Reject", "Tolak"),
    ("Rule findings", "Temuan aturan"),
    ("Timeline", "Riwayat proses"),
    ("Approval by the unit head", "Persetujuan kepala perangkat daerah"),
]
NOT_FOUND_WORDS = [  # Sahih's own 404 (config/templates/404.html), issue 13
    ("Page not found", "Halaman tidak ditemukan"),
    ("Back to the home page", "Kembali ke beranda"),
]


def assert_speaks(text: str, words, language: str) -> None:
    english = [en for en, _ in words if has_phrase(text, en)]
    indonesian = [id_ for _, id_ in words if has_phrase(text, id_)]
    if language == "id":
        assert not english, f"English on an Indonesian page: {english}"
        assert len(indonesian) == len(words), f"missing: {set(i for _, i in words) - set(indonesian)}"
    else:
        assert len(english) == len(words), f"missing: {set(e for e, _ in words) - set(english)}"


@pytest.fixture
def pages(client, city, transfer_case):
    """Each page under test, fetched in the language given (None: no choice made)."""

    def fetch(page: str, language: str | None):
        if language is not None:
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        if page == "login":
            return client.get(reverse("login")), LOGIN_WORDS
        if page == "home":
            client.force_login(city.clerk)
            return client.get(reverse("home:index")), HOME_WORDS
        if page == "draft":
            client.force_login(city.clerk)
            return client.get(reverse("cases:detail", args=[transfer_case.pk])), DRAFT_WORDS
        if page == "decision":
            case_submit(case_id=transfer_case.pk, actor=city.clerk)
            client.force_login(city.head_dishub)
            return client.get(reverse("cases:detail", args=[transfer_case.pk])), DECISION_WORDS
        client.force_login(city.clerk)
        return client.get(reverse("cases:detail", args=[transfer_case.pk + 1000])), NOT_FOUND_WORDS

    return fetch


PAGES = ["login", "home", "draft", "decision", "not_found"]


@pytest.mark.parametrize("page", PAGES)
def test_pages_are_in_indonesian_by_default(pages, page):
    response, words = pages(page, None)
    assert response.status_code == (404 if page == "not_found" else 200)
    assert response["Content-Language"] == "id"
    assert_speaks(visible_text(response), words, "id")


@pytest.mark.parametrize("page", PAGES)
def test_pages_are_in_english_for_who_chose_english(pages, page):
    response, words = pages(page, "en")
    assert response["Content-Language"] == "en"
    assert_speaks(visible_text(response), words, "en")
