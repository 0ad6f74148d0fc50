"""Writing parsed documents: to the database (all or nothing), through the command, to a fixture."""

import io
import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import QuerySet

from articles.importer import (
    ImportFailed,
    ParsedDocument,
    dump_fixture,
    fixture_records,
    read_document,
    write_documents,
)
from articles.models import Article, Author, Byline
from editorial.sanitize import sanitize_html
from taxonomy.models import Section, Tag, TaggedArticle
from tests.factories import make_article, make_author
from tests.processes import command_help
from tests.test_importer import DOCUMENTS, SEEDS, expected_body_words, text_of, words

pytestmark = pytest.mark.django_db

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "sample_content.json"


def seed_documents():
    return [read_document(DOCUMENTS / name) for name in sorted(SEEDS)]


def counts():
    return tuple(m.objects.count() for m in (Article, Author, Byline, Section, Tag, TaggedArticle))


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_documents", *map(str, args), stdout=out, stderr=err, skip_checks=True)
    return out.getvalue(), err.getvalue()


def test_write_documents_stores_every_seed_with_its_metadata():
    summary = write_documents(seed_documents())
    assert summary.articles == 5
    assert summary.bylines == 2
    for name, seed in SEEDS.items():
        article = Article.objects.get(slug=seed["slug"])
        lang = seed["language"]
        other = "en" if lang == "ar" else "ar"
        assert getattr(article, f"title_{lang}") == seed["title"]
        assert not getattr(article, f"title_{other}")
        assert article.original_language == lang
        assert article.available_languages == [lang]
        assert article.section.slug == seed["section"]
        assert article.source == seed["source"]
        assert (getattr(article, f"dateline_{lang}") or "") == seed["dateline"]
        assert article.is_breaking is seed["breaking"]
        assert article.status == Article.Status.PUBLISHED
        assert article.publish_at == seed["published"]
        assert article.first_published_at == article.created_at == article.updated_at == seed["published"]
        assert article.language_edited_at == {lang: seed["published"].isoformat()}
        assert article.version == 1
        assert [(b.author.slug, b.role) for b in article.bylines.all()] == [(a[1], a[3]) for a in seed["authors"]]
        body = getattr(article, f"body_{lang}")
        assert words(text_of(body)) == expected_body_words(name)
        assert sanitize_html(body) == body
        assert seed["tags"] <= set(article.tags.values_list("slug", flat=True))
    carter = Author.objects.get(slug="james-carter")
    assert (carter.name_en, carter.job_title_en) == ("James Carter", "Senior News Editor")
    nato = Tag.objects.get(slug="nato")
    assert (nato.name_en, nato.name_ar) == ("NATO", "الناتو")
    assert Section.objects.get(slug="world").name_ar == "العالم"


def test_existing_authors_are_reused_by_slug_and_left_unchanged():
    make_author(slug="james-carter", name_en="James Carter", job_title_en="Editor at large")
    summary = write_documents(seed_documents())
    assert (summary.authors_created, summary.authors_reused) == (1, 1)
    assert Author.objects.get(slug="james-carter").job_title_en == "Editor at large"
    assert Author.objects.filter(slug="james-carter").count() == 1


def test_an_existing_slug_fails_the_whole_run_and_writes_nothing():
    make_article(slug=SEEDS["002_d8177dda1ee27cbb.txt"]["slug"], title_en="Local story")
    before = counts()
    with pytest.raises(ImportFailed) as excinfo:
        write_documents(seed_documents())
    assert "002_d8177dda1ee27cbb.txt" in str(excinfo.value)
    assert "exists already" in str(excinfo.value)
    assert counts() == before
    assert Article.objects.get(slug=SEEDS["002_d8177dda1ee27cbb.txt"]["slug"]).title_en == "Local story"


def test_the_orm_path_and_the_fixture_give_the_same_article_rows():
    documents = seed_documents()
    write_documents(documents)
    for record in fixture_records(documents):
        if record["model"] != "articles.article":
            continue
        fields = record["fields"]
        article = Article.objects.get(slug=fields["slug"])
        for name, value in fields.items():
            stored = getattr(article, name if name != "section" else "section_id")
            if name == "section":
                assert article.section.slug == value[0]
            elif name in ("publish_at", "first_published_at", "created_at", "updated_at"):
                assert stored == datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)
            elif name == "image":
                assert not stored
            else:
                assert stored == value, name


def test_command_imports_a_folder_and_prints_a_summary():
    out, _err = run(DOCUMENTS)
    assert "Imported 5 article(s)" in out
    assert "7 line(s) of site junk or repeated headlines skipped" in out
    assert Article.objects.count() == 5


def test_dry_run_writes_nothing():
    out, _err = run(DOCUMENTS, "--dry-run")
    assert "Dry run: 5 document(s) parsed" in out
    assert counts() == (0, 0, 0, 0, 0, 0)


def test_command_output_regenerates_the_committed_fixture(tmp_path):
    output = tmp_path / "sample_content.json"
    run(DOCUMENTS, "--output", output)
    assert output.read_text(encoding="utf-8") == FIXTURE.read_text(encoding="utf-8"), (
        "fixtures/sample_content.json is out of date: regenerate it with "
        "manage.py import_documents fixtures/documents --output fixtures/sample_content.json"
    )
    assert counts() == (0, 0, 0, 0, 0, 0)


def test_fixture_generation_is_deterministic_whatever_the_order():
    documents = seed_documents()
    assert dump_fixture(fixture_records(documents)) == dump_fixture(fixture_records(list(reversed(documents))))


def _folder_with_good_document(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(DOCUMENTS / "000_a6c0c8e8c2cf81b6.txt", folder / "good.txt")
    return folder


@pytest.mark.parametrize(
    ("filename", "content", "reason"),
    [
        ("empty.txt", b"", "empty.txt: empty file"),
        ("blank.txt", b"  \n\n \t\n", "blank.txt: empty file"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image.txt, line 3: binary file"),
        ("latin1.txt", "Caf\u00e9 talks\n\nThe caf\u00e9 opened.\n".encode("latin-1"), "latin1.txt, line 1: not UTF-8"),
        (
            "junk.txt",
            b"You may also like\n\nLeave a Comment\n\nAdblock Detected\n",
            "junk.txt: no body paragraphs",
        ),
        ("headline.txt", b"Just a headline\n", "headline.txt: no body paragraphs"),
        (
            "headings.txt",
            b"Just A Headline Here\n\nAnother Short Line",
            "headings.txt: no body paragraphs: after the headline there are only short heading-like lines",
        ),
        ("arabic1256.txt", "اجتماع وزاري\n\nعقد الوزراء اجتماعا.\n".encode("cp1256"), "from Windows-1256 for Arabic"),
        (
            "noheadline.txt",
            b"Nadia Al-Dabbas - Kuwait\n\nKuwait hosted a meeting on Monday.\n",
            "noheadline.txt: no headline",
        ),
    ],
)
def test_bad_documents_are_reported_by_name_and_nothing_is_written(tmp_path, filename, content, reason):
    folder = _folder_with_good_document(tmp_path)
    (folder / filename).write_bytes(content)
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_documents", str(folder), stdout=io.StringIO(), stderr=err, skip_checks=True)
    assert reason in err.getvalue()
    assert counts() == (0, 0, 0, 0, 0, 0)


def test_missing_headline_message_names_the_sidecar_to_write(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    shutil.copy(DOCUMENTS / "004_cd6cc4cfccefa61f.txt", folder / "story.txt")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_documents", str(folder), stdout=io.StringIO(), stderr=err, skip_checks=True)
    assert "story.txt: no headline" in err.getvalue()
    assert f"there is no sidecar {folder / 'story.meta.json'} to give one" in err.getvalue()
    (folder / "story.meta.json").write_text(json.dumps({"title": "NATO in Kuwait", "date": "2019-12-10"}))
    out, _err = run(folder)
    assert "Imported 1 article(s)" in out
    assert Article.objects.get().title_en == "NATO in Kuwait"


def test_the_command_reports_every_problem_of_a_sidecar_and_counts_them(tmp_path):
    folder = _folder_with_good_document(tmp_path)
    (folder / "good.meta.json").write_text(
        '{\n  "titel": "Talks",\n  "date": "2025-13-45",\n  "section": "sport"\n}\n', encoding="utf-8"
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match=r"3 problem\(s\) in 1 document\(s\); nothing was written"):
        call_command("import_documents", str(folder), stdout=io.StringIO(), stderr=err, skip_checks=True)
    side = folder / "good.meta.json"
    assert f"{side}, line 2: unknown key 'titel'" in err.getvalue()
    assert f"{side}, line 3: the sidecar's date '2025-13-45' is not an ISO date" in err.getvalue()
    assert f"{side}, line 4: unknown section 'sport'" in err.getvalue()
    assert counts() == (0, 0, 0, 0, 0, 0)


def test_a_broken_sidecar_is_reported_with_its_line(tmp_path):
    folder = _folder_with_good_document(tmp_path)
    (folder / "good.meta.json").write_text('{\n  "title": "x",\n  oops\n}\n')
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_documents", str(folder), stdout=io.StringIO(), stderr=err, skip_checks=True)
    assert "good.meta.json, line 3: the sidecar is not valid JSON" in err.getvalue()


def test_a_sidecar_nested_past_the_recursion_limit_is_refused_by_the_command(tmp_path):
    folder = _folder_with_good_document(tmp_path)
    (folder / "good.meta.json").write_text('{\n  "tags": ' + "[" * 100_000 + "]" * 100_000 + "}\n")
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_documents", str(folder), stdout=io.StringIO(), stderr=err, skip_checks=True)
    assert "good.meta.json, line 2: the sidecar is not valid: nested more than 32 levels deep" in err.getvalue()
    assert counts() == (0, 0, 0, 0, 0, 0)


def test_two_documents_with_one_slug_are_refused(tmp_path):
    folder = _folder_with_good_document(tmp_path)
    shutil.copy(folder / "good.txt", folder / "copy.txt")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_documents", str(folder), stdout=io.StringIO(), stderr=err, skip_checks=True)
    slug = "kuwait-oman-defense-talks-key-issues-cooperation"
    assert f"{folder / 'good.txt'}: slug '{slug}' is also the slug of {folder / 'copy.txt'}" in err.getvalue()
    assert Article.objects.count() == 0


def test_a_missing_path_is_an_error():
    with pytest.raises(CommandError, match="no such file or folder"):
        run("/nonexistent/documents")


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def _many_documents(tmp_path, count=50):
    folder = tmp_path / "docs"
    folder.mkdir()
    for index in range(count):
        shutil.copy(DOCUMENTS / "000_a6c0c8e8c2cf81b6.txt", folder / f"{index:03d}.txt")
        (folder / f"{index:03d}.meta.json").write_text(json.dumps({"slug": f"story-{index}", "date": "2025-11-20"}))
    return folder


def test_large_runs_show_a_progress_bar_on_the_terminal_for_reading_and_writing(tmp_path):
    folder = _many_documents(tmp_path)
    terminal, err = _Terminal(), io.StringIO()
    call_command("import_documents", str(folder), stdout=terminal, stderr=err, skip_checks=True)
    assert "read   [########################################] 50/50\n" in terminal.getvalue()
    assert "write  [########################################] 50/50\n" in terminal.getvalue()
    assert "Imported 50 article(s)" in terminal.getvalue()
    assert err.getvalue() == ""
    Article.objects.all().delete()
    out = io.StringIO()
    call_command("import_documents", str(folder), stdout=out, stderr=_Terminal(), skip_checks=True)
    assert "[#" not in out.getvalue()


def test_many_documents_give_a_few_summary_lines_not_one_note_each(tmp_path):
    folder = _many_documents(tmp_path)
    out, _err = run(folder, "--dry-run")
    assert "Dropped 200 emoji in 50 document(s)." in out
    assert "Dates: 50 from a sidecar, 0 from the text, 0 without a date." in out
    assert out.count("emoji") == 1
    assert len(out.splitlines()) < 10


def test_imported_rows_pass_model_validation():
    write_documents(seed_documents())
    for model in (Article, Author, Section, Tag):
        for instance in model.objects.all():
            instance.full_clean()


def test_a_failure_half_way_through_the_write_rolls_everything_back(monkeypatch):
    bulk_create = QuerySet.bulk_create

    def failing_for_tag_links(queryset, objs, *args, **kwargs):
        # The tag links are written last: by then sections, tags, authors and articles exist.
        if queryset.model is TaggedArticle:
            raise RuntimeError("database went away")
        return bulk_create(queryset, objs, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "bulk_create", failing_for_tag_links)
    with pytest.raises(RuntimeError):
        write_documents(seed_documents())
    assert counts() == (0, 0, 0, 0, 0, 0)


@pytest.mark.django_db(transaction=True)
def test_an_import_shows_on_cached_public_pages(client):
    # bulk_create sends no signals: the writer must invalidate the page cache itself, even when
    # the import creates no section, tag or author of its own.
    documents = seed_documents()
    nato_talks = next(d for d in documents if d.slug.startswith("kuwait-and-nato"))
    write_documents([d for d in documents if d is not nato_talks])
    for slug in nato_talks.tags:
        Tag.objects.get_or_create(slug=slug, defaults={"name_en": slug})
    Section.objects.get_or_create(slug=nato_talks.section, defaults={"name_en": nato_talks.section})
    assert client.get("/en/").status_code == 200  # now cached
    write_documents([nato_talks])
    assert nato_talks.title.encode() in client.get("/en/").content


def test_files_that_are_not_documents_and_orphan_sidecars_are_listed_as_skipped(tmp_path):
    folder = _folder_with_good_document(tmp_path)
    shutil.copy(DOCUMENTS / "001_75f66b6a5829880c.txt", folder / "UPPER.TXT")
    (folder / "UPPER.meta.json").write_text(json.dumps({"date": "2025-11-20"}))
    (folder / "photo.jpg").write_bytes(b"\xff\xd8")
    (folder / "notes.md").write_text("notes")
    (folder / "lost.meta.json").write_text("{}")
    out, _err = run(folder, "--dry-run")
    assert "Dry run: 2 document(s) parsed" in out
    assert f"Skipped {folder / 'lost.meta.json'}: a sidecar without its document (lost.txt)." in out
    assert f"Skipped {folder / 'notes.md'}: not a .txt document." in out
    assert f"Skipped {folder / 'photo.jpg'}: not a .txt document." in out
    assert "3 file(s) in the folders were not documents and were skipped" in out
    assert "UPPER.meta.json" not in out


def test_a_utf16_file_is_reported_as_utf16_not_binary(tmp_path):
    folder = _folder_with_good_document(tmp_path)
    (folder / "wide.txt").write_bytes("Talks resume\n\nThe talks resumed.\n".encode("utf-16"))
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_documents", str(folder), stdout=io.StringIO(), stderr=err, skip_checks=True)
    assert "wide.txt: UTF-16 text (it starts with a UTF-16 byte order mark): save it as UTF-8" in err.getvalue()
    assert counts() == (0, 0, 0, 0, 0, 0)


def test_a_dateline_too_long_for_its_column_is_reported_and_nothing_is_written(tmp_path):
    folder = _folder_with_good_document(tmp_path)
    shutil.copy(DOCUMENTS / "001_75f66b6a5829880c.txt", folder / "long.txt")
    (folder / "long.meta.json").write_text(
        '{\n  "date": "2025-11-20",\n  "dateline": "' + "Kuwait City " * 12 + '"\n}\n', encoding="utf-8"
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_documents", str(folder), stdout=io.StringIO(), stderr=err, skip_checks=True)
    assert "long.meta.json, line 3: the dateline is 143 characters long, more than the 100 the site stores" in (
        err.getvalue()
    )
    assert counts() == (0, 0, 0, 0, 0, 0)


def test_a_sidecar_mistake_is_reported_against_the_sidecar_through_the_command(tmp_path):
    folder = _folder_with_good_document(tmp_path)
    (folder / "good.meta.json").write_text('{\n  "date": "2025-11-20",\n  "is_breaking": "false"\n}\n')
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_documents", str(folder), stdout=io.StringIO(), stderr=err, skip_checks=True)
    assert 'good.meta.json, line 3: the sidecar\'s is_breaking must be true or false (without quotes), not "false"' in (
        err.getvalue()
    )


def test_the_set_of_documents_is_checked_once_per_run(monkeypatch):
    from articles.importer import writer
    from articles.management.commands import import_documents

    calls = []
    original = writer.check_documents

    def counting(documents):
        calls.append(len(documents))
        return original(documents)

    monkeypatch.setattr(writer, "check_documents", counting)
    monkeypatch.setattr(import_documents, "check_documents", counting)
    run(DOCUMENTS)
    assert calls == [5]
    calls.clear()
    run(DOCUMENTS, "--dry-run")
    assert calls == [5]


def test_fixture_columns_follow_the_languages_setting(settings):
    settings.LANGUAGES = [("en", "English"), ("ar", "Arabic"), ("fr", "French")]
    records = fixture_records(seed_documents())
    article = next(r["fields"] for r in records if r["model"] == "articles.article")
    assert {"title_en", "title_ar", "title_fr"} <= set(article)
    assert article["title_fr"] == ""


def test_fixture_columns_follow_the_fields_registered_for_translation(monkeypatch):
    # articles/translation.py is the one list of translated fields: a field registered there
    # gets its columns in the fixture without a second list to keep in step.
    from modeltranslation.translator import translator

    options = translator.get_options_for_model(Article)
    monkeypatch.setattr(options, "fields", (*options.fields, "kicker"))
    records = fixture_records(seed_documents())
    article = next(r["fields"] for r in records if r["model"] == "articles.article")
    assert {"kicker", "kicker_en", "kicker_ar"} <= set(article)
    assert (article["kicker"], article["kicker_en"], article["kicker_ar"]) == ("", None, None)


def test_help_for_the_command_is_shown_not_a_crash(capsys):
    for out in command_help("import_documents", capsys):
        assert "Imports plain-text news documents as articles" in out
        assert "--dry-run" in out


def test_hostile_html_in_a_body_is_cleaned_by_the_bulk_write(monkeypatch):
    hostile = '<p onclick="steal()">Talks resumed.</p><script>alert(1)</script><a href="javascript:x()">more</a>'
    monkeypatch.setattr(ParsedDocument, "body_html", property(lambda document: hostile))
    write_documents(seed_documents()[:1])
    article = Article.objects.get()
    stored = Article.objects.filter(pk=article.pk).values_list(f"body_{article.original_language}", flat=True)[0]
    assert stored == sanitize_html(hostile)
    assert "<script" not in stored and "onclick" not in stored and "javascript:" not in stored
    assert "Talks resumed." in stored
