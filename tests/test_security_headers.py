"""Public pages carry a strict Content-Security-Policy; the admin, whose editor needs inline code, does not."""

import re

import pytest

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


def test_the_admin_is_left_to_its_own_policy(admin_client):
    assert "Content-Security-Policy" not in admin_client.get("/en/admin/articles/article/add/")


def test_the_policy_can_be_replaced_or_turned_off(client, settings):
    settings.NEWSROOM_CSP = "default-src 'self' https://cdn.example"
    assert client.get("/robots.txt")["Content-Security-Policy"] == "default-src 'self' https://cdn.example"
    settings.NEWSROOM_CSP = ""
    assert "Content-Security-Policy" not in client.get("/robots.txt")


def test_debug_error_pages_keep_their_inline_styles(client, settings):
    settings.DEBUG = True
    assert "Content-Security-Policy" not in client.get("/en/no-such-page/")
