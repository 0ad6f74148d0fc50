"""The document parser on the five sample documents: pure functions, no database."""

import html
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings

from articles.importer import DocumentError, parse_document, read_document
from articles.importer.junk import JUNK_PATTERNS, junk_pattern_for, split_trailing_junk
from articles.sanitize import sanitize_html

DOCUMENTS = Path(settings.BASE_DIR) / "fixtures" / "documents"
FLAGS = re.compile("[\U0001f1e6-\U0001f1ff]")

# What a reader of each document sees, written down by hand from the text (not from the parser):
# the lines above the body, the site junk, and the counts of headings and paragraphs.
SEEDS = {
    "000_a6c0c8e8c2cf81b6.txt": {
        "language": "en",
        "title": "Kuwait-Oman Defense Talks: Key Issues & Cooperation",
        "slug": "kuwait-oman-defense-talks-key-issues-cooperation",
        "standfirst": "Kuwait-Oman Defense Talks Signal a Broader Gulf Security Realignment",
        "authors": [("James Carter", "james-carter", "Senior News Editor", "writer")],
        "source": "",
        "dateline": "",
        "section": "world",
        "breaking": False,
        "headings": 5,
        "paragraphs": 8,
        "head_lines": 4,
        "caption": None,
        "published": datetime(2025, 11, 26, 6, 0, tzinfo=UTC),
        "junk": [
            "Share your thoughts in the comments below!",
            "You may also like",
            "Leave a Comment",
            "This site uses Akismet to reduce spam. Learn how your comment data is processed.",
            "Adblock Detected",
            "Please support us by disabling your AdBlocker extension from your browsers for our website.",
        ],
        "tags": {"kuwait", "oman", "gcc", "maritime-security", "counter-terrorism"},
    },
    "001_75f66b6a5829880c.txt": {
        "language": "en",
        "title": "Kuwait's Role in Regional Security: Military Contributions and Alliances",
        "slug": "kuwaits-role-in-regional-security-military-contributions-and-alliances",
        "standfirst": "",
        "authors": [],
        "source": "",
        "dateline": "",
        "section": "gulf",
        "breaking": False,
        "headings": 4,
        "paragraphs": 9,
        "head_lines": 1,
        "caption": None,
        "published": datetime(2025, 11, 20, 6, 0, tzinfo=UTC),
        "junk": [],
        "tags": {"kuwait", "gcc", "counter-terrorism", "regional-security"},
    },
    "002_d8177dda1ee27cbb.txt": {
        "language": "en",
        "title": "Kuwait and NATO deepen strategic ties as AI, Cybersecurity dominate regional security talks",
        "slug": "kuwait-and-nato-deepen-strategic-ties-as-ai-cybersecurity-dominate-regional-security-talks",
        "standfirst": (
            "Sheikh Jarrah Jaber Al-Ahmad Al-Sabah highlighted the significance of holding the meeting at the NATO "
            "Regional Center in Kuwait — “the first of its kind outside NATO territory” — as proof of the depth of "
            "the Kuwait-NATO partnership and the Center’s pivotal role in communication and cooperation"
        ),
        "authors": [],
        "source": "The Times Kuwait Report",
        "dateline": "",
        "section": "defence-security",
        "breaking": False,
        "headings": 0,
        "paragraphs": 25,
        "head_lines": 3,
        "caption": None,
        "published": datetime(2025, 11, 24, 6, 0, tzinfo=UTC),
        "junk": [],
        "tags": {"kuwait", "nato", "ici", "cybersecurity", "artificial-intelligence"},
    },
    "003_9fbe693c357785d4.txt": {
        "language": "ar",
        "title": (
            "وزير الدفاع يلتقي النائب الأول لرئيس مجلس الوزراء ووزير الدفاع والداخلية الكويتي "
            "وتعزيز التعاون العسكري والأمني بين البلدين"
        ),
        "slug": "defence-minister-meets-kuwaiti-counterpart",
        "standfirst": "",
        "authors": [],
        "source": "",
        "dateline": "",
        "section": "defence-security",
        "breaking": True,
        "headings": 3,
        "paragraphs": 4,
        "head_lines": 1,
        "caption": None,
        "published": datetime(2025, 11, 25, 6, 0, tzinfo=UTC),
        "junk": [],
        "tags": {"kuwait", "counter-terrorism", "maritime-security", "defence-cooperation"},
    },
    "004_cd6cc4cfccefa61f.txt": {
        "language": "en",
        "title": "Kuwait hosts NATO and Gulf partners as the Istanbul Cooperation Initiative turns 15",
        "slug": "kuwait-hosts-nato-and-gulf-partners-as-the-istanbul-cooperation-initiative-turns-15",
        "standfirst": "",
        "authors": [("Nadia Al-Dabbas", "nadia-al-dabbas", "", "reporter")],
        "source": "",
        "dateline": "Kuwait",
        "section": "defence-security",
        "breaking": False,
        "headings": 2,
        "paragraphs": 17,
        "head_lines": 1,
        "caption": (
            "The head of the Kuwaiti National Security Service, Sheikh Thamer Al-Sabah, as well as NATO Secretary "
            "General Jens Stoltenberg",
            "European",
        ),
        "published": datetime(2019, 12, 10, 6, 0, tzinfo=UTC),
        "junk": [],
        "tags": {"kuwait", "nato", "gcc", "ici", "saudi-arabia", "oman"},
    },
}


def words(text):
    return text.split()


def text_of(body_html):
    """The words a reader sees in stored HTML: tags stripped, entities unescaped."""
    return html.unescape(re.sub(r"<[^>]+>", " ", body_html))


def expected_body_words(name):
    """The seed's words minus its head lines, caption and junk, from the raw text."""
    seed = SEEDS[name]
    lines = [line for line in (DOCUMENTS / name).read_text(encoding="utf-8").splitlines() if line.strip()]
    body = lines[seed["head_lines"] :]
    if seed["caption"]:
        caption_line = f"{seed['caption'][0]} ({seed['caption'][1]})"
        assert caption_line in body
        body.remove(caption_line)
    text = "\n".join(body)
    for junk in seed["junk"]:
        assert junk in text
        text = text.replace(junk, " ")
    return words(FLAGS.sub(" ", text))


@pytest.fixture(scope="module")
def parsed():
    return {name: read_document(DOCUMENTS / name) for name in SEEDS}


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_metadata(parsed, name):
    seed, document = SEEDS[name], parsed[name]
    assert document.language == seed["language"]
    assert document.title == seed["title"]
    assert document.slug == seed["slug"]
    assert document.standfirst == seed["standfirst"]
    assert [(c.name, c.slug, c.job_title, c.role) for c in document.credits] == seed["authors"]
    assert document.source == seed["source"]
    assert document.dateline == seed["dateline"]
    assert document.section == seed["section"]
    assert document.is_breaking is seed["breaking"]
    assert document.published == seed["published"]
    assert document.status == "published"
    assert seed["tags"] <= set(document.tags)
    caption = (document.image_caption, document.image_credit) if document.image_caption else None
    assert caption == seed["caption"]


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_structure(parsed, name):
    seed, document = SEEDS[name], parsed[name]
    assert len(document.headings) == seed["headings"]
    assert len(document.paragraphs) == seed["paragraphs"]
    assert document.body_html.count("<h2>") == seed["headings"]
    assert document.body_html.count("<p>") == seed["paragraphs"]


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_every_word_of_the_body_survives_in_order_and_no_junk(parsed, name):
    document = parsed[name]
    assert words(text_of(document.body_html)) == expected_body_words(name)
    for junk in SEEDS[name]["junk"]:
        assert junk not in text_of(document.body_html)
    assert {s.text for s in document.skipped if s.reason != "repeated headline"} == set(SEEDS[name]["junk"])


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_body_html_survives_the_sanitizer_unchanged(parsed, name):
    body = parsed[name].body_html
    assert sanitize_html(body) == body


def test_breadcrumb_gives_headline_and_section_and_the_repeated_headline_is_dropped(parsed):
    document = parsed["000_a6c0c8e8c2cf81b6.txt"]
    assert [(s.line, s.reason) for s in document.skipped][0] == (3, "repeated headline")
    assert "Home" not in text_of(document.body_html)
    assert document.title not in text_of(document.body_html)


def test_flag_emoji_are_dropped_everywhere_and_noted(parsed):
    document = parsed["000_a6c0c8e8c2cf81b6.txt"]
    assert not FLAGS.search(document.title)
    assert "dropped 4 flag emoji" in document.notes
    body = parse_document("Talks 🇰🇼 begin\n\nThe talks 🇰🇼🇴🇲 began today in Kuwait.\n").body_html
    assert body == "<p>The talks began today in Kuwait.</p>"


def test_trailing_prompt_is_cut_but_the_question_before_it_is_kept(parsed):
    body = parsed["000_a6c0c8e8c2cf81b6.txt"].body_html
    assert body.endswith("<p>What are your predictions for the future of Gulf security cooperation?</p>")


def test_caption_is_not_a_paragraph_but_the_sentence_ending_in_a_credit_is(parsed):
    document = parsed["004_cd6cc4cfccefa61f.txt"]
    assert "Jens Stoltenberg (European)" not in text_of(document.body_html)
    sentence = "Stoltenberg said that NATO is seeking to expand cooperation to Saudi Arabia and Oman (European)."
    assert f"<p>{sentence}</p>" in document.body_html


def test_arabic_breaking_prefix_is_removed_and_flagged(parsed):
    document = parsed["003_9fbe693c357785d4.txt"]
    assert document.is_breaking
    assert not document.title.startswith("عاجل")


def test_headings_are_h2_and_numbered_headings_keep_their_number(parsed):
    body = parsed["001_75f66b6a5829880c.txt"].body_html
    assert "<h2>1. Gulf Cooperation Council (GCC): Promoting Collective Security</h2>" in body
    assert "<h2>4. Diplomatic Engagement: Conflict Resolution and Mediation</h2>" in body


def test_html_special_characters_are_escaped_not_lost():
    document = parse_document("Prices <rise> & fall\n\nOil was at <$80 & rising> on Monday, traders said.\n")
    assert document.title == "Prices <rise> & fall"
    assert document.body_html == "<p>Oil was at &lt;$80 &amp; rising&gt; on Monday, traders said.</p>"
    assert sanitize_html(document.body_html) == document.body_html


def test_a_line_wholly_in_quotation_marks_is_a_blockquote():
    document = parse_document("Minister speaks\n\nThe minister spoke.\n\n“We stand together.”\n\nHe left.\n")
    assert document.body_html == (
        "<p>The minister spoke.</p>\n<blockquote><p>“We stand together.”</p></blockquote>\n<p>He left.</p>"
    )


def test_hard_wrapped_lines_are_joined_back_into_their_paragraph():
    text = (
        "Wrapped wire copy\n\n"
        "Kuwait and Oman agreed on Tuesday to widen their naval cooperation in the\n"
        "northern Gulf, officials said after the talks.\n"
    )
    document = parse_document(text)
    assert [b.text for b in document.body] == [
        "Kuwait and Oman agreed on Tuesday to widen their naval cooperation in the northern Gulf, officials said "
        "after the talks."
    ]


def test_an_acronym_in_parentheses_is_not_a_photo_credit():
    document = parse_document(
        "Council meets\n\nMinisters met for the summit of the Gulf Cooperation Council (GCC)\n\nThey agreed.\n"
    )
    assert document.image_caption == ""
    assert "Gulf Cooperation Council (GCC)" in document.body_html


def test_sidecar_fills_what_the_text_lacks_and_names_the_missing_headline():
    text = (DOCUMENTS / "004_cd6cc4cfccefa61f.txt").read_text(encoding="utf-8")
    with pytest.raises(DocumentError) as excinfo:
        parse_document(text, name="story.txt")
    message = str(excinfo.value)
    assert message.startswith("story.txt: no headline")
    assert "there is no sidecar story.meta.json" in message
    document = parse_document(text, name="story.txt", meta={"title": "Given", "tags": ["NATO"], "status": "draft"})
    assert (document.title, document.status) == ("Given", "draft")
    assert "nato" in document.tags


def test_sidecar_refuses_unknown_sections_and_tags():
    with pytest.raises(DocumentError, match="unknown section 'sport'"):
        parse_document("A headline\n\nA paragraph.\n", name="x.txt", meta={"section": "sport"})
    with pytest.raises(DocumentError, match="unknown tag 'football'"):
        parse_document("A headline\n\nA paragraph.\n", name="x.txt", meta={"tags": ["football"]})


def test_a_document_without_a_date_is_a_draft():
    document = parse_document("A headline\n\nA paragraph.\n")
    assert (document.status, document.published) == ("draft", None)
    assert "no date" in document.notes[0]


def test_tags_are_suggested_in_arabic_too_from_the_headline_or_two_body_mentions():
    document = parse_document(
        "الأمن البحري على طاولة اجتماع في الكويت\n\n"
        "ناقش الوزراء مكافحة الإرهاب مع حلف الناتو.\n\nوأكدوا أن الإرهاب خطر مشترك.\n"
    )
    assert document.language == "ar"
    # NATO, named once in the body only, is a passing mention: not a tag.
    assert set(document.tags) == {"kuwait", "maritime-security", "counter-terrorism"}


@pytest.mark.parametrize(
    "line",
    [
        "You may also like",
        "Leave a Comment",
        "This site uses Akismet to reduce spam. Learn how your comment data is processed.",
        "Adblock Detected",
        "Share your thoughts in the comments below!",
    ],
)
def test_junk_patterns_match_whole_lines(line):
    assert junk_pattern_for(line, JUNK_PATTERNS) is not None


def test_junk_patterns_leave_article_sentences_alone():
    line = "Officials said they would share their views with reporters. The talks continue."
    assert junk_pattern_for(line) is None
    assert split_trailing_junk(line) == (line, "", ())


def test_a_short_line_under_the_headline_is_a_heading_not_a_standfirst():
    document = parse_document("Talks resume\n\nBackground\n\nThe talks resumed on Monday.\n")
    assert document.standfirst == ""
    assert document.body_html == "<h2>Background</h2>\n<p>The talks resumed on Monday.</p>"


def test_arabic_byline_with_city_and_unicode_slug_without_sidecar():
    document = parse_document("اجتماع وزاري في الكويت\n\nكتب: نادية الدباس\n\nعقد الوزراء اجتماعا في الكويت اليوم.\n")
    assert [(c.name, c.slug) for c in document.credits] == [("نادية الدباس", "نادية-الدباس")]
    assert document.slug == "اجتماع-وزاري-في-الكويت"
    dated = parse_document("اجتماع وزاري\n\nنادية الدباس - الكويت\n\nعقد الوزراء اجتماعا اليوم.\n")
    assert (dated.credits[0].name, dated.dateline) == ("نادية الدباس", "الكويت")


def test_english_slug_is_ascii_and_bounded():
    document = parse_document("Türkiye’s envoy: “A new chapter” 🇹🇷 " + "talks " * 40 + "\n\nThe envoy spoke.\n")
    assert document.slug.isascii()
    assert document.slug.startswith("turkiyes-envoy-a-new-chapter-talks")
    assert len(document.slug) <= 100


def test_sidecar_text_never_replaces_the_documents_own_words():
    document = parse_document(
        "The real headline\n\nThe story.\n", name="x.txt", meta={"title": "Another headline", "dateline": "Doha"}
    )
    assert document.title == "The real headline"
    assert document.dateline == "Doha"
    assert "the sidecar's title 'Another headline' is ignored: the text gives 'The real headline'" in document.notes
    with pytest.raises(DocumentError, match="the sidecar's title must be text"):
        parse_document("Headline\n\nThe story.\n", name="x.txt", meta={"title": 7})


def test_a_byline_may_credit_several_authors_with_their_job_titles():
    document = parse_document(
        "Talks resume\n\nBy Sara Ahmed Defence Correspondent and Omar Khalid Photographer\n\nThe talks resumed.\n"
    )
    assert [(c.name, c.job_title, c.role) for c in document.credits] == [
        ("Sara Ahmed", "Defence Correspondent", "writer"),
        ("Omar Khalid", "Photographer", "photographer"),
    ]


def test_windows_line_endings_and_a_byte_order_mark_are_read_like_any_text(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes("\ufeffTalks resume\r\n\r\nThe talks resumed on November 3, 2025.\r\nThey went well.\r\n".encode())
    document = read_document(path)
    assert document.title == "Talks resume"
    assert [b.text for b in document.body] == ["The talks resumed on November 3, 2025.", "They went well."]
    assert document.published == datetime(2025, 11, 3, 6, 0, tzinfo=UTC)
