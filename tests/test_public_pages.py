"""Every public page answers in both editions, shows the right things, and hides what is not public."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Byline
from tests.factories import make_article, make_author, make_section, make_tag

pytestmark = pytest.mark.django_db

LANGS = [("en", "ltr"), ("ar", "rtl")]


@pytest.fixture
def content():
    section = make_section("world", name_en="World", name_ar="العالم")
    tag = make_tag("oil", name_en="Oil", name_ar="النفط")
    author = make_author("sara", name_en="Sara Ali", name_ar="سارة علي", bio_en="<p>Reporter in <b>Kuwait</b>.</p>")
    both = make_article(
        "gulf-summit",
        title_en="Gulf summit opens",
        body_en="<p>Leaders met.</p>",
        title_ar="افتتاح القمة الخليجية",
        body_ar="<p>اجتمع القادة.</p>",
        standfirst_en="A summary",
        section=section,
        tags=[tag],
        authors=[author],
        dateline_en="Kuwait City",
        source="KUNA",
        is_breaking=True,
    )
    ar_only = make_article(
        "arabic-only",
        title_en="",
        body_en="",
        title_ar="خبر عربي فقط",
        body_ar="<p>نص.</p>",
        section=section,
        tags=[tag],
        authors=[author],
        original_language="ar",
    )
    related = make_article("oil-prices", title_en="Oil prices rise", section=section, tags=[tag])
    hidden = {
        "draft": make_article(
            "draft-story",
            title_en="Secret draft",
            status=Article.Status.DRAFT,
            section=section,
            tags=[tag],
            authors=[author],
        ),
        "review": make_article(
            "review-story",
            title_en="Secret review",
            status=Article.Status.IN_REVIEW,
            section=section,
            tags=[tag],
            authors=[author],
        ),
        "scheduled": make_article(
            "scheduled-story",
            title_en="Secret scheduled",
            section=section,
            tags=[tag],
            authors=[author],
            publish_at=timezone.now() + timedelta(days=1),
        ),
        "archived": make_article(
            "archived-story",
            title_en="Secret archived",
            status=Article.Status.ARCHIVED,
            publish_at=timezone.now() - timedelta(days=3),
            section=section,
            tags=[tag],
            authors=[author],
        ),
    }
    return {
        "section": section,
        "tag": tag,
        "author": author,
        "both": both,
        "ar_only": ar_only,
        "related": related,
        "hidden": hidden,
    }


def public_urls(lang):
    return [
        f"/{lang}/",
        f"/{lang}/articles/",
        f"/{lang}/articles/gulf-summit/",
        f"/{lang}/sections/world/",
        f"/{lang}/tags/oil/",
        f"/{lang}/authors/sara/",
        f"/{lang}/search/?q=summit",
        f"/{lang}/search/?q=القمة",
    ]


@pytest.mark.parametrize("lang,direction", LANGS)
def test_every_page_renders_with_language_and_direction(client, content, lang, direction):
    for url in public_urls(lang):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert f'<html lang="{lang}" dir="{direction}">' in html, url
        assert 'href="#main"' in html and 'id="main"' in html
        assert 'rel="canonical"' in html or "/search/" in url


def test_article_detail_shows_everything(client, content):
    html = client.get("/en/articles/gulf-summit/").content.decode()
    assert "<h1" in html and "Gulf summit opens" in html
    assert "A summary" in html
    assert "Breaking" in html
    assert 'href="/en/authors/sara/"' in html and "Sara Ali" in html and "(Reporter)" in html
    assert "Kuwait City" in html and "KUNA" in html
    assert "<time datetime=" in html and "+03:00" in html  # the site's time zone, Asia/Kuwait
    assert "minute read" in html
    assert "<p>Leaders met.</p>" in html
    assert 'href="/en/tags/oil/"' in html and 'href="/en/sections/world/"' in html
    assert "Oil prices rise" in html  # related by the shared tag
    assert 'hreflang="ar" href="http://testserver/ar/articles/gulf-summit/"' in html
    assert 'hreflang="x-default"' in html


def test_arabic_detail_isolates_latin_names_and_links_back(client, content):
    html = client.get("/ar/articles/gulf-summit/").content.decode()
    assert "افتتاح القمة الخليجية" in html
    assert "<bdi>KUNA</bdi>" in html
    assert 'href="/en/articles/gulf-summit/"' in html  # switcher goes to the same article


def test_arabic_only_article_not_listed_in_english_and_explained(client, content):
    for url in ["/en/", "/en/articles/", "/en/sections/world/", "/en/tags/oil/", "/en/authors/sara/"]:
        assert "/articles/arabic-only/" not in client.get(url).content.decode(), url
    assert "/ar/articles/arabic-only/" in client.get("/ar/articles/").content.decode()
    response = client.get("/en/articles/arabic-only/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "not available in this language" in html
    assert "It is available in Arabic" in html
    assert 'href="/ar/articles/arabic-only/"' in html
    assert '<html lang="en" dir="ltr">' in html


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_unpublished_articles_appear_nowhere(client, content, lang):
    for name, article in content["hidden"].items():
        assert client.get(f"/{lang}/articles/{article.slug}/").status_code == 404, name
    urls = public_urls(lang) + [f"/{lang}/search/?q=secret"]
    for url in urls:
        html = client.get(url).content.decode()
        for name, article in content["hidden"].items():
            assert article.slug not in html, (url, name)
            assert "Secret" not in html, (url, name)


def test_home_lead_is_breaking_and_sections_have_blocks(client, content):
    make_article("newer", title_en="Newer story", section=content["section"], publish_at=timezone.now())
    html = client.get("/en/").content.decode()
    lead = html.split('class="lead"')[1].split("</section>")[0]
    assert "Gulf summit opens" in lead
    assert 'id="section-world"' in html


def test_author_page_shows_bio_and_articles(client, content):
    html = client.get("/en/authors/sara/").content.decode()
    assert "<p>Reporter in <b>Kuwait</b>.</p>" in html
    assert "Gulf summit opens" in html


def test_unicode_slugs(client):
    section = make_section("section-x", name_en="X")
    article = make_article("خبر-عاجل", title_ar="عنوان", body_ar="<p>نص</p>", section=section)
    author = make_author("كاتب")
    Byline.objects.create(article=article, author=author)
    assert client.get(article.get_absolute_url()).status_code == 200
    assert client.get("/ar/authors/كاتب/").status_code == 200


@pytest.mark.parametrize("lang,direction", LANGS)
def test_404_page_in_both_languages(client, lang, direction):
    response = client.get(f"/{lang}/articles/no-such-thing/")
    assert response.status_code == 404
    assert f'<html lang="{lang}" dir="{direction}">' in response.content.decode()


@pytest.mark.parametrize("lang,direction", LANGS)
def test_500_page_in_both_languages(rf, lang, direction):
    from django.utils import translation

    from articles.views import server_error

    with translation.override(lang):
        response = server_error(rf.get(f"/{lang}/"))
    assert response.status_code == 500
    assert f'<html lang="{lang}" dir="{direction}">' in response.content.decode()


@pytest.mark.parametrize("header,target", [("ar,en;q=0.5", "/ar/"), ("en-US,en;q=0.9", "/en/"), ("fr", "/en/")])
def test_root_redirects_by_accept_language(client, header, target):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE=header)
    assert response.status_code == 302
    assert response["Location"] == target


@pytest.mark.parametrize("query", ["", "   ", "?!…", "x" * 5000, "%00", "<script>"])
def test_bad_search_queries_give_a_normal_page(client, content, query):
    response = client.get("/en/search/", {"q": query})
    assert response.status_code == 200
    body = response.content.decode().split("</head>", 1)[1]
    assert "<script>" not in body  # the query is echoed escaped, never as markup


def test_preview_shows_any_status_privately(client, content):
    from articles.publishing import preview_token

    draft = content["hidden"]["draft"]
    response = client.get(f"/en/preview/{preview_token(draft)}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Secret draft" in html
    assert '<meta name="robots" content="noindex">' in html
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert client.get("/en/preview/forged-token/").status_code == 404


def test_arabic_page_never_falls_back_to_english_text(client, content):
    html = client.get("/ar/articles/gulf-summit/").content.decode()
    assert "A summary" not in html  # the English standfirst
    assert "Kuwait City" not in html  # the English dateline
    assert "A summary" in client.get("/en/articles/gulf-summit/").content.decode()
