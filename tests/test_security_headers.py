"""Public pages carry a strict Content-Security-Policy, and the admin its own (tests/browser/test_admin_csp.py runs
the admin under it in a real browser)."""

import re

import pytest

from newsroom.middleware import ADMIN_POLICY, PUBLIC_POLICY
from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/en/", "/ar/", "/en/articles/csp-story/", "/en/search/?q=x", "/en/no-such-page/"])
def test_public_pages_allow_only_their_own_scripts_and_styles(client, url):
    make_article("csp-story", title_en="Story", body_en="<p>Text</p>")
    response = client.get(url)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "style-src 'self'" in policy
    assert "object-src 'none'" in policy
    assert "frame-ancestors 'none'" in policy


def test_a_cached_page_keeps_its_policy(client):
    client.get("/en/")
    response = client.get("/en/")
    assert response["X-Cache"] == "hit"
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_public_pages_have_nothing_the_policy_would_block(client):
    make_article("csp-story", title_en="Story", body_en="<p>Text</p>")
    for url in ["/en/", "/ar/", "/en/articles/csp-story/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        # No inline script to run (JSON-LD is data, not run), no inline style, no handler.
        assert not re.search(r"<script(?![^>]*type=\"application/ld\+json\")", html), url
        assert not re.search(r"<style|\sstyle=|\son[a-z]+=", html), url


ADMIN_PAGES = ["/en/admin/", "/ar/admin/articles/article/add/", "/en/admin/articles/article/", "/en/admin/jsi18n/"]


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_the_admin_has_its_own_strict_policy(admin_client, url):
    policy = admin_client.get(url)["Content-Security-Policy"]
    assert policy == ADMIN_POLICY
    directives = dict(directive.split(" ", 1) for directive in policy.split("; "))
    assert directives["script-src"] == "'self'"
    assert "unsafe" not in policy
    assert directives["object-src"] == "'none'"
    assert directives["base-uri"] == "'self'"
    assert directives["form-action"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"


@pytest.mark.parametrize("url", ["/en/admin/login/", "/ar/admin/login/", "/en/admin/"])
def test_the_admin_login_has_the_admin_policy(client, url):
    # /en/admin/ redirects an anonymous visitor to the login page: the redirect carries it too.
    assert client.get(url)["Content-Security-Policy"] == ADMIN_POLICY


def test_admin_pages_have_no_inline_script(admin_client, client):
    article = make_article("csp-admin", title_en="Story", body_en="<p>Text</p>")
    pages = [(client, "/en/admin/login/"), (client, "/ar/admin/login/")]
    urls = [
        "/ar/admin/",
        "/en/admin/articles/article/add/",
        f"/ar/admin/articles/article/{article.pk}/change/",
        f"/en/admin/articles/article/{article.pk}/history/",
        "/ar/admin/articles/article/",
        "/en/admin/articles/author/add/",
        "/en/admin/taxonomy/section/",
    ]
    for browser, url in pages + [(admin_client, url) for url in urls]:
        response = browser.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        # Every <script> loads a file (json_script data blocks would be allowed, none is used);
        # no handler attribute, no javascript: link.
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), url
        assert not re.search(r"\son[a-z]+=|javascript:", html), url


def test_the_admin_policy_can_be_replaced_or_turned_off(admin_client, client, settings):
    settings.NEWSROOM_ADMIN_CSP = "default-src 'self' https://cdn.example"
    assert admin_client.get("/en/admin/")["Content-Security-Policy"] == "default-src 'self' https://cdn.example"
    assert client.get("/robots.txt")["Content-Security-Policy"] == PUBLIC_POLICY
    settings.NEWSROOM_ADMIN_CSP = ""
    assert "Content-Security-Policy" not in admin_client.get("/en/admin/")
    assert client.get("/robots.txt")["Content-Security-Policy"] == PUBLIC_POLICY


def test_the_policy_can_be_replaced_or_turned_off(client, settings):
    settings.NEWSROOM_CSP = "default-src 'self' https://cdn.example"
    assert client.get("/robots.txt")["Content-Security-Policy"] == "default-src 'self' https://cdn.example"
    settings.NEWSROOM_CSP = ""
    assert "Content-Security-Policy" not in client.get("/robots.txt")
    # The admin keeps its own.
    assert client.get("/en/admin/login/")["Content-Security-Policy"] == ADMIN_POLICY


def test_debug_error_pages_keep_their_inline_styles(client, settings):
    settings.DEBUG = True
    assert "Content-Security-Policy" not in client.get("/en/no-such-page/")
