"""The admin pages editors and reporters use: rendering, languages, direction, list queries, translation status."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests.factories import (
    article_form_data,
    make_article,
    make_author,
    make_editor,
    make_reporter,
    make_section,
    make_tag,
    make_user,
)

pytestmark = pytest.mark.django_db

LANGS = ["en", "ar"]


@pytest.fixture
def editor_client(client):
    client.force_login(make_editor())
    return client


def admin_url(name, lang, *args):
    from django.utils import translation

    with translation.override(lang):
        return reverse(f"admin:{name}", args=args)


@pytest.mark.parametrize("lang", LANGS)
def test_article_pages_render_in_both_interface_languages(editor_client, lang):
    section = make_section()
    article = make_article(title_ar="عنوان", body_ar="<p>نص</p>", section=section, tags=[make_tag()])
    for url in (
        admin_url("articles_article_changelist", lang),
        admin_url("articles_article_add", lang),
        admin_url("articles_article_change", lang, article.pk),
        admin_url("articles_article_history", lang, article.pk),
    ):
        assert url.startswith(f"/{lang}/admin/")
        response = editor_client.get(url)
        assert response.status_code == 200, url
        assert f'lang="{lang}"' in response.content.decode()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "model,factory",
    [("articles_author", make_author), ("taxonomy_section", make_section), ("taxonomy_tag", make_tag)],
)
def test_author_section_tag_pages_render(editor_client, lang, model, factory):
    obj = factory()
    for url in (
        admin_url(f"{model}_changelist", lang),
        admin_url(f"{model}_add", lang),
        admin_url(f"{model}_change", lang, obj.pk),
        admin_url(f"{model}_history", lang, obj.pk),
    ):
        response = editor_client.get(url)
        assert response.status_code == 200, url


@pytest.mark.parametrize("lang", LANGS)
def test_arabic_fields_are_right_to_left_whatever_the_interface_language(editor_client, lang):
    article = make_article(title_ar="عنوان", body_ar="<p>نص</p>")
    html = editor_client.get(admin_url("articles_article_change", lang, article.pk)).content.decode()
    for name in ("title_ar", "standfirst_ar", "dateline_ar", "image_alt_ar", "correction_ar"):
        tag = _tag_for(html, name)
        assert 'dir="rtl"' in tag and 'lang="ar"' in tag, name
    assert 'dir="ltr"' in _tag_for(html, "title_en")
    body_ar = _tag_for(html, "body_ar")
    assert body_ar.startswith("<textarea") and 'dir="rtl"' in body_ar
    assert "tinymce" in body_ar
    # The Arabic editor is told to write right to left, the English one left to right.
    assert "&quot;directionality&quot;: &quot;rtl&quot;" in body_ar
    assert "&quot;directionality&quot;: &quot;ltr&quot;" in _tag_for(html, "body_en")


def test_author_bio_gets_rich_text_editor_in_each_direction(editor_client):
    author = make_author()
    html = editor_client.get(admin_url("articles_author_change", "en", author.pk)).content.decode()
    assert "tinymce" in _tag_for(html, "bio_ar") and 'dir="rtl"' in _tag_for(html, "bio_ar")
    assert 'dir="rtl"' in _tag_for(html, "name_ar")


def test_sections_and_tags_arabic_fields_rtl(editor_client):
    section, tag = make_section(), make_tag()
    html = editor_client.get(admin_url("taxonomy_section_change", "en", section.pk)).content.decode()
    assert 'dir="rtl"' in _tag_for(html, "name_ar") and 'dir="rtl"' in _tag_for(html, "description_ar")
    html = editor_client.get(admin_url("taxonomy_tag_change", "en", tag.pk)).content.decode()
    assert 'dir="rtl"' in _tag_for(html, "name_ar")


def _tag_for(html, name):
    marker = f'name="{name}"'
    index = html.index(marker)
    start = max(html.rfind("<input", 0, index), html.rfind("<textarea", 0, index))
    return html[start : html.index(">", index) + 1]


def test_change_page_loads_nothing_from_a_cdn(editor_client):
    article = make_article()
    html = editor_client.get(admin_url("articles_article_change", "en", article.pk)).content.decode()
    assert "googleapis" not in html
    assert "cdn" not in html.lower()
    assert "tinymce/tinymce.min.js" in html
    # The translators' view, our own script, in place of modeltranslation's tabs.
    assert "articles/admin/translations.js" in html
    assert "tabbed_translation_fields.js" not in html


def test_change_page_carries_version_preview_and_share_link(editor_client):
    article = make_article(status=Article.Status.DRAFT)
    response = editor_client.get(admin_url("articles_article_change", "en", article.pk))
    html = response.content.decode()
    assert f'name="base_version" value="{article.version}"' in html
    share = response.context["share_preview_url"]
    assert share.startswith("http://testserver/en/preview/")
    assert share in html
    # The shared link shows the draft to someone without an account.
    editor_client.logout()
    preview = editor_client.get(share)
    assert preview.status_code == 200
    assert "A headline" in preview.content.decode()


def test_changelist_query_count_does_not_grow_with_rows(editor_client):
    url = admin_url("articles_article_changelist", "en")
    section = make_section()
    tags = [make_tag(), make_tag()]

    def make_rows(count):
        for _ in range(count):
            make_article(section=section, tags=tags, authors=[make_author(), make_author()])

    make_rows(2)
    editor_client.get(url)  # warm up session, content types and permission caches
    with CaptureQueriesContext(connection) as few:
        assert editor_client.get(url).status_code == 200
    make_rows(10)
    with CaptureQueriesContext(connection) as many:
        response = editor_client.get(url)
    assert response.status_code == 200
    assert response.context["cl"].result_count == 12
    # The author filter lists one more option per author, but through one query either way.
    assert len(many.captured_queries) == len(few.captured_queries)


def test_changelist_query_count_is_fixed(editor_client, django_assert_num_queries):
    url = admin_url("articles_article_changelist", "en")
    for _ in range(5):
        make_article(section=make_section(), tags=[make_tag()], authors=[make_author()])
    editor_client.get(url)
    with CaptureQueriesContext(connection) as baseline:
        editor_client.get(url)
    for _ in range(5):
        make_article(section=make_section(), tags=[make_tag()], authors=[make_author()])
    with django_assert_num_queries(len(baseline.captured_queries)):
        editor_client.get(url)


def test_changelist_shows_status_languages_bylines_and_stale_translation(editor_client):
    author = make_author(name_en="Layla Hassan")
    article = make_article(title_ar="عنوان", body_ar="<p>نص</p>", authors=[author])
    # The English original changes after the Arabic translation was written: Arabic goes stale.
    article.refresh_from_db()
    article.body_en = "<p>Updated body.</p>"
    article.save()
    assert article.stale_translations == ["ar"]
    scheduled = make_article(publish_at=timezone.now() + timedelta(days=1), title_en="Tomorrow story")

    html = editor_client.get(admin_url("articles_article_changelist", "en")).content.decode()
    assert "Layla Hassan" in html
    assert "nr-lang--stale" in html
    assert "nr-status--scheduled" in html and str(scheduled) in html

    change = editor_client.get(admin_url("articles_article_change", "en", article.pk)).content.decode()
    assert "nr-lang--stale" in change
    assert "translation out of date" in change


def test_changelist_without_stale_translation_shows_none(editor_client):
    make_article(title_ar="عنوان", body_ar="<p>نص</p>")
    html = editor_client.get(admin_url("articles_article_changelist", "en")).content.decode()
    assert "nr-lang--complete" in html
    assert "nr-lang--stale" not in html


def test_language_filter_uses_in_language(editor_client):
    both = make_article(title_en="Both", title_ar="كلاهما", body_ar="<p>نص</p>")
    english = make_article(title_en="English only")
    response = editor_client.get(admin_url("articles_article_changelist", "en") + "?language=ar")
    shown = set(response.context["cl"].result_list)
    assert shown == {both}
    response = editor_client.get(admin_url("articles_article_changelist", "en") + "?language=en")
    assert set(response.context["cl"].result_list) == {both, english}


def test_other_filters_and_search(editor_client):
    author = make_author(name_en="Omar Saleh")
    section = make_section()
    hit = make_article(title_en="Oil prices fall", section=section, authors=[author], is_breaking=True)
    make_article(title_en="Weather")
    url = admin_url("articles_article_changelist", "en")
    for query in (
        f"?section__id__exact={section.pk}",
        f"?authors__id__exact={author.pk}",
        "?is_breaking__exact=1",
        "?q=Oil",
        "?q=Omar",
    ):
        response = editor_client.get(url + query)
        assert list(response.context["cl"].result_list) == [hit], query
    drafts = editor_client.get(url + "?status=draft")
    assert list(drafts.context["cl"].result_list) == []


def test_add_article_sets_created_by_bylines_and_tags(client):
    editor = make_editor()
    client.force_login(editor)
    author, tag, section = make_author(), make_tag(), make_section()
    response = client.post(
        admin_url("articles_article_add", "en"),
        article_form_data(
            title_en="New story",
            body_en="<p>Body.</p>",
            slug="new-story",
            section=section.pk,
            tags=[tag.pk],
            authors=[author],
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    article = Article.objects.get(slug="new-story")
    assert article.created_by == editor
    assert [b.author for b in article.bylines.all()] == [author]
    assert list(article.tags.all()) == [tag]
    assert article.status == Article.Status.DRAFT


def test_tag_autocomplete_answers_for_the_article_form(client):
    client.force_login(make_reporter())
    make_tag(slug="oil", name_en="Oil")
    response = client.get(
        admin_url("autocomplete", "en"),
        {"term": "oil", "app_label": "articles", "model_name": "article", "field_name": "tags"},
    )
    assert response.status_code == 200
    assert [r["text"] for r in response.json()["results"]] == ["Oil"]


def test_author_user_field_is_autocomplete_for_those_who_may_search_users(client):
    from django.contrib.auth import get_user_model

    from tests.factories import make_user

    staff = make_user("staffwriter")
    get_user_model().objects.create_user("outsider", password="pw")
    client.force_login(make_user("root", superuser=True))
    html = client.get(admin_url("articles_author_add", "en")).content.decode()
    assert 'data-field-name="user"' in _tag_for_select(html, "user")
    response = client.get(
        admin_url("autocomplete", "en"),
        {"term": "staffw", "app_label": "articles", "model_name": "author", "field_name": "user"},
    )
    assert [r["id"] for r in response.json()["results"]] == [str(staff.pk)]

    # Editors may search user accounts (migration 0005 grants them auth.view_user).
    client.force_login(make_editor())
    response = client.get(
        admin_url("autocomplete", "en"),
        {"term": "staffw", "app_label": "articles", "model_name": "author", "field_name": "user"},
    )
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [str(staff.pk)]


def _tag_for_select(html, name):
    index = html.index(f'<select name="{name}"')
    return html[index : html.index(">", index) + 1]


def test_preview_link_opens_the_articles_own_edition(editor_client):
    arabic_only = make_article(title_en="", body_en="", title_ar="عنوان", body_ar="<p>نص</p>", original_language="ar")
    response = editor_client.get(admin_url("articles_article_change", "en", arabic_only.pk))
    assert response.context["preview_url"].startswith("/ar/preview/")
    assert f'href="{response.context["preview_url"]}"' in response.content.decode()


def test_admin_index_offers_one_tag_model_the_translated_one(client):
    from tests.factories import make_user

    client.force_login(make_user("root-index", superuser=True))
    html = client.get("/en/admin/").content.decode()
    assert "/admin/taxonomy/tag/" in html
    assert "/admin/taggit/tag/" not in html


def test_search_finds_articles_by_an_authors_arabic_name(editor_client):
    hit = make_article(title_en="Talks", authors=[make_author(name_en="Nadia", name_ar="نادية الدباس")])
    make_article(title_en="Other")
    response = editor_client.get(admin_url("articles_article_changelist", "en") + "?q=نادية")
    assert list(response.context["cl"].result_list) == [hit]


def test_status_filter_tells_scheduled_from_published(editor_client):
    live = make_article()
    scheduled = make_article(publish_at=timezone.now() + timedelta(days=1))
    draft = make_article(status=Article.Status.DRAFT)
    url = admin_url("articles_article_changelist", "en")
    for value, expected in (("scheduled", [scheduled]), ("published", [live]), ("draft", [draft])):
        response = editor_client.get(f"{url}?status={value}")
        assert list(response.context["cl"].result_list) == expected, value
    assert "?status=scheduled" in editor_client.get(url).content.decode()


def test_arabic_first_article_gets_a_slug_from_its_arabic_headline(client):
    client.force_login(make_editor())
    data = article_form_data(title_ar="محادثات الخليج", body_ar="<p>نص</p>", original_language="ar", slug="")
    response = client.post(admin_url("articles_article_add", "en"), data)
    assert response.status_code == 302
    assert Article.objects.get().slug == "محادثات-الخليج"
    # The same headline again: a unique slug, not an error.
    assert client.post(admin_url("articles_article_add", "en"), data).status_code == 302
    assert set(Article.objects.values_list("slug", flat=True)) == {"محادثات-الخليج", "محادثات-الخليج-2"}
    # No headline in any language is still refused.
    untitled = client.post(admin_url("articles_article_add", "en"), article_form_data(body_en="<p>x</p>", slug=""))
    assert untitled.status_code == 200
    assert "needs a headline in at least one language" in untitled.content.decode()


@pytest.mark.parametrize("lang", LANGS)
def test_slug_inputs_are_left_to_right_in_both_interface_languages(editor_client, lang):
    article = make_article()
    html = editor_client.get(admin_url("articles_article_change", lang, article.pk)).content.decode()
    assert 'dir="ltr"' in _tag_for(html, "slug_en")
    assert 'dir="ltr"' in _tag_for(html, "slug_ar")
    for model, factory in (
        ("articles_author", make_author),
        ("taxonomy_section", make_section),
        ("taxonomy_tag", make_tag),
    ):
        html = editor_client.get(admin_url(f"{model}_change", lang, factory().pk)).content.decode()
        assert 'dir="ltr"' in _tag_for(html, "slug"), model


def test_correction_added_in_the_admin_is_dated_and_redated_when_changed(editor_client):
    article = make_article()
    url = admin_url("articles_article_change", "en", article.pk)
    data = article_form_data(article, correction_en="The minister's name was misspelled.")
    assert editor_client.post(url, data).status_code == 302
    article.refresh_from_db()
    first = article.correction_at
    assert first is not None
    # The form posts the date back as shown (to the second) with a changed text: dated again.
    Article.objects.filter(pk=article.pk).update(correction_at=first - timedelta(hours=1))
    article.refresh_from_db()
    local = timezone.localtime(article.correction_at)
    data = article_form_data(
        article,
        correction_en="Updated with the ministry's reply.",
        correction_at_0=local.strftime("%Y-%m-%d"),
        correction_at_1=local.strftime("%H:%M:%S"),
    )
    assert editor_client.post(url, data).status_code == 302
    article.refresh_from_db()
    assert article.correction_at >= first


def test_rich_text_editor_offers_only_what_the_sanitizer_keeps(editor_client):
    import html as html_module
    import json

    from editorial.sanitize import ALLOWED_TAGS

    article = make_article()
    html = editor_client.get(admin_url("articles_article_change", "en", article.pk)).content.decode()
    body = _tag_for(html, "body_en")
    start = body.index('data-mce-conf="') + len('data-mce-conf="')
    config = json.loads(html_module.unescape(body[start : body.index('"', start)]))
    elements = {item.split("[")[0].split("/")[0] for item in config["valid_elements"].split(",")}
    assert elements == set(ALLOWED_TAGS)
    assert "a[href|title]" in config["valid_elements"]
    assert "img[src|alt|width|height]" in config["valid_elements"]
    assert {"table", "script", "iframe", "span"} <= set(config["invalid_elements"].split(","))
    assert config["link_target_list"] is False and config["paste_data_images"] is False


def test_html_pasted_into_the_body_is_cleaned_when_the_admin_saves(editor_client):
    article = make_article(title_ar="عنوان")
    pasted = (
        '<table><tr><td>cell</td></tr></table><p style="color:red">Text '
        '<a href="https://example.com/" target="_blank" onclick="x()">link</a><script>alert(1)</script></p>'
    )
    data = article_form_data(article, body_en=pasted, body_ar='<p>نص<img src="relative.jpg" alt="x"></p>')
    response = editor_client.post(admin_url("articles_article_change", "en", article.pk), data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body_en == 'cell<p>Text <a href="https://example.com/">link</a></p>'
    assert article.body_ar == "<p>نص</p>"


@pytest.mark.parametrize("url", ["/tinymce/compressor/?js=true", "/tinymce/filebrowser/", "/tinymce/spellchecker/"])
def test_the_editors_server_endpoints_are_not_exposed(client, url):
    # The editor loads from static files; django-tinymce's views (a compressor writing into the
    # shared cache, a file browser) would only be an unauthenticated attack surface.
    assert client.get(url).status_code == 404


# -- HTML too large to clean --------------------------------------------------------------------


@pytest.mark.parametrize(
    "body, message",
    [
        ("<a href=/x><b>" * 15_000, "too many HTML tags"),
        ("<p>" + "word " * 61_000 + "</p>", "too long"),
    ],
    ids=["over-nested", "oversized"],
)
def test_admin_refuses_html_too_large_to_clean_next_to_the_field(editor_client, body, message):
    response = editor_client.post(
        admin_url("articles_article_add", "en"),
        article_form_data(title_en="Heavy", body_en=body, slug="heavy"),
    )
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert message in " ".join(form.errors["body_en"])
    assert form["body_en"].value() == body  # the editor's text stays in the form
    assert not Article.objects.exists()

    article = make_article(body_en="<p>Before.</p>")
    response = editor_client.post(
        admin_url("articles_article_change", "en", article.pk), article_form_data(article, body_en=body)
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["adminform"].form.errors["body_en"])
    article.refresh_from_db()
    assert article.body_en == "<p>Before.</p>"


def test_admin_refuses_an_over_nested_author_bio(editor_client):
    from articles.models import Author

    response = editor_client.post(
        admin_url("articles_author_add", "en"),
        {"name_en": "Heavy", "name_ar": "", "slug": "heavy", "bio_en": "<b>" * 20_000, "bio_ar": ""},
    )
    assert response.status_code == 200
    assert "too many HTML tags" in " ".join(response.context["adminform"].form.errors["bio_en"])
    assert not Author.objects.exists()


def test_a_long_normal_article_still_saves_from_the_admin(editor_client):
    from tests.test_sanitize import long_normal_body

    body = long_normal_body(300)
    response = editor_client.post(
        admin_url("articles_article_add", "en"), article_form_data(title_en="Long read", body_en=body, slug="long-read")
    )
    assert response.status_code == 302
    assert Article.objects.get(slug="long-read").body_en == body


# -- staff usernames are for those who may view user accounts ---------------------------------


def test_reporters_do_not_see_which_staff_account_an_author_has(client):
    account = make_user("staff-account-name")
    author = make_author(name_en="Dana Writer", user=account)
    client.force_login(make_reporter())
    listing = client.get(admin_url("articles_author_changelist", "en"))
    assert listing.status_code == 200
    html = listing.content.decode()
    assert "Dana Writer" in html
    assert "staff-account-name" not in html and "column-user" not in html
    change = client.get(admin_url("articles_author_change", "en", author.pk))
    assert change.status_code == 200
    assert "user" not in change.context["adminform"].form.fields
    assert "staff-account-name" not in change.content.decode()


def test_those_who_may_add_authors_but_not_view_users_cannot_link_an_account(client):
    from django.contrib.auth.models import Permission

    make_user("staffwriter")
    clerk = make_user("clerk")
    clerk.user_permissions.add(*Permission.objects.filter(codename__in=["add_author", "view_author"]))
    client.force_login(clerk)
    response = client.get(admin_url("articles_author_add", "en"))
    assert "user" not in response.context["adminform"].form.fields
    assert "staffwriter" not in response.content.decode()


def test_editors_see_and_set_the_account_of_an_author(client):
    account = make_user("staff-account-name")
    author = make_author(name_en="Dana Writer", user=account)
    client.force_login(make_editor())
    html = client.get(admin_url("articles_author_changelist", "en")).content.decode()
    assert "column-user" in html and "staff-account-name" in html
    change = client.get(admin_url("articles_author_change", "en", author.pk))
    assert "user" in change.context["adminform"].form.fields
    assert "staff-account-name" in change.content.decode()


def test_share_preview_link_follows_the_admin_language_when_the_article_has_it(editor_client):
    both = make_article(title_ar="عنوان", body_ar="<p>نص</p>", original_language="en")
    arabic_admin = editor_client.get(admin_url("articles_article_change", "ar", both.pk))
    assert arabic_admin.context["preview_url"].startswith("/ar/preview/")
    assert "/ar/preview/" in arabic_admin.context["share_preview_url"]
    english_admin = editor_client.get(admin_url("articles_article_change", "en", both.pk))
    assert english_admin.context["preview_url"].startswith("/en/preview/")
    # An English-only article keeps its English link in the Arabic admin.
    english_only = make_article()
    response = editor_client.get(admin_url("articles_article_change", "ar", english_only.pk))
    assert response.context["preview_url"].startswith("/en/preview/")
