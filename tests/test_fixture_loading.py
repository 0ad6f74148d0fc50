"""manage.py loaddata refuses a malformed JSON fixture whole, naming the file and line that is wrong."""

import bz2
import gzip
import io
import json
import lzma
import re
import sys
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command, get_commands, load_command_class
from django.core.management.base import CommandError

from articles.models import Article, Author, Byline
from editorial.fixtures import NATURAL_KEYS, record_lines, structure_problem
from editorial.management.commands.loaddata import Command as Loaddata
from taxonomy.models import Section, Tag, TaggedArticle
from tests.factories import make_article, make_author, make_section, make_tag

pytestmark = pytest.mark.django_db

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "sample_content.json"
SECTION = {
    "model": "taxonomy.section",
    "fields": {"slug": "gulf", "name_en": "Gulf", "name_ar": "الخليج", "position": 1},
}
AUTHOR = {"model": "articles.author", "fields": {"slug": "sara-ahmed", "name_en": "Sara Ahmed", "name": "Sara Ahmed"}}


def article(**fields):
    values = {
        "slug": "talks-resume",
        "title": "Talks resume",
        "title_en": "Talks resume",
        "body_en": "<p>The talks resumed.</p>",
        "status": "published",
        "section": ["gulf"],
        "publish_at": "2025-11-20T06:00:00Z",
        "original_language": "en",
    }
    values.update(fields)
    return {"model": "articles.article", "fields": values}


def write(tmp_path, records, name="broken.json"):
    """One record per block of lines, so record n starts on a known line: 2 + 3 * (n - 1)."""
    path = tmp_path / name
    parts = [json.dumps(r, ensure_ascii=False, indent=None) for r in records]
    path.write_text("[\n" + ",\n\n\n".join(parts) + "\n]\n", encoding="utf-8")
    return path


def load(*paths):
    # The command object itself: which app's loaddata `manage.py loaddata` runs is tested below.
    call_command(Loaddata(), *map(str, paths), stdout=io.StringIO(), verbosity=0)


def test_manage_py_loaddata_is_this_command():
    # modeltranslation ships a loaddata too, and the first app in INSTALLED_APPS that has one wins.
    assert isinstance(load_command_class(get_commands()["loaddata"], "loaddata"), Loaddata)


def nothing_loaded():
    return not (Section.objects.exists() or Author.objects.exists() or Article.objects.exists())


def test_a_truncated_fixture_is_refused_with_file_line_column_and_reason(tmp_path):
    path = tmp_path / "truncated.json"
    path.write_text('[\n  {"model": "taxonomy.section",\n   "fields": {"slug": "gulf"', encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        load(path)
    message = str(excinfo.value)
    assert f"{path}:3:" in message
    assert "invalid JSON: Expecting" in message
    assert "nothing was loaded" in message
    assert nothing_loaded()


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        (article(status="live"), "articles.article.status: 'live' is not one of the choices"),
        (article(publish_at="2025-13-45T99:00:00Z"), "articles.article.publish_at:"),
        (article(colour="red"), "articles.article: unknown field 'colour'"),
        ({"model": "articles.story", "fields": {}}, "unknown model 'articles.story'"),
        (article(dateline_en="K" * 150), "articles.article.dateline_en: 150 characters, more than the 100 allowed"),
        (article(is_breaking="false"), "articles.article.is_breaking:"),
        (article(version="one"), "articles.article.version:"),
    ],
)
def test_a_bad_record_is_refused_with_the_line_where_it_starts_and_nothing_is_loaded(tmp_path, bad, reason):
    path = write(tmp_path, [SECTION, AUTHOR, bad])
    with pytest.raises(CommandError) as excinfo:
        load(path)
    message = str(excinfo.value)
    assert f"{path}:8: {reason}" in message
    assert "1 problem(s) in the fixture(s); nothing was loaded." in message
    assert nothing_loaded()


def test_every_problem_of_every_fixture_is_reported_at_once(tmp_path):
    first = write(tmp_path, [SECTION, article(status="live")], name="first.json")
    second = write(
        tmp_path,
        [AUTHOR, {"model": "taxonomy.section", "fields": {"slug": "x", "position": "top"}}],
        name="second.json",
    )
    with pytest.raises(CommandError) as excinfo:
        load(first, second)
    message = str(excinfo.value)
    assert f"{first}:5: articles.article.status" in message
    assert f"{second}:5: taxonomy.section.position" in message
    assert "2 problem(s)" in message
    assert nothing_loaded()


def test_a_database_error_names_the_record_and_rolls_everything_back(tmp_path):
    duplicate = dict(SECTION, fields=dict(SECTION["fields"], slug="gulf"))
    twin = {"model": "taxonomy.tag", "fields": {"slug": "nato", "name": "NATO", "name_en": "NATO"}}
    twin_again = {"model": "taxonomy.tag", "fields": {"slug": "nato-2", "name": "NATO", "name_en": "NATO"}}
    path = write(tmp_path, [duplicate, AUTHOR, twin, twin_again])
    with pytest.raises(CommandError) as excinfo:
        load(path)
    assert f"{path}:11: " in str(excinfo.value)
    assert "Nothing was loaded." in str(excinfo.value)
    assert nothing_loaded()
    assert not Tag.objects.exists()


def test_a_good_fixture_still_loads_and_the_sample_content_loads_twice_without_duplicates(tmp_path):
    load(write(tmp_path, [SECTION, AUTHOR, article()]))
    assert Article.objects.get().section.slug == "gulf"
    load("sample_content")
    count = Article.objects.count()
    load("sample_content")
    assert Article.objects.count() == count == 6


def test_record_lines_are_found_whatever_the_layout():
    text = '[{"model": "a"},\n {"model": "b",\n  "fields": {"x": "[{,}]"}}, {"model": "c"}\n,\n{"model": "d"}]'
    assert record_lines(text) == [1, 2, 3, 5]
    assert record_lines(FIXTURE.read_text(encoding="utf-8"))[:2] == [2, 15]


def test_a_fixture_that_is_not_utf8_is_refused_with_its_line(tmp_path):
    path = tmp_path / "latin1.json"
    path.write_bytes('[\n  {"model": "taxonomy.section",\n   "fields": {"slug": "caf\u00e9"}}\n]\n'.encode("latin-1"))
    with pytest.raises(CommandError, match=f"{path}:3: not UTF-8"):
        load(path)
    assert nothing_loaded()


def _compressed(tmp_path, records, extension):
    plain = write(tmp_path, records, name="plain.json")
    path = tmp_path / f"broken.json.{extension}"
    data = plain.read_bytes()
    if extension == "zip":
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("broken.json", data)
    else:
        opener = {"gz": gzip.open, "bz2": bz2.open, "xz": lzma.open, "lzma": lzma.open}[extension]
        with opener(path, "wb", **({"format": lzma.FORMAT_ALONE} if extension == "lzma" else {})) as handle:
            handle.write(data)
    plain.unlink()
    return path


@pytest.mark.parametrize("extension", ["gz", "bz2", "xz", "lzma", "zip"])
def test_a_compressed_fixture_is_checked_like_a_plain_one(tmp_path, extension):
    path = _compressed(tmp_path, [SECTION, AUTHOR, article(status="live")], extension)
    with pytest.raises(CommandError) as excinfo:
        load(path)
    assert f"{path}:8: articles.article.status: 'live' is not one of the choices" in str(excinfo.value)
    assert nothing_loaded()
    good = _compressed(tmp_path, [SECTION, AUTHOR, article()], extension)
    load(good)
    assert Article.objects.get().section.slug == "gulf"


def test_a_damaged_compressed_fixture_is_refused_with_its_name(tmp_path):
    path = tmp_path / "damaged.json.gz"
    path.write_bytes(b"not gzip at all")
    with pytest.raises(CommandError, match=f"{re.escape(str(path))}: cannot be read: (?s:.*)nothing was loaded"):
        load(path)


def _load_stdin(monkeypatch, records):
    text = "[\n" + ",\n\n\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n]\n"
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))
    call_command(Loaddata(), "-", format="json", stdout=io.StringIO(), verbosity=0)


def test_a_fixture_on_the_standard_input_is_checked_then_loaded_from_the_same_text(monkeypatch):
    with pytest.raises(CommandError) as excinfo:
        _load_stdin(monkeypatch, [SECTION, AUTHOR, article(status="live")])
    assert "standard input:8: articles.article.status: 'live' is not one of the choices" in str(excinfo.value)
    assert nothing_loaded()
    _load_stdin(monkeypatch, [SECTION, AUTHOR, article()])
    assert Article.objects.get().section.slug == "gulf"


@pytest.mark.parametrize(
    ("section", "reason"),
    [
        (999, "articles_article.section_id: 999 refers to a record that does not exist"),
        (["no-such-section"], "Section matching query does not exist."),
    ],
    ids=["pk", "natural key"],
)
def test_a_reference_to_a_missing_record_names_the_record_and_nothing_is_loaded(tmp_path, section, reason):
    path = write(tmp_path, [SECTION, AUTHOR, article(section=section)])
    with pytest.raises(CommandError) as excinfo:
        load(path)
    message = str(excinfo.value)
    assert message.startswith(f"{path}:8: {reason}")
    assert message.endswith("Nothing was loaded.")
    assert nothing_loaded()


def test_field_validators_run_on_every_value(tmp_path):
    path = write(tmp_path, [SECTION, AUTHOR, article(slug="bad slug!")])
    with pytest.raises(CommandError) as excinfo:
        load(path)
    assert f"{path}:8: articles.article.slug: " in str(excinfo.value)
    assert "slug" in str(excinfo.value).split("articles.article.slug: ")[1]
    assert nothing_loaded()


# -- hostile input ---------------------------------------------------------------------------------


def _deep(levels):
    return "[" * levels + "]" * levels


@pytest.mark.parametrize("levels", [40, 100_000], ids=["too deep", "past the recursion limit"])
def test_a_value_nested_too_deep_is_refused_with_the_line_where_it_starts(tmp_path, levels):
    path = write(tmp_path, [SECTION, AUTHOR, article(slug="placeholder")])
    # The placeholder stands for the deep value, so that json.dumps never sees it.
    text = path.read_text(encoding="utf-8").replace('"placeholder"', _deep(levels))
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        load(path)
    message = str(excinfo.value)
    assert re.search(rf"{re.escape(str(path))}:8:\d+: nested more than 32 levels deep", message)
    assert "1 problem(s) in the fixture(s); nothing was loaded." in message
    assert nothing_loaded()


def test_a_deep_compressed_fixture_and_a_deep_standard_input_are_refused_too(tmp_path, monkeypatch):
    path = tmp_path / "deep.json.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write("[\n" + _deep(50_000) + "\n]\n")
    with pytest.raises(CommandError, match=rf"{re.escape(str(path))}:2:32: nested more than 32 levels deep"):
        load(path)
    monkeypatch.setattr(sys, "stdin", io.StringIO("[\n\n" + _deep(50_000) + "]"))
    with pytest.raises(CommandError, match="standard input:3:32: nested more than 32 levels deep"):
        call_command(Loaddata(), "-", format="json", stdout=io.StringIO(), verbosity=0)
    assert nothing_loaded()


def test_brackets_inside_strings_do_not_count_as_nesting(tmp_path):
    standfirst = "[{" * 40 + '\\"' + "]}" * 40
    path = write(tmp_path, [SECTION, AUTHOR, article(standfirst_en="x")])
    path.write_text(path.read_text(encoding="utf-8").replace('"x"', f'"{standfirst}"'), encoding="utf-8")
    load(path)
    assert Article.objects.get().standfirst_en.startswith("[{[{")


def test_a_number_too_long_for_any_field_is_refused_with_its_line(tmp_path):
    # Python refuses to read an integer of over 4,300 digits, with a ValueError naming no file.
    path = write(tmp_path, [SECTION, AUTHOR, article(version=7)])
    path.write_text(path.read_text(encoding="utf-8").replace('"version": 7', '"version": ' + "9" * 5000))
    with pytest.raises(CommandError) as excinfo:
        load(path)
    assert re.search(rf"{re.escape(str(path))}:8:\d+: a number of 5000 characters", str(excinfo.value))
    assert nothing_loaded()


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (["Talks"], "articles.article.title_en: a JSON array is not a value of a CharField"),
        ({"en": "Talks"}, "articles.article.title_en: a JSON object is not a value of a CharField"),
        (True, "articles.article.title_en: a JSON boolean is not a value of a CharField"),
    ],
)
def test_a_json_array_object_or_boolean_for_a_text_field_is_refused(tmp_path, value, reason):
    # Django would store their Python repr ("['Talks']", "True") as the headline.
    path = write(tmp_path, [SECTION, AUTHOR, article(title_en=value)])
    with pytest.raises(CommandError, match=re.escape(f"{path}:8: {reason}")):
        load(path)
    assert nothing_loaded()


@pytest.mark.parametrize("value", [20251120, ["2025-11-20T06:00:00Z"], True])
def test_a_date_of_the_wrong_json_type_is_refused_not_a_crash(tmp_path, value):
    path = write(tmp_path, [SECTION, AUTHOR, article(publish_at=value)])
    with pytest.raises(CommandError, match=re.escape(f"{path}:8: articles.article.publish_at: a JSON ")):
        load(path)
    assert nothing_loaded()


def test_the_nesting_limit_is_exact_and_names_line_and_column_of_the_value():
    assert structure_problem(_deep(32)) is None
    assert structure_problem('{"a": "]]]]"}') is None
    assert structure_problem("[\n " + _deep(33)) == (2, 33, "nested more than 32 levels deep")


# -- records given twice ---------------------------------------------------------------------------


def test_two_records_with_one_natural_key_are_refused_naming_both_lines(tmp_path):
    # Django would look the second up by its slug and overwrite the first: one row, "2 objects".
    again = dict(SECTION, fields=dict(SECTION["fields"], name_en="Gulf states"))
    path = write(tmp_path, [SECTION, AUTHOR, again])
    with pytest.raises(CommandError) as excinfo:
        load(path)
    assert (
        f'{path}:8: taxonomy.section with slug "gulf" is also the record at {path}:2: give each record once'
    ) in str(excinfo.value)
    assert nothing_loaded()


def test_two_bylines_with_one_natural_key_are_refused_and_other_roles_are_not(tmp_path):
    def byline(role):
        fields = {"article": ["talks-resume"], "author": ["sara-ahmed"], "role": role, "position": 0}
        return {"model": "articles.byline", "fields": fields}

    path = write(tmp_path, [SECTION, AUTHOR, article(), byline("reporter"), byline("editor"), byline("reporter")])
    with pytest.raises(CommandError) as excinfo:
        load(path)
    message = str(excinfo.value)
    assert (
        f'{path}:17: articles.byline with article ["talks-resume"], author ["sara-ahmed"], role "reporter" '
        f"is also the record at {path}:11"
    ) in message
    assert "1 problem(s)" in message
    assert nothing_loaded() and not Byline.objects.exists()


def test_two_records_with_one_pk_are_refused_whatever_the_json_type_of_the_pk(tmp_path):
    first = {"model": "taxonomy.tag", "pk": 7, "fields": {"slug": "nato", "name": "NATO", "name_en": "NATO"}}
    second = {"model": "taxonomy.tag", "pk": "7", "fields": {"slug": "gcc", "name": "GCC", "name_en": "GCC"}}
    path = write(tmp_path, [first, second])
    with pytest.raises(
        CommandError, match=re.escape(f"{path}:5: taxonomy.tag with pk 7 is also the record at {path}:2")
    ):
        load(path)
    assert not Tag.objects.exists()


def test_the_natural_key_fields_are_those_of_each_models_natural_key():
    section, tag, author = make_section(slug="gulf"), make_tag(slug="nato"), make_author(slug="sara-ahmed")
    story = make_article(slug="talks", section=section, tags=[tag], authors=[author])
    for instance in (section, tag, author, story, Byline.objects.get(), TaggedArticle.objects.get()):
        values = []
        for name in NATURAL_KEYS[instance._meta.label_lower]:
            value = getattr(instance, name)
            values += value.natural_key() if hasattr(value, "natural_key") else [value]
        assert tuple(values) == instance.natural_key()
    # Every model with a natural key is in the table, or its duplicates would go unnoticed.
    from django.apps import apps  # the registry, for the list of models only

    with_keys = {
        m._meta.label_lower
        for m in apps.get_models()
        if hasattr(m, "natural_key") and m.__module__.split(".")[0] in ("articles", "taxonomy", "editorial")
    }
    assert with_keys == set(NATURAL_KEYS)


def test_a_problem_found_while_loading_the_standard_input_names_it_too(monkeypatch):
    # Django calls it "-"; the checks before loading say "standard input".
    with pytest.raises(CommandError) as excinfo:
        _load_stdin(monkeypatch, [SECTION, AUTHOR, article(section=["no-such-section"])])
    assert str(excinfo.value).startswith("standard input:8: Section matching query does not exist.")
    assert nothing_loaded()
