"""Nothing an import brings goes live by itself: it waits in review, with its import report shown
to the editor on the article's admin page; the command names files by the path it was given."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from articles.models import Article, ImportReport
from tests.factories import make_article, make_editor

pytestmark = pytest.mark.django_db

# Page clutter above the headline, a byline, the page's clock and the article's own date line,
# a share bar, a wire trailer: what the report must account for, line by line.
CLUTTERED = """A+ A-
Print
Kuwait cabinet approves draft law on renewable energy - Gulf Daily
Kuwait cabinet approves draft law on renewable energy
Friday 13 February 2026 11:06 am Kuwait 24°
Published: February 12, 2026
By Hana Al-Qattan
Share on WhatsApp
KUWAIT, Feb 12 (KUNA) -- The cabinet approved a draft law on renewable energy investment on Thursday.

The law lets private companies build solar plants and sell power to the state grid.
(end) ak.mf
"""


def _import(*paths, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_documents", *map(str, paths), stdout=out, stderr=err, skip_checks=True, **options)
    return out.getvalue()


def test_an_imported_article_with_a_date_is_held_for_review_not_published(tmp_path):
    (tmp_path / "story.txt").write_text(CLUTTERED, encoding="utf-8")
    out = _import(tmp_path / "story.txt")
    article = Article.objects.get()
    assert article.status == Article.Status.IN_REVIEW
    assert not Article.objects.published().exists()
    assert article.publish_at.date().isoformat() == "2026-02-12"  # the published line, not the clock
    assert "1 held for review, 0 published" in out


def test_only_a_sidecar_saying_published_publishes(tmp_path):
    (tmp_path / "story.txt").write_text(CLUTTERED, encoding="utf-8")
    (tmp_path / "story.meta.json").write_text('{"status": "published"}', encoding="utf-8")
    out = _import(tmp_path / "story.txt")
    assert Article.objects.published().count() == 1
    assert "0 held for review, 1 published" in out


def test_the_report_says_where_each_part_came_from_and_every_line_dropped(tmp_path):
    (tmp_path / "story.txt").write_text(CLUTTERED, encoding="utf-8")
    _import(tmp_path / "story.txt")
    imported = ImportReport.objects.get()
    report = imported.report
    assert imported.document == str(tmp_path / "story.txt")
    assert (report["headline"]["text"], report["headline"]["line"]) == (
        "Kuwait cabinet approves draft law on renewable energy",
        4,
    )
    assert [item["line"] for item in report["headline"]["passed_over"]] == [1, 2, 3]
    assert report["byline"]["authors"] == ["Hana Al-Qattan"] and report["byline"]["line"] == 7
    assert (report["date"]["value"], report["date"]["line"]) == ("2026-02-12", 6)
    assert report["date"]["passed_over"][0]["line"] == 5
    assert report["source"]["text"] == "KUNA" and report["dateline"] == "KUWAIT"
    dropped = {item["line"]: item["why"] for item in report["dropped"]}
    assert set(dropped) == {1, 2, 3, 5, 6, 8, 12}
    assert dropped[12] == "wire trailer" and report["wire_trailers"] == 1


def test_the_report_shows_on_the_articles_admin_page(client, tmp_path):
    (tmp_path / "story.txt").write_text(CLUTTERED, encoding="utf-8")
    _import(tmp_path / "story.txt")
    article = Article.objects.get()
    client.force_login(make_editor())
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert "Import report" in page
    assert f"Imported from {tmp_path / 'story.txt'}" in page
    assert "Lines dropped as page clutter" in page
    assert "Friday 13 February 2026 11:06 am Kuwait 24°" in page  # the clock, dropped, shown with its line
    assert '<td dir="auto">Share on WhatsApp</td>' in page  # rendered as a table, not escaped text


def test_an_article_written_in_the_admin_has_no_report_block(client):
    article = make_article()
    client.force_login(make_editor())
    page = client.get(reverse("admin:articles_article_change", args=[article.pk])).content.decode()
    assert page.count("Import report") == 0


def test_errors_and_the_summary_name_files_by_the_path_given(tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "x.txt").write_text(CLUTTERED, encoding="utf-8")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_documents", str(tmp_path / "a"), str(tmp_path / "b"), stdout=io.StringIO(), stderr=err)
    assert f"{tmp_path / 'b' / 'x.txt'}: slug" in err.getvalue()
    assert f"also the slug of {tmp_path / 'a' / 'x.txt'}" in err.getvalue()
    (tmp_path / "b" / "x.txt").write_bytes(b"\x00binary")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_documents", str(tmp_path / "b"), stdout=io.StringIO(), stderr=err)
    assert err.getvalue().startswith(f"{tmp_path / 'b' / 'x.txt'}")
