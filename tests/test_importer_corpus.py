"""The importer's hand-labelled corpus (tests/importer_corpus/): labels that say what the documents
hold, and the importer's promise on it that no real sentence of an article is ever dropped.

The accuracy score itself is bench/importer_accuracy.py; here only what must always hold.
"""

import html
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article

CORPUS = Path(__file__).resolve().parent / "importer_corpus"
SETS = ("dev", "heldout")
DOCUMENTS = sorted(path for name in SETS for path in (CORPUS / name).glob("*.txt"))
DEV = [path for path in DOCUMENTS if path.parent.name == "dev"]
LABEL_TYPES = {
    "language": str,
    "headline": str,
    "authors": list,
    "source": (str, type(None)),
    "dateline": (str, type(None)),
    "date": (str, type(None)),
    "paragraph_count": int,
    "first_paragraph_start": str,
    "last_paragraph_start": str,
    "must_not_appear": list,
    "must_appear": list,
}
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def label_path(document):
    return document.with_name(document.stem + ".label.json")


def label_of(document):
    return json.loads(label_path(document).read_text(encoding="utf-8"))


def flat(text):
    """Text with its whitespace as one space: a sentence of hard-wrapped copy spans lines."""
    return re.sub(r"\s+", " ", text).strip()


def document_text(document):
    return flat(document.read_text(encoding="utf-8"))


def ids(paths):
    return [f"{path.parent.name}/{path.stem}" for path in paths]


class _Text(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts = []

    def handle_endtag(self, tag):
        self.parts.append(" ")  # blocks never run into each other

    def handle_data(self, data):
        self.parts.append(data)


def body_text(body_html):
    parser = _Text()
    parser.feed(body_html)
    return flat(html.unescape("".join(parser.parts)))


def test_corpus_is_large_enough_in_both_languages_and_keeps_a_heldout_set():
    languages = [label_of(path)["language"] for path in DOCUMENTS]
    heldout = [path for path in DOCUMENTS if path.parent.name == "heldout"]
    assert len(DOCUMENTS) >= 40
    assert languages.count("ar") >= 20
    assert len(heldout) >= 12
    assert sum(label_of(path)["language"] == "ar" for path in heldout) >= 6


def test_every_file_of_the_corpus_is_a_document_or_its_label():
    for name in SETS:
        for path in (CORPUS / name).iterdir():
            if path.name.endswith(".label.json"):
                assert path.with_name(path.name[: -len(".label.json")] + ".txt").exists(), path
            else:
                assert path.suffix == ".txt", path


@pytest.mark.parametrize("document", DOCUMENTS, ids=ids(DOCUMENTS))
def test_label_is_well_formed(document):
    label = label_of(document)
    assert set(label) == set(LABEL_TYPES)
    for key, expected in LABEL_TYPES.items():
        assert isinstance(label[key], expected), key
    assert label["language"] in ("en", "ar")
    assert label["date"] is None or ISO_DATE.match(label["date"])
    assert label["paragraph_count"] >= 1
    assert all(isinstance(name, str) and name for name in label["authors"])
    assert 2 <= len(label["must_appear"]) <= 3
    assert all(isinstance(line, str) and line for line in label["must_not_appear"] + label["must_appear"])


@pytest.mark.parametrize("document", DOCUMENTS, ids=ids(DOCUMENTS))
def test_label_agrees_with_its_document(document):
    label, text = label_of(document), document_text(document)
    for key in ("headline", "first_paragraph_start", "last_paragraph_start"):
        assert flat(label[key]) in text, key
    for sentence in label["must_appear"]:
        assert flat(sentence) in text, sentence
    for line in label["must_not_appear"]:
        assert flat(line) in text, line
        # A clutter line that is part of a real sentence could never be dropped without losing it.
        glued = len(line) >= 12 or line.startswith("(")  # as bench/importer_accuracy.py looks for it
        assert not (glued and any(flat(line) in flat(sentence) for sentence in label["must_appear"])), line
    assert flat(label["headline"]) not in map(flat, label["must_not_appear"])
    for name in label["authors"]:
        assert flat(name).casefold() in text.casefold(), name


@pytest.mark.django_db
@pytest.mark.parametrize("document", DEV, ids=ids(DEV))
def test_import_never_drops_a_real_sentence(document):
    call_command("import_documents", str(document), stdout=io.StringIO(), stderr=io.StringIO(), skip_checks=True)
    article = Article.objects.get()
    body = body_text(getattr(article, f"body_{article.original_language}"))
    lost = [sentence for sentence in label_of(document)["must_appear"] if flat(sentence) not in body]
    assert lost == []
