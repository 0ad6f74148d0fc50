"""Hostile fixtures and documents, made by mutating the real samples, are refused whole.

Each example starts from the sample content loaded and must leave the six content tables
exactly as they were: a refusal names the file, and nothing is half loaded or half written.
The examples are few (see EXAMPLES), so that the suite stays quick on both databases.
"""

import gzip
import io
import json
import re
import shutil
import sys
import tempfile
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import models
from hypothesis import HealthCheck, event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from articles.models import Article, Author, Byline
from editorial.management.commands.loaddata import Command as Loaddata
from taxonomy.models import Section, Tag, TaggedArticle
from tests.factories import make_article, make_section, make_tag

pytestmark = pytest.mark.django_db

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "sample_content.json"
DOCUMENTS = Path(settings.BASE_DIR) / "fixtures" / "documents"
RECORDS = json.loads(FIXTURE.read_text(encoding="utf-8"))
CONTENT_MODELS = (Section, Tag, Author, Article, Byline, TaggedArticle)
SIDECARS = sorted(DOCUMENTS.glob("*.meta.json"))
# Just past the limits, and far past them: past Python's recursion limit (json.loads would raise
# a RecursionError) and its 4,300 digits for an integer (a bare ValueError).
DEPTHS = st.builds(lambda levels, far: levels * far, st.integers(33, 64), st.sampled_from([1, 1_000]))
DIGITS = st.builds(lambda digits, far: digits * far, st.integers(101, 200), st.sampled_from([1, 45]))


def examples(count):
    # The function-scoped `db` fixture is set up once per test, not per example: every example
    # starts from the state the previous one left, which the test asserts is unchanged.
    return hypothesis_settings(
        deadline=None,
        max_examples=count,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


@pytest.fixture
def sample_loaded():
    call_command(Loaddata(), str(FIXTURE), stdout=io.StringIO(), verbosity=0)


def snapshot():
    """Every row of the six content tables, in pk order."""
    return {model._meta.label: list(model.objects.order_by("pk").values()) for model in CONTENT_MODELS}


def field_of(record, name):
    return apps.get_model(record["model"])._meta.get_field(name)


# -- mutations of the sample fixture -----------------------------------------------------------------


@st.composite
def records_and_field(draw, relation):
    """A deep copy of the sample records, one record of it, and one of its fields (a relation or a value)."""
    records = json.loads(json.dumps(RECORDS))
    record = draw(st.sampled_from(records))
    names = [
        name
        for name in sorted(record["fields"])
        if field_of(record, name).is_relation == relation and not isinstance(field_of(record, name), models.JSONField)
    ]
    if not names:
        record = next(r for r in records if r["model"] == "articles.byline")
        names = ["article", "author"] if relation else ["position"]
    return records, record, draw(st.sampled_from(names))


class Hostile:
    """A mutated fixture or document; its repr says what was done, not its 60 kB."""

    def __init__(self, what, data):
        self.what, self.data = what, data

    def __repr__(self):
        return f"Hostile({self.what!r}, {len(self.data)} characters)"


def render(records):
    return json.dumps(records, ensure_ascii=False, indent=1)


@st.composite
def wrong_types(draw):
    records, record, name = draw(records_and_field(relation=False))
    field = field_of(record, name)
    wrong = st.one_of(
        st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2)
    )
    if not isinstance(field, models.BooleanField):
        wrong = st.one_of(wrong, st.booleans())
    record["fields"][name] = value = draw(wrong)
    return Hostile(f"{record['model']}.{name} = {value!r}", render(records))


@st.composite
def huge_or_deep_values(draw):
    records, record, name = draw(records_and_field(relation=False))
    max_length = getattr(field_of(record, name), "max_length", None)
    kind = draw(st.sampled_from(["deep", "number"] + (["long"] if max_length else [])))
    if kind == "long":
        record["fields"][name] = "x" * (max_length + draw(st.integers(1, 5000)))
        return Hostile(f"{record['model']}.{name}: {len(record['fields'][name])} characters", render(records))
    # A placeholder, replaced in the text: json.dumps itself would recurse on a deep value.
    record["fields"][name] = "@@HOSTILE@@"
    if kind == "deep":
        levels = draw(DEPTHS)
        value = draw(st.sampled_from(["[", '{"a":'])) * levels
    else:
        value = "9" * draw(DIGITS)
    return Hostile(
        f"{record['model']}.{name} = {value[:8]}... ({len(value)})", render(records).replace('"@@HOSTILE@@"', value)
    )


@st.composite
def dangling_references(draw):
    records, record, name = draw(records_and_field(relation=True))
    missing = draw(st.text(alphabet="abcdefghij-", min_size=1, max_size=20))
    record["fields"][name] = value = draw(st.sampled_from([[f"no-such-{missing}"], 10**6 + len(missing)]))
    return Hostile(f"{record['model']}.{name} = {value!r}", render(records))


@st.composite
def duplicates(draw):
    records = json.loads(json.dumps(RECORDS))
    index = draw(st.integers(0, len(records) - 1))
    twin = json.loads(json.dumps(records[index]))
    if twin["model"] == "articles.byline":
        twin["fields"]["position"] += 1
    at = draw(st.integers(index + 1, len(records)))
    records.insert(at, twin)
    return Hostile(f"record {index} again at {at}", render(records))


@st.composite
def broken_bytes(draw):
    data = render(RECORDS).encode("utf-8")
    if draw(st.booleans()):
        # Cut anywhere before the closing bracket of the array.
        at = draw(st.integers(0, data.rindex(b"]") - 1))
        return Hostile(f"cut at byte {at}", data[:at])
    at = draw(st.integers(0, len(data)))
    bad = draw(st.sampled_from([b"\xff", b"\xfe\xfe", b"\xc0\xaf", b"\xed\xa0\x80", b"\x80"]))
    return Hostile(f"{bad!r} at byte {at}", data[:at] + bad + data[at:])


def _utf8(data):
    if isinstance(data, str):
        return True
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


HOSTILE_FIXTURES = st.one_of(wrong_types(), huge_or_deep_values(), dangling_references(), duplicates(), broken_bytes())


def deliver(data, how, folder):
    """Runs loaddata on `data` from a plain file, a gzip file or the standard input."""
    data = data if isinstance(data, bytes) else data.encode("utf-8")
    if how == "stdin":
        stdin, sys.stdin = sys.stdin, io.StringIO(data.decode("utf-8"))
        try:
            call_command(Loaddata(), "-", format="json", stdout=io.StringIO(), verbosity=0)
        finally:
            sys.stdin = stdin
        return
    path = Path(folder) / ("hostile.json.gz" if how == "gz" else "hostile.json")
    path.write_bytes(gzip.compress(data) if how == "gz" else data)
    call_command(Loaddata(), str(path), stdout=io.StringIO(), verbosity=0)


@examples(120)
@given(hostile=HOSTILE_FIXTURES, how=st.sampled_from(["plain", "gz", "stdin"]))
def test_a_hostile_fixture_is_refused_whole_naming_the_file(sample_loaded, hostile, how):
    data = hostile.data
    if how == "stdin" and not _utf8(data):
        # The standard input is text: its bytes are decoded before the command sees them.
        how = "plain"
    before = snapshot()
    with tempfile.TemporaryDirectory() as folder:
        with pytest.raises(CommandError) as excinfo:
            deliver(data, how, folder)
        names = {"stdin": "standard input", "gz": f"{folder}/hostile.json.gz", "plain": f"{folder}/hostile.json"}
        assert names[how] in str(excinfo.value)
    assert snapshot() == before


# -- mutations of the sample documents and their sidecars --------------------------------------------


def _sidecar_text(draw, meta):
    kind = draw(st.sampled_from(["truncated", "wrong type", "unknown", "twice", "deep", "number", "long slug"]))
    event(kind)  # hypothesis --hypothesis-show-statistics: how often each kind was tried
    text = json.dumps(meta, ensure_ascii=False, indent=2)
    if kind == "truncated":
        return text[: draw(st.integers(0, len(text) - 2))]
    if kind == "wrong type":
        key = draw(st.sampled_from(["is_breaking", "tags", "date", "title", "section", "status", "slug", "language"]))
        wrong = {"tags": ["kuwait", [1], {"a": 1}, 7, None], "is_breaking": ["false", 0, None, ["true"]]}
        value = draw(st.sampled_from(wrong.get(key, [7, 1.5, True, None, ["x"], {"a": 1}])))
        return json.dumps(dict(meta, **{key: value}))
    if kind == "unknown":
        key = draw(st.sampled_from(["section", "tags", "status", "language", "colour"]))
        value = ["no-such-tag"] if key == "tags" else "no-such-" + key
        return json.dumps(dict(meta, **{key: value}))
    if kind == "twice":
        key, value = draw(st.sampled_from(sorted(meta.items())))
        return text[:-2] + f",\n  {json.dumps(key)}: {json.dumps(value)}\n}}"
    if kind == "deep":
        return '{"tags": ' + "[" * draw(DEPTHS) + "}"
    if kind == "number":
        return '{"date": ' + "1" * draw(DIGITS) + "}"
    # Articles' slugs hold 200 characters.
    return json.dumps(dict(meta, slug="a" * draw(st.integers(201, 3000))))


@st.composite
def hostile_documents(draw):
    """(file name, content) of one sample document or sidecar, mutated."""
    sidecar = draw(st.sampled_from(SIDECARS))
    document = sidecar.with_name(sidecar.name.replace(".meta.json", ".txt"))
    if draw(st.integers(0, 3)) == 0:
        data = document.read_bytes()
        at = draw(st.integers(0, len(data)))
        bad = draw(st.sampled_from([b"\xff", b"\xc0\xaf", b"\x00", b"\xed\xa0\x80"]))
        return document.name, data[:at] + bad + data[at:]
    meta = json.loads(sidecar.read_text(encoding="utf-8"))
    text = _sidecar_text(draw, meta)
    if draw(st.integers(0, 5)) == 0:
        return sidecar.name, text.encode("utf-8") + b"\n\xff\n"
    return sidecar.name, text.encode("utf-8")


@pytest.fixture
def other_content():
    # Not the sample: its articles' slugs would be taken, and every run refused for that alone.
    make_article(slug="unrelated", section=make_section(slug="local"), tags=[make_tag(slug="local-tag")])


@examples(60)
@given(mutation=hostile_documents())
def test_a_hostile_document_or_sidecar_is_refused_whole_naming_the_file(other_content, mutation):
    name, data = mutation
    before = snapshot()
    with tempfile.TemporaryDirectory() as folder:
        shutil.copytree(DOCUMENTS, folder, dirs_exist_ok=True)
        (Path(folder) / name).write_bytes(data)
        err = io.StringIO()
        with pytest.raises(CommandError, match="nothing was written"):
            call_command("import_documents", folder, stdout=io.StringIO(), stderr=err, skip_checks=True)
        assert name in err.getvalue()
    assert snapshot() == before


def test_load_sample_content_refuses_a_fixture_nested_past_the_recursion_limit(tmp_path):
    path = tmp_path / "deep.json"
    path.write_text("[\n" + "[" * 100_000 + "]" * 100_000 + "\n]\n", encoding="utf-8")
    with pytest.raises(CommandError, match=re.escape(f"{path}:2:32: nested more than 32 levels deep")):
        call_command("load_sample_content", fixture=str(path), stdout=io.StringIO(), skip_checks=True)
    assert not any(model.objects.exists() for model in CONTENT_MODELS)
