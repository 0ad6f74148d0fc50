"""Article cards and the per-edition kit they share (articles/templatetags/cards.py): what a kit
keeps (addresses, labels, the date layout, formatted times) never makes a card show an article
as it was, another language's labels or another time zone's hours."""

from datetime import UTC, datetime

import pytest
from django.test import override_settings
from django.urls import set_script_prefix
from django.utils import translation

from articles.models import Article, Author, Byline
from articles.templatetags import cards
from articles.templatetags.public import article_card
from tests.factories import make_article, make_author, make_section

pytestmark = pytest.mark.django_db

NOON = datetime(2026, 3, 5, 9, 0, tzinfo=UTC)  # 12:00 in Kuwait (UTC+3)


def card(pk, code="en", **options):
    """The card of article `pk` as a front page renders it: loaded the way lists load articles."""
    with translation.override(code):
        article = Article.objects.edition(code).cards().with_bylines().get(pk=pk)
        return str(article_card(article, **options))


def test_a_card_shows_its_article_as_it_is_now():
    section = make_section(name_en="Economy")
    author = make_author(name_en="Ann")
    article = make_article(title_en="Port opens", section=section, publish_at=NOON, authors=[author])
    before = card(article.pk)
    assert "Port opens" in before and "Economy" in before and "Ann" in before and "noon" in before

    article.title_en = "Port closes"
    article.publish_at = article.first_published_at = NOON.replace(hour=10)
    article.save()
    section.name_en = "Business"
    section.save()
    Author.objects.filter(name_en="Ann").update(name_en="Bea")
    after = card(article.pk)
    assert "Port closes" in after and "Port opens" not in after
    assert "Business" in after and "Economy" not in after
    assert "Bea" in after and "Ann" not in after
    assert "1 p.m." in after and "noon" not in after
    assert 'datetime="2026-03-05T13:00:00+03:00"' in after


def test_cards_speak_their_edition_and_follow_the_time_zone():
    article = make_article(title_en="Rain", title_ar="مطر", body_ar="<p>نص</p>", publish_at=NOON, is_breaking=True)
    english, arabic = card(article.pk), card(article.pk, "ar")
    assert "March 5, 2026, noon" in english
    assert "5 مارس 2026، 12:00" in arabic and "مطر" in arabic and "/ar/articles/" in arabic
    with override_settings(TIME_ZONE="UTC"):
        assert "March 5, 2026, 9 a.m." in card(article.pk)
    assert "March 5, 2026, noon" in card(article.pk)

    # Breaking only within its window (long over for NOON): the label on a story published now.
    fresh = make_article(title_en="Flood", title_ar="فيضان", body_ar="<p>نص</p>", is_breaking=True)
    assert '<p class="label label--breaking">Breaking</p>' in card(fresh.pk)
    with translation.override("ar"):
        label = translation.gettext("Breaking")
    assert label != "Breaking" and f'<p class="label label--breaking">{label}</p>' in card(fresh.pk, "ar")


def test_a_card_escapes_its_text_and_isolates_latin_runs_on_arabic_pages():
    section = make_section(name_en='R&D <"labs">')
    article = make_article(
        title_en="<script>alert('x')</script> & more",
        title_ar="أوبك+ OPEC+ ترفع",
        body_ar="<p>نص</p>",
        standfirst_en='"Quoted" & <b>bold</b>',
        section=section,
    )
    english = card(article.pk)
    assert "<script>" not in english and "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; more" in english
    assert "&quot;Quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;" in english
    assert "R&amp;D &lt;&quot;labs&quot;&gt;" in english
    assert "card__standfirst" not in card(article.pk, compact=True)
    assert "card__section" not in card(article.pk, hide_section=True)
    assert "<bdi>OPEC+</bdi>" in card(article.pk, "ar")


def test_page_addresses_follow_the_language_and_the_script_prefix():
    with translation.override("ar"):
        assert cards.fixed_url("home") == "/ar/"
    assert cards.fixed_url("home") == "/en/"
    set_script_prefix("/news/")
    try:
        assert cards.fixed_url("home") == "/news/en/"
        assert card(make_article(slug="tide").pk).count('href="/news/en/articles/tide/"') == 1
    finally:
        set_script_prefix("/")


def test_home_section_blocks_name_their_section_as_it_is_now_and_their_cards_do_not(client):
    section = make_section("gulf", name_en="Gulf", name_ar="الخليج")
    arabic_unnamed = make_section("sport", name_en="Sport")
    make_article(title_en="Summit", title_ar="قمة", body_ar="<p>نص</p>", section=section)
    make_article(title_en="Final", section=arabic_unnamed)

    def block(html, slug):
        part = html.split(f'<section class="section-block" aria-labelledby="section-{slug}">')
        return part[1].split("</section>")[0] if len(part) > 1 else None

    gulf = block(client.get("/en/").content.decode(), "gulf")
    assert '<h2 id="section-gulf"><a href="/en/sections/gulf/">Gulf</a></h2>' in gulf
    assert "Summit" in gulf and "card__section" not in gulf
    arabic = client.get("/ar/").content.decode()
    assert '<a href="/ar/sections/gulf/">الخليج</a>' in block(arabic, "gulf")
    assert block(arabic, "sport") is None and block(client.get("/en/").content.decode(), "sport") is not None

    section.name_en = "The Gulf"
    section.save()
    assert '<a href="/en/sections/gulf/">The Gulf</a></h2>' in block(client.get("/en/").content.decode(), "gulf")


def test_article_bylines_name_each_author_with_their_role_in_order(client):
    authors = [
        make_author("ann", name_en="Ann <A&B>"),
        make_author("bo", name_en="Bo"),
        make_author("cy", name_en="Cy"),
    ]
    article = make_article(title_en="Storm", authors=authors)
    Byline.objects.filter(article=article, author=authors[2]).update(role=Byline.Role.PHOTOGRAPHER)
    html = client.get(article.get_absolute_url()).content.decode()
    assert (
        '<p class="byline">By <a href="/en/authors/ann/" rel="author"><bdi>Ann &lt;A&amp;B&gt;</bdi></a>'
        ' <span class="byline__role">(Reporter)</span>, '
        '<a href="/en/authors/bo/" rel="author"><bdi>Bo</bdi></a> <span class="byline__role">(Reporter)</span> and '
        '<a href="/en/authors/cy/" rel="author"><bdi>Cy</bdi></a> <span class="byline__role">(Photographer)</span></p>'
    ) in html
