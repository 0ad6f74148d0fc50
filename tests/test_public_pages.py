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
    from articles.workflow import preview_token

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


# -- audit fixes -------------------------------------------------------------------------------


def test_search_without_results_says_so(client, content):
    for lang in ("en", "ar"):
        html = client.get(f"/{lang}/search/", {"q": "zzzzqqq"}).content.decode()
        main = html.split('id="main"')[1]
        assert 'class="search-summary"' in main
        assert 'class="empty"' in main
    html = client.get("/en/search/", {"q": "zzzzqqq"}).content.decode()
    assert "No articles match your search." in html
    assert "0 results" in html


def test_breaking_is_breaking_only_for_a_while(client, content, settings):
    content["both"].is_breaking = False
    content["both"].save()
    old = make_article(
        "old-breaking",
        title_en="Year-old breaking story",
        is_breaking=True,
        publish_at=timezone.now() - timedelta(days=365),
    )
    html = client.get("/en/").content.decode()
    lead = html.split('class="lead"')[1].split("</section>")[0]
    assert "Year-old breaking story" not in lead
    assert "Breaking" not in client.get(old.get_absolute_url()).content.decode().split('id="main"')[1]

    settings.NEWSROOM_BREAKING_HOURS = 24 * 400
    old.save()  # a new cache generation
    html = client.get("/en/").content.decode()
    assert "Year-old breaking story" in html.split('class="lead"')[1].split("</section>")[0]


def test_recent_breaking_story_leads_with_its_label(client, content):
    make_article("newer", title_en="Newer story", publish_at=timezone.now())
    lead = client.get("/en/").content.decode().split('class="lead"')[1].split("</section>")[0]
    assert "Gulf summit opens" in lead and "label--breaking" in lead


def test_updated_shows_only_after_a_real_edit(client, content):
    fresh = make_article("fresh", title_en="Just published", publish_at=timezone.now())
    for url in ("/en/articles/gulf-summit/", fresh.get_absolute_url()):
        html = client.get(url).content.decode()
        assert "Updated" not in html, url
        assert "article:modified_time" not in html, url
        assert '"dateModified": "' + html.split('"datePublished": "')[1].split('"')[0] in html, url
    # The English text is edited two hours after publication (written behind the signals' back,
    # so the cache is told by hand).
    article = content["both"]
    edited = {**article.language_edited_at, "en": (timezone.now() + timedelta(hours=2)).isoformat()}
    Article.objects.filter(pk=article.pk).update(language_edited_at=edited)
    from editorial.invalidation import bump_generation

    bump_generation()
    html = client.get("/en/articles/gulf-summit/").content.decode()
    assert "Updated" in html
    assert "article:modified_time" in html
    # The Arabic text was not edited: the Arabic page shows no update.
    assert "article:modified_time" not in client.get("/ar/articles/gulf-summit/").content.decode()


@pytest.mark.parametrize(
    "text,expected",
    [
        ("أوبك+ OPEC+ يرتفع 3%", "أوبك+ <bdi>OPEC+</bdi> يرتفع <bdi>3%</bdi>"),
        ("قمة COP28 في دبي", "قمة <bdi>COP28</bdi> في دبي"),
        ("خبر عربي", "خبر عربي"),
        ("<script>alert(1)</script> هجوم", "&lt;<bdi>script&gt;alert(1)&lt;/script&gt;</bdi> هجوم"),
        ('"AT&T" تعلن', "&quot;<bdi>AT&amp;T&quot;</bdi> تعلن"),
    ],
)
def test_isolate_wraps_latin_runs_and_escapes_everything(text, expected):
    from django.utils import translation

    from articles.templatetags.public import isolate

    with translation.override("ar"):
        assert isolate(text) == expected
    with translation.override("en"):
        assert isolate(text) == expected.replace("<bdi>", "").replace("</bdi>", "")


def test_arabic_headlines_and_standfirsts_isolate_latin_text(client, content):
    make_article(
        "opec",
        title_en="",
        body_en="",
        title_ar="أوبك+ OPEC+ يرتفع <script>alert(1)</script>",
        standfirst_ar="ارتفع خام برنت Brent بنسبة 3%",
        body_ar="<p>نص</p>",
    )
    detail = client.get("/ar/articles/opec/").content.decode()
    assert '<h1 class="article__title">أوبك+ <bdi>OPEC+</bdi> يرتفع &lt;<bdi>script&gt;alert(1)' in detail
    assert "<bdi>Brent</bdi>" in detail and "<bdi>3%</bdi>" in detail
    assert "<script>alert(1)" not in detail
    home = client.get("/ar/").content.decode()
    assert "<bdi>OPEC+</bdi>" in home
    assert "<script>alert(1)" not in home


def test_arabic_dates_read_day_month_year(client, content):
    from datetime import UTC, datetime

    content["ar_only"].publish_at = content["ar_only"].first_published_at = datetime(2026, 11, 25, 8, 29, tzinfo=UTC)
    content["ar_only"].save()
    html = client.get("/ar/articles/arabic-only/").content.decode()
    # 08:29 UTC is 11:29 in Kuwait; Western digits, Arabic month name, day first.
    assert "25 نوفمبر 2026، 11:29 ص" in html
    assert "نوفمبر 25, 2026" not in html


def test_arabic_edition_shows_no_english_descriptions_names_or_captions(client, content):
    section = content["section"]
    section.description_en = "English description of the world section"
    section.save()
    english_only_section = make_section("local", name_en="Local news")
    english_only_tag = make_tag("english-only-tag", name_en="English Tag Name")
    author = content["author"]
    author.job_title_en, author.bio_en = "Senior correspondent", "<p>English biography</p>"
    author.save()
    article = content["both"]
    article.tags.add(english_only_tag)
    article.section = english_only_section
    article.image_caption_en, article.correction_en = "English caption", "English correction"
    article.save()
    pages = [
        client.get("/ar/sections/world/").content.decode(),
        client.get("/ar/articles/gulf-summit/").content.decode(),
        client.get("/ar/authors/sara/").content.decode(),
        client.get("/ar/").content.decode(),
    ]
    for html in pages:
        for english in (
            "English description",
            "English Tag Name",
            "Local news",
            "Senior correspondent",
            "English biography",
            "English caption",
            "English correction",
        ):
            assert english not in html, english
    assert "English description of the world section" in client.get("/en/sections/world/").content.decode()


def test_unavailable_page_switcher_leads_to_the_article(client, content):
    response = client.get("/en/articles/arabic-only/")
    assert response.status_code == 404
    switcher = response.content.decode().split('class="language-switcher"')[1].split("</nav>")[0]
    assert 'href="/ar/articles/arabic-only/"' in switcher


def test_tag_and_author_pages_need_something_published_in_the_edition(client, content):
    draft_tag = make_tag("draft-only", name_en="Secret Draft Tag", name_ar="وسم سري")
    content["hidden"]["draft"].tags.add(draft_tag)
    for lang in ("en", "ar"):
        response = client.get(f"/{lang}/tags/draft-only/")
        assert response.status_code == 404
        assert "Secret Draft Tag" not in response.content.decode()
    drafter = make_author("drafter", name_en="Only Drafts")
    Byline.objects.create(article=content["hidden"]["draft"], author=drafter)
    assert client.get("/en/authors/drafter/").status_code == 404
    english_writer = make_author("english-writer", name_en="English Writer")
    Byline.objects.create(article=content["related"], author=english_writer)
    assert client.get("/en/authors/english-writer/").status_code == 200
    assert client.get("/ar/authors/english-writer/").status_code == 404


def test_author_page_headings_are_in_order(client, content):
    html = client.get("/en/authors/sara/").content.decode()
    main = html.split('id="main"')[1]
    assert "<h2>" in main
    assert '<h3 class="card__title">' in main
    assert '<h2 class="card__title">' not in main


@pytest.mark.parametrize("header,lang", [("ar,en;q=0.5", "ar"), ("en-US", "en")])
def test_unprefixed_404_speaks_the_readers_language(client, header, lang):
    response = client.get("/nope/", HTTP_ACCEPT_LANGUAGE=header)
    assert response.status_code == 404
    assert f'<html lang="{lang}"' in response.content.decode()


def test_focus_outline_contrast_is_at_least_3_to_1():
    import re
    from pathlib import Path

    css = (Path(__file__).parent.parent / "static" / "css" / "public.css").read_text()
    colours = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{3,6})", css))

    def luminance(hex_colour):
        hex_colour = hex_colour.lstrip("#")
        if len(hex_colour) == 3:
            hex_colour = "".join(c * 2 for c in hex_colour)
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    def contrast(a, b):
        high, low = sorted((luminance(a), luminance(b)), reverse=True)
        return (high + 0.05) / (low + 0.05)

    assert "outline: 3px solid var(--focus)" in css and "var(--focus-halo)" in css
    light = [colours["paper"], "#f6f6f6", "#fff3cd"]  # page, correction box, preview banner
    dark = [colours["ink"], colours["accent"], colours["link"]]  # buttons, labels, links
    for background in light:
        assert contrast(colours["focus"], background) >= 3, background
    for background in dark:
        assert contrast(colours["focus-halo"], background) >= 3, background


def _footer(html):
    return html[html.index('<footer class="site-footer">') :]


@pytest.mark.parametrize(
    "path,feed,name_en,name_ar",
    [
        ("sections/world/", "feeds/sections/world", "World", "العالم"),
        ("tags/oil/", "feeds/tags/oil", "Oil", "النفط"),
        ("authors/sara/", "feeds/authors/sara", "Sara Ali", "سارة علي"),
    ],
)
@pytest.mark.parametrize("lang", ["en", "ar"])
def test_section_tag_and_author_pages_link_their_own_feeds_visibly(client, content, path, feed, name_en, name_ar, lang):
    footer = _footer(client.get(f"/{lang}/{path}").content.decode())
    name = name_ar if lang == "ar" else name_en
    for kind in ("rss", "atom"):
        assert f'href="/{lang}/{feed}/{kind}/"' in footer
        assert f'href="/{lang}/feeds/latest/{kind}/"' in footer
    assert f"<bdi>{name}</bdi>" in footer


def test_other_pages_link_only_the_latest_feeds(client, content):
    footer = _footer(client.get("/en/articles/gulf-summit/").content.decode())
    assert footer.count("/feeds/") == 2


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_the_search_page_has_one_search_box(client, content, lang):
    html = client.get(f"/{lang}/search/", {"q": "summit"}).content.decode()
    assert html.count('type="search"') == 1
    assert html.count('role="search"') == 1
    assert 'value="summit"' in html
    # Every other page keeps the header's.
    assert client.get(f"/{lang}/").content.decode().count('type="search"') == 1


def _css_rule(css, selector):
    import re

    match = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", css)
    assert match, selector
    declarations = (part.split(":", 1) for part in match[1].split(";") if ":" in part)
    return {name.strip(): value.strip() for name, value in declarations}


def test_a_caption_in_the_body_is_styled_as_a_caption_even_without_its_photo(client):
    from pathlib import Path

    make_article(
        "captioned",
        title_en="Captioned",
        body_en="<p>Text.</p><figure><figcaption>Leaders at the summit (AFP)</figcaption></figure><p>More.</p>",
    )
    html = client.get("/en/articles/captioned/").content.decode()
    body = html[html.index('class="article__body"') :]
    assert "<figure><figcaption>Leaders at the summit (AFP)</figcaption></figure>" in body
    css = (Path(__file__).parent.parent / "static" / "css" / "public.css").read_text()
    # A browser's default figure margins (40px on both sides) made a bare caption look like an
    # indented paragraph; the caption is smaller, muted and on a rule at the start of its line,
    # written with logical properties so the rule is on the right in Arabic.
    assert _css_rule(css, ".article__body figure")["margin-inline"] == "0"
    caption = _css_rule(css, ".article__body figcaption")
    assert caption["color"] == "var(--muted)"
    assert caption["font-size"].endswith("rem") and float(caption["font-size"].removesuffix("rem")) < 1
    assert caption["border-inline-start"].startswith("3px solid")
    assert "padding-inline-start" in caption
    assert not any(name.endswith(("-left", "-right")) for name in caption)


def test_an_expired_preview_token_is_a_404(client, content, settings):
    import time
    from unittest import mock

    from articles.workflow import preview_token

    settings.NEWSROOM_PREVIEW_MAX_AGE = 3600
    draft = content["hidden"]["draft"]
    signed_at = time.time() - settings.NEWSROOM_PREVIEW_MAX_AGE - 60
    with mock.patch("django.core.signing.time.time", return_value=signed_at):
        expired = preview_token(draft)
    with mock.patch("django.core.signing.time.time", return_value=signed_at + settings.NEWSROOM_PREVIEW_MAX_AGE - 60):
        still_valid = preview_token(draft)

    response = client.get(f"/en/preview/{expired}/")
    assert response.status_code == 404
    assert "Secret draft" not in response.content.decode()
    assert client.get(f"/en/preview/{still_valid}/").status_code == 200


def test_the_featured_image_shows_with_alt_caption_credit_and_in_the_head(client, settings, tmp_path):
    import io
    import json
    import re

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    settings.MEDIA_ROOT = tmp_path
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), (200, 30, 30)).save(buffer, format="PNG")
    article = make_article(
        "with-photo",
        title_en="Port reopens",
        title_ar="إعادة فتح الميناء",
        body_ar="<p>نص.</p>",
        image=SimpleUploadedFile("port.png", buffer.getvalue(), content_type="image/png"),
        image_alt_en="Cranes at Shuwaikh port",
        image_alt_ar="رافعات في ميناء الشويخ",
        image_caption_en="The port at dawn",
        image_caption_ar="الميناء عند الفجر",
        image_credit_en="KUNA",
        image_credit_ar="كونا",
    )
    assert (tmp_path / article.image.name).is_file()
    url = f"http://testserver{article.image.url}"

    for lang, alt, caption, credit in [
        ("en", "Cranes at Shuwaikh port", "The port at dawn", "KUNA"),
        ("ar", "رافعات في ميناء الشويخ", "الميناء عند الفجر", "كونا"),
    ]:
        html = client.get(f"/{lang}/articles/with-photo/").content.decode()
        figure = re.search(r'<figure class="article__image">(.*?)</figure>', html, re.S).group(1)
        assert f'src="{article.image.url}"' in figure
        assert f'alt="{alt}"' in figure
        figcaption = re.search(r"<figcaption>(.*?)</figcaption>", figure, re.S).group(1)
        assert caption in figcaption and f"<bdi>{credit}</bdi>" in figcaption
        assert f'<meta property="og:image" content="{url}">' in html
        assert f'<meta property="og:image:alt" content="{alt}">' in html
        assert f'<meta name="twitter:image" content="{url}">' in html
        data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
        assert data["image"] == [url]


def test_an_arabic_only_drafts_english_url_is_a_plain_404(client):
    make_article(
        "arabic-draft",
        title_en="",
        body_en="",
        title_ar="مسودة عربية",
        body_ar="<p>نص.</p>",
        status=Article.Status.DRAFT,
        original_language="ar",
    )
    for lang in ("en", "ar"):
        response = client.get(f"/{lang}/articles/arabic-draft/")
        assert response.status_code == 404
        html = response.content.decode()
        # Saying where else it can be read would tell that the draft exists: the page is the one
        # of a slug that names nothing.
        assert "available in Arabic" not in html
        assert "مسودة عربية" not in html
        unknown = client.get(f"/{lang}/articles/no-such-story/")
        assert html == unknown.content.decode().replace("no-such-story", "arabic-draft")


@pytest.mark.parametrize(
    ("status", "hours", "label"),
    [("draft", None, "Draft"), ("review", None, "In review"), ("published", 5, "Scheduled for")],
)
def test_a_preview_says_what_the_article_is_with_its_date(client, status, hours, label):
    from django.utils.formats import date_format

    from articles.workflow import preview_token

    at = timezone.now() + timedelta(hours=hours) if hours else None
    article = make_article(status=status, publish_at=at)
    html = client.get(f"/en/preview/{preview_token(article)}/").content.decode()
    meta = html[html.index('class="article__meta"') :]
    meta = meta[: meta.index("</div>")]
    assert label in meta
    assert "Published" not in meta
    shown = at if at else article.updated_at
    assert date_format(timezone.localtime(shown), "DATETIME_FORMAT") in meta
