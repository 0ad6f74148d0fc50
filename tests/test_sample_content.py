"""The sample site: fixtures/sample_content.json loads on a fresh database, once."""

import io
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article, Author, Byline
from editorial.sanitize import sanitize_html
from taxonomy.models import Section, Tag, TaggedArticle
from tests.processes import command_help

pytestmark = pytest.mark.django_db

FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "sample_content.json"
MODELS = (Section, Tag, Author, Article, Byline, TaggedArticle)


def counts():
    return tuple(m.objects.count() for m in MODELS)


def fixture_counts():
    records = json.loads(FIXTURE.read_text(encoding="utf-8"))
    labels = [m._meta.label_lower for m in MODELS]
    return tuple(sum(1 for r in records if r["model"] == label) for label in labels)


def load_sample(**kwargs):
    out = io.StringIO()
    call_command("load_sample_content", stdout=out, skip_checks=True, **kwargs)
    return out.getvalue()


def test_fixture_uses_natural_keys_only():
    records = json.loads(FIXTURE.read_text(encoding="utf-8"))
    assert records
    assert all("pk" not in record for record in records)


def test_loaddata_twice_loads_the_whole_site_without_duplicates():
    call_command("loaddata", str(FIXTURE), verbosity=0)
    first = counts()
    assert first == fixture_counts()
    assert first[3] == 5
    call_command("loaddata", str(FIXTURE), verbosity=0)
    assert counts() == first


def test_loaded_articles_are_published_sanitized_and_in_their_language():
    call_command("loaddata", str(FIXTURE), verbosity=0)
    assert Article.objects.published().count() == 5
    for article in Article.objects.all():
        for code in ("en", "ar"):
            body = getattr(article, f"body_{code}")
            assert sanitize_html(body) == body
        assert article.available_languages == [article.original_language]
    assert Article.objects.in_language("ar").get().is_breaking
    assert [b.author.slug for b in Article.objects.get(slug__startswith="kuwait-oman").bylines.all()] == [
        "james-carter"
    ]


def test_load_sample_content_loads_once_and_says_so():
    assert "Loaded 5 sample article(s)" in load_sample()
    loaded = counts()
    assert "already present (5 articles); nothing loaded" in load_sample()
    assert counts() == loaded


def test_load_sample_content_keeps_local_edits_and_restores_only_what_is_missing():
    load_sample()
    loaded = counts()
    edited = Article.objects.get(slug__startswith="kuwait-oman")
    edited.title_en = "Edited locally"
    edited.save()
    Article.objects.get(slug="defence-minister-meets-kuwaiti-counterpart").delete()
    nato = Tag.objects.get(slug="nato")
    nato.name_ar = "حلف الناتو"
    nato.save()

    out = load_sample()
    assert "Loaded 1 sample article(s)" in out
    assert "4 sample article(s) were there already" in out
    assert counts() == loaded
    assert Article.objects.get(pk=edited.pk).title_en == "Edited locally"
    assert Tag.objects.get(slug="nato").name_ar == "حلف الناتو"
    restored = Article.objects.get(slug="defence-minister-meets-kuwaiti-counterpart")
    assert restored.tags.count() > 0


def test_load_sample_content_reports_an_unreadable_fixture(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("[{", encoding="utf-8")
    with pytest.raises(CommandError, match="invalid JSON"):
        load_sample(fixture=str(broken))
    assert counts() == (0,) * len(MODELS)


def test_load_sample_content_names_the_line_of_a_bad_record(tmp_path):
    broken = tmp_path / "broken.json"
    records = json.loads(FIXTURE.read_text(encoding="utf-8"))
    article = next(r for r in records if r["model"] == "articles.article")
    article["fields"]["status"] = "live"
    broken.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
    starts = [n for n, text in enumerate(broken.read_text(encoding="utf-8").splitlines(), start=1) if text == " {"]
    line = starts[records.index(article)]
    with pytest.raises(CommandError) as excinfo:
        load_sample(fixture=str(broken))
    assert f"{broken}:{line}: articles.article.status: 'live' is not one of the choices" in str(excinfo.value)
    assert counts() == (0,) * len(MODELS)


def test_load_sample_content_checks_the_fixture_once(monkeypatch):
    from editorial import fixtures

    checked = []
    check = fixtures.check_fixture_text
    monkeypatch.setattr(
        fixtures, "check_fixture_text", lambda *args, **kwargs: checked.append(1) or check(*args, **kwargs)
    )
    load_sample()
    assert len(checked) == 1
    assert Article.objects.count() == sum(
        1 for r in json.loads(FIXTURE.read_text(encoding="utf-8")) if r["model"] == "articles.article"
    )


def test_load_sample_content_names_the_fixture_once_per_problem(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("[{", encoding="utf-8")
    with pytest.raises(CommandError) as excinfo:
        load_sample(fixture=str(broken))
    message = str(excinfo.value)
    assert message.startswith(f"{broken}:1:")
    assert message.count(str(broken)) == 1
    missing = tmp_path / "missing.json"
    with pytest.raises(CommandError) as excinfo:
        load_sample(fixture=str(missing))
    assert str(excinfo.value).count(str(missing)) == 1


def test_help_for_load_sample_content_is_shown_not_a_crash(capsys):
    for out in command_help("load_sample_content", capsys):
        assert "Loads the sample articles into the database" in out
        assert "--fixture" in out
