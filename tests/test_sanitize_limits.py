"""The sanitizer's limits count what was sent, and addresses are judged as a browser reads them."""

import re
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from editorial import sanitize
from editorial.sanitize import ALLOWED_TAGS, check_html_size, sanitize_html

TOO_MANY_REFERENCES = "This text has too many character references"

# -- limits: what was sent, before any reference is decoded --------------------------------------


def test_the_reported_body_of_entities_is_refused_by_the_form_field_the_guard_and_the_importer():
    from articles.importer import parse_document
    from articles.importer.errors import DocumentError
    from articles.models import Article

    body = "&amp;" * 299_000
    with pytest.raises(ValidationError) as form:
        Article._meta.get_field("body_en").formfield().clean(body)
    assert TOO_MANY_REFERENCES in " ".join(form.value.messages)
    with pytest.raises(ValidationError, match=TOO_MANY_REFERENCES):
        sanitize_html(body)
    with pytest.raises(DocumentError, match=f"story.txt: {TOO_MANY_REFERENCES}"):
        parse_document("Talks resume\n\n" + "&" * 290_000 + "\n", name="story.txt")


@pytest.mark.parametrize(
    "hostile",
    [
        "<p>" + "&" * 299_000 + "</p>",
        "<p>" + "< " * 149_000 + "</p>",
        "<p>" + "&#65;" * 59_000 + "</p>",
        '<a href="https://example.com/' + "&amp;" * 59_000 + '">x</a>',
    ],
    ids=["bare-ampersands", "bare-less-than", "numeric-references", "references-in-an-href"],
)
def test_references_and_bare_ampersands_are_counted_as_sent(hostile):
    with pytest.raises(ValidationError, match=TOO_MANY_REFERENCES):
        check_html_size(hostile)


@pytest.mark.parametrize(
    "hostile",
    [
        "<p " + "a=1 " * 5_000 + ">x</p>",
        '<p title=">" ' + "a " * 5_000 + ">x</p>",
        "</b>" * 5_000,
        "<?>" * 5_000,
        "<!---->" * 5_000,
    ],
    ids=["attributes", "attributes-after-a-quoted-bracket", "end-tags", "bogus-comments", "comments"],
)
def test_attributes_end_tags_and_comments_are_counted(hostile):
    with pytest.raises(ValidationError, match="too much markup"):
        check_html_size(hostile)


@pytest.mark.parametrize("tag", ["ul", "ol", "blockquote", "figure", "UL"])
def test_deeply_nestable_elements_are_held_to_their_own_limit(tag):
    with pytest.raises(ValidationError, match="too many lists, quotations and figures"):
        check_html_size(f"<{tag}>" * (sanitize.MAX_HTML_NESTABLE + 1))


# -- addresses, as a browser reads them ----------------------------------------------------------

OFF_SITE_OR_SCRIPT = [
    "/&#92;evil.example/login",
    "/&#x5c;evil.example/login",
    "/&#X5C;evil.example/login",
    "/&#0000092;evil.example/login",
    "/&bsol;evil.example/login",
    "/&#x09;/evil.example/",
    "/&#9;/evil.example/",
    "/&#10;/evil.example/",
    "/&#x0A;/evil.example/",
    "/&#13;/evil.example/",
    "/&Tab;/evil.example/",
    "/&NewLine;/evil.example/",
    "&#47;&#47;evil.example/",
    "&sol;/evil.example/",
    "/&sol;evil.example/",
    "\\\\evil.example/",
    "\\/evil.example/",
    "/\t\\evil.example/",
    "&#x20;//evil.example/",
    "&#x01;//evil.example/",
    "\x01//evil.example/",
    "/&#x5c;&#x5c;evil.example/",
    "java&#x09;script:alert(1)",
    "java&#X0A;script:alert(1)",
    "java&#0000009;script:alert(1)",
    "java&Tab;script:alert(1)",
    "&#x6A;avascript:alert(1)",
    "&#106avascript:alert(1)",
    "JaVa&#x53;cRiPt:alert(1)",
    "javascript&colon;alert(1)",
    "javascript&#58;alert(1)",
    "&#x01;javascript:alert(1)",
    "java&#x202E;script:alert(1)",
    "java&rlm;script:alert(1)",
    "&#x202E;//evil.example/",
    "data&#x3A;text/html,x",
]


@pytest.mark.parametrize("href", OFF_SITE_OR_SCRIPT)
def test_links_that_a_browser_reads_as_off_site_or_script_lose_their_href(href):
    clean = sanitize_html(f'<p><a href="{href}">click</a></p>')
    assert clean == "<p><a>click</a></p>"


@pytest.mark.parametrize("src", OFF_SITE_OR_SCRIPT)
def test_images_that_a_browser_reads_as_off_site_or_script_are_removed(src):
    clean = sanitize_html(f'<figure><img src="{src}" alt="a"><figcaption>c</figcaption></figure>')
    assert clean == "<figure><figcaption>c</figcaption></figure>"


@pytest.mark.parametrize(
    "href",
    ["/en/a?x=1&amp;y=2", "/a&#47;b", "https&#x3A;//example.com/", "#top", "/%5Cnot-a-backslash", "mailto:a@b.example"],
)
def test_addresses_a_browser_reads_as_allowed_keep_their_spelling(href):
    html = f'<p><a href="{href}">x</a></p>'
    assert sanitize_html(html) == html


BIDI_SPELLINGS = ["&#x202E;", "&#X202e;", "&#8238;", "&#0008238;", "&rlm;", "&lrm;", "&#x200F;", "&#x2067;", "\u202e"]


@pytest.mark.parametrize("bidi", BIDI_SPELLINGS)
@pytest.mark.parametrize("where", ["href", "title", "src", "alt"])
def test_bidi_controls_leave_attributes_in_any_spelling(bidi, where):
    if where in ("href", "title"):
        dirty = f'<p><a href="https://example.com/{bidi if where == "href" else ""}a" '
        dirty += f'title="in{bidi if where == "title" else ""}voice">x</a></p>'
    else:
        dirty = f'<img src="/media/{bidi if where == "src" else ""}a.jpg" alt="x{bidi if where == "alt" else ""}y">'
    clean = sanitize_html(dirty)
    for _tag, attributes in _elements(clean):
        for _name, value in attributes:
            assert not sanitize.BIDI_CONTROLS.search(value or "")
    assert "href" in clean or "src" in clean


def test_the_placeholder_character_itself_survives_as_sent():
    assert sanitize_html("<p>a\ue000b &amp; c</p>") == "<p>a&#xe000;b &amp; c</p>"


# -- the policy, on random input ----------------------------------------------------------------


def _elements(html):
    found = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.append((tag, attrs))

        handle_startendtag = handle_starttag

    Collector().feed(html)
    return found


def _browser_reading(url):
    # An independent reading of the WHATWG rules: ends stripped of C0 and space, tab and newline
    # removed, "\\" as "/" unless the scheme is not special.
    url = re.sub("[\t\n\r]", "", url.strip("".join(map(chr, range(0x21)))))
    scheme = re.match("([a-zA-Z][a-zA-Z0-9+.-]*):", url)
    if not scheme or scheme.group(1).lower() in ("http", "https"):
        url = url.replace("\\", "/")
    return url, scheme.group(1).lower() if scheme else None


URL_PIECES = st.sampled_from(
    [
        "/",
        "//",
        "\\",
        "&#92;",
        "&#x5c;",
        "&#x09;",
        "\t",
        "&#10;",
        "&NewLine;",
        "&sol;",
        "&#47;",
        "evil.example",
        "java",
        "script",
        ":",
        "&#58;",
        "&colon;",
        "http",
        "https",
        "mailto",
        "data",
        "#",
        "&amp;",
        "&",
        "&#x202E;",
        "&rlm;",
        "\u202e",
        " ",
        "\x01",
        "&#x01;",
        "&#106",
        "&#106;",
        "x",
        "?",
        "a=b",
    ]
)
# Shaped like the tricks (a start, something a browser ignores or reads as "/", then a host or
# a scheme's rest), so that 200 examples meet them, and free-form besides.
SHAPED_URLS = st.tuples(
    st.sampled_from(["/", "", " ", "&#x01;", "java", "https:"]),
    st.sampled_from(["/", "\\", "&#92;", "&#x5C;", "&#x09;/", "&#10;/", "&Tab;/", "&sol;", "&#x202E;/", "script:", ""]),
    st.sampled_from(["evil.example/x", "script:alert(1)", "x", "/x", "&#58;alert(1)"]),
).map("".join)
URLS = st.one_of(SHAPED_URLS, st.lists(URL_PIECES, max_size=8).map("".join))
TEXT = st.sampled_from(
    ["a", " ", "&amp;", "&", "<", ">", "&lt;", "&#x27;", "&nbsp;", "&bogus;", "\u202e", "قال", "\ue000"]
)
TAGS = st.one_of(
    st.sampled_from(["a", "img"]),
    st.sampled_from(sorted(ALLOWED_TAGS | {"script", "div", "svg", "table", "td", "style", "A", "IMG"})),
)
ATTRIBUTE_NAMES = st.sampled_from(["href", "src", "title", "alt", "onclick", "style", "width"])


@st.composite
def fragments(draw):
    kind = draw(st.sampled_from(["text", "start", "end"]))
    if kind == "text":
        return draw(TEXT)
    tag = draw(TAGS)
    if kind == "end":
        return f"</{tag}>"
    attributes = draw(st.lists(st.tuples(ATTRIBUTE_NAMES, URLS, st.sampled_from(['"', "'", ""])), max_size=3))
    return f"<{tag}" + "".join(f" {name}={q}{value}{q}" for name, value, q in attributes) + ">"


ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "width", "height"}}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(fragments(), max_size=25).map("".join))
def test_random_html_cleans_idempotently_to_the_safelist_with_no_hidden_off_site_address(dirty):
    once = sanitize_html(dirty)
    sanitize._recent.clear()  # judge the policy, not its memory of recent results
    assert sanitize_html(once) == once
    for tag, attributes in _elements(once):
        assert tag in ALLOWED_TAGS
        for name, value in attributes:
            assert name in ALLOWED_ATTRIBUTES.get(tag, ())
            assert not sanitize.BIDI_CONTROLS.search(value or "")
            if name in ("href", "src"):
                url, scheme = _browser_reading(value)
                allowed = {"http", "https"} | ({"mailto"} if name == "href" else set())
                if scheme is None:
                    assert url.startswith("/") and not url.startswith("//") or (name == "href" and url.startswith("#"))
                else:
                    assert scheme in allowed


@pytest.mark.parametrize("bidi", BIDI_SPELLINGS)
def test_bidi_controls_leave_link_text_in_any_spelling(bidi):
    clean = sanitize_html(f'<p><a href="/x">in{bidi}voice &amp; &lt;b&gt;</a> قال{bidi}</p>')
    assert clean.startswith('<p><a href="/x">invoice &amp; &lt;b&gt;</a> قال')
