"""The document parser on the five sample documents: pure functions, no database."""

import html
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.conf import settings

from articles.importer import DocumentError, decode, parse_document, read_document
from articles.importer.junk import JUNK_PATTERNS, junk_pattern_for, split_trailing_junk
from articles.models import Article, Byline
from editorial.sanitize import sanitize_html

DOCUMENTS = Path(settings.BASE_DIR) / "fixtures" / "documents"
FLAGS = re.compile("[\U0001f1e6-\U0001f1ff]")
EMOJI = re.compile("[\U0001f1e6-\U0001f1ff\U0001f300-\U0001faff\u2600-\u27bf]")

# What a reader of each document sees, written down by hand from the text (not from the parser):
# the lines above the body ("head"), which of them is the standfirst, the site junk (its lines
# and texts), photo captions, and the counts of headings and paragraphs (captions excluded).
SEEDS = {
    "000_a6c0c8e8c2cf81b6.txt": {
        "language": "en",
        "title": "Kuwait-Oman Defense Talks: Key Issues & Cooperation",
        "slug": "kuwait-oman-defense-talks-key-issues-cooperation",
        "standfirst": "Kuwait-Oman Defense Talks Signal a Broader Gulf Security Realignment",
        "authors": [("James Carter", "james-carter", "Senior News Editor", "editor")],
        "source": "",
        "dateline": "",
        "section": "world",
        "breaking": False,
        "headings": 5,
        "paragraphs": 7,
        "head": {1, 3, 5, 7},
        "standfirst_line": 7,
        "captions": [],
        "published": datetime(2025, 11, 26, 6, 0, tzinfo=UTC),
        "date_source": "text, line 9",
        "junk_lines": {33, 35, 37, 39, 41, 43},
        "junk": [
            "What are your predictions for the future of Gulf security cooperation? "
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
        "head": {1},
        "standfirst_line": None,
        "captions": [],
        "published": datetime(2025, 11, 20, 6, 0, tzinfo=UTC),
        "date_source": "sidecar",
        "junk_lines": set(),
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
        "head": {1, 2, 4},
        "standfirst_line": 2,
        "captions": [],
        "published": datetime(2025, 11, 24, 6, 0, tzinfo=UTC),
        "date_source": "sidecar",
        "junk_lines": set(),
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
        "head": {1},
        "standfirst_line": None,
        "captions": [],
        "published": datetime(2025, 11, 25, 6, 0, tzinfo=UTC),
        "date_source": "sidecar",
        "junk_lines": set(),
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
        "paragraphs": 16,
        "head": {1},
        "standfirst_line": None,
        "captions": [
            (
                "The head of the Kuwaiti National Security Service, Sheikh Thamer Al-Sabah, as well as NATO Secretary "
                "General Jens Stoltenberg",
                "European",
                "",
            ),
            ("Stoltenberg said that NATO is seeking to expand cooperation to Saudi Arabia and Oman", "European", "."),
        ],
        "published": datetime(2019, 12, 10, 6, 0, tzinfo=UTC),
        "date_source": "sidecar",
        "junk_lines": set(),
        "junk": [],
        "tags": {"kuwait", "nato", "gcc", "ici", "saudi-arabia", "oman"},
    },
}


def words(text):
    return text.split()


def text_of(body_html):
    """The words a reader sees in stored HTML: tags stripped, entities unescaped."""
    return html.unescape(re.sub(r"<[^>]+>", " ", body_html))


def seed_lines(name):
    """{line number: text} of a seed's non-empty lines, emoji removed (they carry no words)."""
    text = (DOCUMENTS / name).read_text(encoding="utf-8")
    return {number: EMOJI.sub(" ", line) for number, line in enumerate(text.splitlines(), start=1) if line.strip()}


def expected_body_words(name):
    """The seed's words minus its head and junk lines, from the raw text: captions are body text."""
    seed = SEEDS[name]
    lines = seed_lines(name)
    return words(" ".join(t for n, t in lines.items() if n not in seed["head"] | seed["junk_lines"]))


def expected_article_words(name):
    """Every word of article text: all but the headline, byline, outlet and junk lines."""
    seed = SEEDS[name]
    not_text = (seed["head"] - {seed["standfirst_line"]}) | seed["junk_lines"]
    return words(" ".join(t for n, t in seed_lines(name).items() if n not in not_text))


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
    assert document.date_source == seed["date_source"]
    assert [(b.text, b.credit, b.end) for b in document.captions] == seed["captions"]


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_seed_structure(parsed, name):
    seed, document = SEEDS[name], parsed[name]
    assert len(document.headings) == seed["headings"]
    assert len(document.paragraphs) == seed["paragraphs"]
    assert document.body_html.count("<h2>") == seed["headings"]
    assert document.body_html.count("<p>") == seed["paragraphs"]
    assert document.body_html.count("<figure><figcaption>") == len(seed["captions"])


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_every_word_of_the_body_survives_in_order_and_no_junk(parsed, name):
    document = parsed[name]
    assert words(text_of(document.body_html)) == expected_body_words(name)
    for junk in SEEDS[name]["junk"]:
        assert junk not in text_of(document.body_html)
    assert {s.text for s in document.skipped if s.reason != "repeated headline"} == set(SEEDS[name]["junk"])


@pytest.mark.parametrize("name", sorted(SEEDS))
def test_every_word_of_article_text_reaches_readers_in_order(parsed, name):
    # Lines classified by reading each seed: all but headline, byline, outlet and junk lines are
    # article text, and a reader finds every one of their words, in order, in standfirst + body.
    document = parsed[name]
    shown = f"{document.standfirst}\n{text_of(document.body_html)}"
    assert words(shown) == expected_article_words(name)
    for junk in SEEDS[name]["junk"]:
        assert junk not in shown
        assert junk not in document.title


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
    assert document.emoji == 4
    body = parse_document("Talks 🇰🇼 begin\n\nThe talks 🇰🇼🇴🇲 began today in Kuwait.\n").body_html
    assert body == "<p>The talks began today in Kuwait.</p>"


def test_the_question_to_the_reader_before_the_comment_prompt_is_part_of_the_prompt(parsed):
    body = parsed["000_a6c0c8e8c2cf81b6.txt"].body_html
    assert "predictions" not in body
    assert body.endswith("as it shapes the future of security in the Middle East.</p>")


def test_both_photo_captions_stay_in_the_body_at_their_place_as_figures(parsed):
    document = parsed["004_cd6cc4cfccefa61f.txt"]
    body = document.body_html
    first = (
        "Sheikh Thamer Al-Sabah, as well as NATO Secretary General Jens Stoltenberg (European)</figcaption></figure>"
    )
    second = (
        "<figure><figcaption>Stoltenberg said that NATO is seeking to expand cooperation to Saudi Arabia and Oman "
        "(European).</figcaption></figure>"
    )
    assert first in body and second in body
    assert body.index("the General Secretariat of the Gulf Cooperation Council.</p>") < body.index(first)
    assert body.index(first) < body.index("<h2>Strengthening relationships</h2>")
    assert body.index("despite progress in eliminating it.</p>") < body.index(second)
    assert body.index(second) < body.index("<h2>Panel discussions</h2>")
    assert "<p>Stoltenberg said" not in body
    assert not hasattr(document, "image_caption")


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
    assert document.captions == []
    assert "<p>Ministers met for the summit of the Gulf Cooperation Council (GCC)</p>" in document.body_html


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


def test_a_document_without_a_date_is_held_for_review():
    document = parse_document("A headline\n\nA paragraph.\n")
    assert (document.status, document.published) == ("review", None)
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
        ("Sara Ahmed", "Defence Correspondent", "reporter"),
        ("Omar Khalid", "Photographer", "photographer"),
    ]


def test_windows_line_endings_and_a_byte_order_mark_are_read_like_any_text(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes("\ufeffTalks resume\r\n\r\nThe talks resumed on November 3, 2025.\r\nThey went well.\r\n".encode())
    document = read_document(path)
    assert document.title == "Talks resume"
    assert [b.text for b in document.body] == ["The talks resumed on November 3, 2025.", "They went well."]
    assert document.published == datetime(2025, 11, 3, 6, 0, tzinfo=UTC)


# -- site junk: whole prompts only, never a sentence that starts like one ---------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Share your thoughts in the comments below!",
        "Share this article",
        "Share this story.",
        "Share on Facebook",
        "Follow us on Twitter and Instagram",
        "Let us know what you think in the comments.",
        "Subscribe to our newsletter",
        "شارك المقال",
        "شاركنا رأيك",
        "تابعونا على فيسبوك",
        "This website uses cookies.",
    ],
)
def test_whole_prompts_are_junk(line):
    assert junk_pattern_for(line) is not None


ADVERSARIAL_SENTENCES = [
    "Share this burden with us, he told partners.",
    "Share your views with the committee by Friday, the ministry said.",
    "Share your thoughts on the budget with your MP, the campaign urged.",
    "Share this article's findings with the public, the minister told the agency.",
    "Follow us on Twitter, the ministry's spokesman told journalists, to hear the news first.",
    "Share on Facebook was the most used feature, the study found.",
    "Subscribe to our newsletter campaigns drew 2,000 people, organisers said.",
    "Let us know in the comments was the slogan of the campaign.",
    "This website uses cookies to track users across borders, the regulator found.",
    "شارك المقال في الاجتماع ممثلون عن دول الخليج.",
    "شاركنا رأيك في الخطة، قال الوزير للنواب.",
    "تابعونا على فيسبوك كانت عبارة الحملة التي أطلقتها الوزارة.",
]


@pytest.mark.parametrize("sentence", ADVERSARIAL_SENTENCES)
def test_sentences_that_merely_start_like_junk_are_article_text(sentence):
    assert junk_pattern_for(sentence) is None
    glued = f"The talks ended on Monday. {sentence}"
    assert split_trailing_junk(glued) == (glued, "", ())
    document = parse_document(f"Talks end\n\nThe talks ended on Monday. {sentence}\n\n{sentence}\n")
    assert words(text_of(document.body_html)) == words(f"The talks ended on Monday. {sentence} {sentence}")
    assert document.skipped == ()


def test_a_prompt_glued_to_the_last_paragraph_is_cut_and_the_sentence_before_it_kept():
    body = parse_document(
        "Talks end\n\nThe talks ended in cooperation. Share this burden with us, he told partners. Share this article\n"
    ).body_html
    assert body == "<p>The talks ended in cooperation. Share this burden with us, he told partners.</p>"


def test_a_question_is_dropped_only_right_before_a_comment_prompt_and_only_to_the_reader():
    kept = parse_document(
        "Talks end\n\nWhat will the ministers decide? Nobody knows. Share your thoughts in the comments below!\n"
        "\nWill the talks succeed? Officials were unsure.\n\nWhat do you think? The minister asked the crowd.\n"
    )
    assert [b.text for b in kept.body] == [
        "What will the ministers decide? Nobody knows.",
        "Will the talks succeed? Officials were unsure.",
        "What do you think? The minister asked the crowd.",
    ]
    dropped = parse_document("Talks end\n\nThe talks ended.\n\nWhat do you think? Share your views below.\n")
    assert [b.text for b in dropped.body] == ["The talks ended."]
    assert dropped.skipped[0].reason == "question to the reader, comment prompt"
    impersonal = parse_document("Talks end\n\nThe talks ended. Is peace near? Share your thoughts.\n")
    assert impersonal.body_html == "<p>The talks ended. Is peace near?</p>"


# -- photo captions --------------------------------------------------------------------------------


def test_captions_with_and_without_a_full_stop_and_acronyms_that_are_no_credit():
    document = parse_document(
        "Leaders meet\n\n"
        "The statement was carried by the Kuwait News Agency (KUNA)\n\n"
        "Ministers met at the summit of the Gulf Cooperation Council (GCC) in Kuwait today.\n\n"
        "The emir receives the visiting ministers at Bayan Palace (KUNA)\n\n"
        "The ministers were later received by the crown prince in Kuwait City (KUNA).\n\n"
        "The ministers then flew on to the Saudi capital, Riyadh (Saudi Arabia).\n\n"
        "The delegation returned to Kuwait on Tuesday evening (WAM).\n\n"
        "The talks will resume in spring.\n"
    )
    assert [(b.text, b.credit, b.end) for b in document.captions] == [
        ("The emir receives the visiting ministers at Bayan Palace", "KUNA", ""),
        ("The ministers were later received by the crown prince in Kuwait City", "KUNA", "."),
    ]
    assert "<p>The statement was carried by the Kuwait News Agency (KUNA)</p>" in document.body_html
    assert "<p>The ministers then flew on to the Saudi capital, Riyadh (Saudi Arabia).</p>" in document.body_html
    assert "<p>The delegation returned to Kuwait on Tuesday evening (WAM).</p>" in document.body_html
    assert len(document.paragraphs) == 5


# -- sidecars --------------------------------------------------------------------------------------


def _sidecar_document(tmp_path, sidecar_text, encoding="utf-8"):
    (tmp_path / "story.txt").write_text("Talks resume\n\nThe talks resumed on Monday.\n", encoding="utf-8")
    (tmp_path / "story.meta.json").write_bytes(sidecar_text.encode(encoding))
    return tmp_path / "story.txt"


@pytest.mark.parametrize(
    ("sidecar", "line", "reason"),
    [
        ('{\n  "date": "2025-11-20",\n  "is_breaking": "false"\n}\n', 3, "is_breaking must be true or false"),
        ('{\n  "title": 7\n}\n', 2, "title must be text, not 7"),
        ('{\n  "section": "gulf",\n  "tags": "nato"\n}\n', 3, "tags must be a list of tag slugs or names"),
        ('{\n  "tags": ["nato", 3]\n}\n', 2, "tags must be a list"),
        ('{\n  "date": 20251120\n}\n', 2, "date must be an ISO date as text"),
        ('{\n  "date": "2025-11-20",\n  "colour": "red"\n}\n', 3, "unknown key 'colour'"),
        ('{\n  "date": "2025-11-20",\n\n  "section": "sport"\n}\n', 4, "unknown section 'sport'"),
        ('{"date": "2025-11-20",\n "tags": ["football"]}\n', 2, "unknown tag 'football'"),
        ('{\n  "status": "live"\n}\n', 2, "unknown status 'live'"),
        ('{\n  "date": "20 November"\n}\n', 2, "is not an ISO date"),
        ('{\n  "slug": "Not a slug!"\n}\n', 2, "is not a valid slug"),
        ('{\n  "language": "fr"\n}\n', 2, "unsupported language 'fr'"),
    ],
)
def test_sidecar_mistakes_are_reported_against_the_sidecar_with_the_line_of_the_key(tmp_path, sidecar, line, reason):
    with pytest.raises(DocumentError) as excinfo:
        read_document(_sidecar_document(tmp_path, sidecar))
    side = str(tmp_path / "story.meta.json")
    assert (excinfo.value.name, excinfo.value.line) == (side, line)
    assert str(excinfo.value).startswith(f"{side}, line {line}: ")
    assert reason in str(excinfo.value)


def test_every_mistake_of_a_sidecar_is_reported_in_one_run_with_the_path_given_and_the_key_line(tmp_path, monkeypatch):
    folder = tmp_path / "desk"
    folder.mkdir()
    _sidecar_document(
        folder,
        '{\n  "titel": "Talks",\n  "date": "2025-13-45",\n  "section": "sport",\n'
        '  "tags": ["nato", "football", "cricket"],\n  "is_breaking": "yes"\n}\n',
    )
    monkeypatch.chdir(tmp_path)
    with pytest.raises(DocumentError) as excinfo:
        read_document(Path("desk") / "story.txt")
    side = str(Path("desk") / "story.meta.json")
    assert [(error.name, error.line) for error in excinfo.value.errors] == [
        (side, 2),
        (side, 3),
        (side, 4),
        (side, 5),
        (side, 5),
        (side, 6),
    ]
    message = str(excinfo.value)
    for reason in (
        f"{side}, line 2: unknown key 'titel'",
        f"{side}, line 3: the sidecar's date '2025-13-45' is not an ISO date",
        f"{side}, line 4: unknown section 'sport'",
        f"{side}, line 5: unknown tag 'football'",
        f"{side}, line 5: unknown tag 'cricket'",
        f"{side}, line 6: the sidecar's is_breaking must be true or false",
    ):
        assert reason in message


def test_a_documents_own_problems_come_with_its_sidecars_in_the_same_run(tmp_path):
    # No paragraph in the text and a bad sidecar date are independent: both are reported.
    (tmp_path / "story.txt").write_text("Talks resume\n\nYou may also like\n", encoding="utf-8")
    (tmp_path / "story.meta.json").write_text('{\n  "date": "yesterday",\n  "status": "live"\n}\n', encoding="utf-8")
    with pytest.raises(DocumentError) as excinfo:
        read_document(tmp_path / "story.txt")
    reasons = [str(error) for error in excinfo.value.errors]
    assert len(reasons) == 3
    assert reasons[0].startswith(f"{tmp_path / 'story.meta.json'}, line 2: the sidecar's date 'yesterday'")
    assert reasons[1].startswith(f"{tmp_path / 'story.meta.json'}, line 3: unknown status 'live'")
    assert reasons[2].startswith(f"{tmp_path / 'story.txt'}: no body paragraphs")


def test_text_too_long_for_its_column_comes_with_the_sidecars_mistakes(tmp_path):
    (tmp_path / "story.txt").write_text("Home » world » " + "H" * 301 + "\n\nThe talks resumed.\n", encoding="utf-8")
    (tmp_path / "story.meta.json").write_text('{\n  "date": "2025-11-20",\n  "section": "sport"\n}\n', encoding="utf-8")
    with pytest.raises(DocumentError) as excinfo:
        read_document(tmp_path / "story.txt")
    assert [str(error).split(": ")[0] for error in excinfo.value.errors] == [
        f"{tmp_path / 'story.meta.json'}, line 3",
        f"{tmp_path / 'story.txt'}, line 1",
    ]
    assert "the headline is 301 characters long" in str(excinfo.value)


def test_a_sidecar_without_a_headline_still_has_its_lengths_checked(tmp_path):
    # The text has no headline and the sidecar's title is empty: the run still reports that the
    # sidecar's slug is too long, with its other mistakes, not only "no headline".
    (tmp_path / "story.txt").write_bytes((DOCUMENTS / "004_cd6cc4cfccefa61f.txt").read_bytes())
    slug = "s" * 201
    (tmp_path / "story.meta.json").write_text(
        f'{{\n  "title": "",\n  "slug": "{slug}",\n  "section": "sport"\n}}\n', encoding="utf-8"
    )
    with pytest.raises(DocumentError) as excinfo:
        read_document(tmp_path / "story.txt")
    side = str(tmp_path / "story.meta.json")
    reasons = [str(error) for error in excinfo.value.errors]
    assert any(r.startswith(f"{side}, line 4: unknown section 'sport'") for r in reasons)
    assert any(r.startswith(f"{tmp_path / 'story.txt'}: no headline") for r in reasons)
    assert any(r.startswith(f"{side}, line 3: the slug is 201 characters long, more than the 200") for r in reasons)


def test_a_key_given_twice_in_a_sidecar_is_an_error_naming_both_lines(tmp_path):
    # json.loads would keep the second date silently, while the writer may have meant the first.
    with pytest.raises(DocumentError) as excinfo:
        read_document(
            _sidecar_document(
                tmp_path,
                '{\n  "date": "2025-11-20",\n  "section": "sport",\n  "date": "2025-11-21",\n  "date": "x"\n}\n',
            )
        )
    side = str(tmp_path / "story.meta.json")
    # Reported with the sidecar's other mistakes, in the same run; the repeated key is not
    # checked further (its last value, "x", is no date, but which value was meant is unknown).
    messages = [str(error) for error in excinfo.value.errors]
    assert len(messages) == 2
    assert messages[0] == f"{side}, line 2: the key 'date' is given more than once, on lines 2, 4, 5: keep one"
    assert messages[1].startswith(f"{side}, line 3: unknown section 'sport'")


def test_a_sidecar_boolean_is_a_json_boolean(tmp_path):
    assert read_document(_sidecar_document(tmp_path, '{"is_breaking": true, "date": "2025-11-20"}')).is_breaking
    assert not read_document(_sidecar_document(tmp_path, '{"is_breaking": false}')).is_breaking


def test_a_sidecar_that_is_not_utf8_is_reported_with_its_line(tmp_path):
    with pytest.raises(DocumentError) as excinfo:
        read_document(_sidecar_document(tmp_path, '{\n  "date": "2025-11-20",\n  "title": "Café"\n}\n', "latin-1"))
    assert (excinfo.value.name, excinfo.value.line) == (str(tmp_path / "story.meta.json"), 3)
    assert "not UTF-8" in str(excinfo.value)


# -- lengths, from the models ----------------------------------------------------------------------


def test_text_longer_than_its_column_is_refused_with_the_file_and_what_is_too_long(tmp_path):
    dateline = "K" * 150
    with pytest.raises(DocumentError) as excinfo:
        read_document(_sidecar_document(tmp_path, f'{{\n  "date": "2025-11-20",\n  "dateline": "{dateline}"\n}}\n'))
    assert (excinfo.value.name, excinfo.value.line) == (str(tmp_path / "story.meta.json"), 3)
    assert "the dateline is 150 characters long, more than the 100 the site stores" in str(excinfo.value)
    with pytest.raises(
        DocumentError, match="story.txt, line 1: the headline is 301 characters long, more than the 300"
    ):
        parse_document("Home » world » " + "H" * 301 + "\n\nThe talks resumed.\n", name="story.txt")
    with pytest.raises(DocumentError, match="the author's name is"):
        parse_document("Talks\n\nBy " + " ".join(["Abdullah" * 5] * 6) + "\n\nThe talks resumed.\n")


def test_a_body_too_big_to_clean_is_this_documents_problem_not_a_crash_while_writing():
    # Every paragraph is one <p>: more paragraphs than the sanitizer takes tags.
    text = "Talks resume\n\n" + "\n\n".join(f"Paragraph {n} of the very long report." for n in range(3001))
    with pytest.raises(DocumentError, match="story.txt: This text has too many HTML tags"):
        parse_document(text, name="story.txt")


def test_length_limits_are_read_from_the_model_when_parsing(monkeypatch):
    monkeypatch.setattr(Article._meta.get_field("dateline"), "max_length", 3)
    with pytest.raises(DocumentError, match="the dateline is 6 characters long, more than the 3"):
        parse_document("Talks resume\n\nNadia Al-Dabbas - Kuwait\n\nThe talks resumed.\n")


# -- the publication date ----------------------------------------------------------------------------


def test_the_date_comes_from_the_head_or_first_paragraph_only():
    history = parse_document(
        "Liberation day marked\n\nKuwaitis marked the anniversary on Tuesday.\n\n"
        "Kuwait was liberated on February 26, 1991, after seven months of occupation.\n"
    )
    assert (history.published, history.status, history.date_source) == (None, "review", "")
    assert "no date in the head or first paragraph" in history.notes[0]
    dated = parse_document("Talks resume\n\nNovember 3, 2025\n\nThe talks resumed.\n\nIt was 26 February 1991.\n")
    assert (dated.published, dated.date_source) == (datetime(2025, 11, 3, 6, 0, tzinfo=UTC), "text, line 3")


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("26 نوفمبر 2025", datetime(2025, 11, 26, 6, 0, tzinfo=UTC)),
        ("٢٦ نوفمبر ٢٠٢٥", datetime(2025, 11, 26, 6, 0, tzinfo=UTC)),
        ("3 كانون الثاني 2024", datetime(2024, 1, 3, 6, 0, tzinfo=UTC)),
        ("١٥ تشرين الأول، ٢٠٢٥", datetime(2025, 10, 15, 6, 0, tzinfo=UTC)),
        ("1 أيار 2025", datetime(2025, 5, 1, 6, 0, tzinfo=UTC)),
    ],
)
def test_arabic_dates_with_arabic_indic_digits(written, expected):
    document = parse_document(f"اجتماع وزاري في الكويت\n\nعقد الوزراء اجتماعا في الكويت يوم {written}.\n")
    assert document.published == expected
    assert document.date_source == "text, line 3"


@pytest.mark.parametrize(
    ("zone", "sidecar_date", "expected_utc"),
    [
        # A time without a zone is the newsroom's local time, in whatever zone the site is set to.
        ("Asia/Kuwait", "2025-11-26T09:00:00", datetime(2025, 11, 26, 6, 0, tzinfo=UTC)),
        ("Asia/Dubai", "2025-11-26T09:00:00", datetime(2025, 11, 26, 5, 0, tzinfo=UTC)),
        ("Europe/London", "2025-07-01 09:00", datetime(2025, 7, 1, 8, 0, tzinfo=UTC)),
        # A date alone is published at 09:00 local time.
        ("Asia/Kuwait", "2025-11-26", datetime(2025, 11, 26, 6, 0, tzinfo=UTC)),
        ("Asia/Dubai", "2025-11-26", datetime(2025, 11, 26, 5, 0, tzinfo=UTC)),
        # An explicit offset is kept, whatever the site's zone.
        ("Asia/Dubai", "2025-11-26T09:00:00+03:00", datetime(2025, 11, 26, 6, 0, tzinfo=UTC)),
        ("Asia/Kuwait", "2025-11-26T09:00:00Z", datetime(2025, 11, 26, 9, 0, tzinfo=UTC)),
    ],
)
def test_a_sidecar_time_without_a_zone_is_in_the_sites_time_zone(settings, zone, sidecar_date, expected_utc):
    settings.TIME_ZONE = zone
    document = parse_document("Talks resume\n\nThe talks resumed.\n", meta={"date": sidecar_date})
    assert document.published == expected_utc


def test_a_date_in_the_text_is_published_at_nine_in_the_sites_time_zone(settings):
    settings.TIME_ZONE = "Asia/Dubai"
    document = parse_document("Talks resume\n\nNovember 3, 2025\n\nThe talks resumed.\n")
    assert document.published == datetime(2025, 11, 3, 5, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("line", "ends"),
    [
        ("The talks resumed.", True),
        ("He said: “The talks resumed.”", True),
        ("«هل انتهت المحادثات؟»", True),
        ("(The talks resumed.)", True),
        ("The talks resumed", False),
        ("He called them “historic”", False),
        ("”»’)", False),  # nothing but closers: no sentence ends here
    ],
)
def test_a_sentence_end_is_read_past_closing_quotes_and_brackets(line, ends):
    from articles.importer.lines import _ends_sentence

    assert _ends_sentence(line) is ends


# -- breadcrumbs and repeated headlines ------------------------------------------------------------


def test_a_breadcrumb_splits_on_its_own_separator_only():
    piped = parse_document("Home » world » Kuwait | Oman: talks resume\n\nThe talks resumed on Monday.\n")
    assert (piped.title, piped.section) == ("Kuwait | Oman: talks resume", "world")
    slashed = parse_document("Home / gulf / Kuwait 24/7: ports stay open\n\nThe ports stayed open.\n")
    assert (slashed.title, slashed.section) == ("Kuwait 24/7: ports stay open", "gulf")


@pytest.mark.parametrize("ellipsis", ["...", "…"])
def test_a_truncated_breadcrumb_title_gives_way_to_the_full_headline(ellipsis):
    document = parse_document(
        f"Home » world » Kuwait and Oman sign a naval{ellipsis}\n\n"
        "Kuwait and Oman sign a naval cooperation pact in Muscat\n\n"
        "Ministers signed the pact on Monday in Muscat.\n"
    )
    assert document.title == "Kuwait and Oman sign a naval cooperation pact in Muscat"
    assert document.standfirst == ""
    assert document.body_html == "<p>Ministers signed the pact on Monday in Muscat.</p>"


def test_a_repeated_headline_with_a_full_stop_is_still_the_repeat():
    document = parse_document(
        "Home » world » Talks resume in Kuwait\n\nTalks resume in Kuwait.\n\nThe talks resumed on Monday.\n"
    )
    assert document.standfirst == ""
    assert [s.reason for s in document.skipped] == ["repeated headline"]
    assert document.body_html == "<p>The talks resumed on Monday.</p>"


# -- bylines, headings, wrapped Arabic ---------------------------------------------------------------


@pytest.mark.parametrize("agency", ["KUNA", "Reuters", "AFP", "WAM"])
def test_a_byline_naming_an_agency_is_the_source_credit(agency):
    document = parse_document(f"Talks resume\n\nBy {agency}\n\nThe talks resumed on Monday.\n")
    assert (document.credits, document.source) == ((), agency)


@pytest.mark.parametrize(
    ("job_title", "role"),
    [
        ("Senior Editor", Byline.Role.EDITOR),
        ("Staff Reporter", Byline.Role.REPORTER),
        ("Gulf Correspondent", Byline.Role.REPORTER),
        ("Photographer", Byline.Role.PHOTOGRAPHER),
        ("Translator", Byline.Role.TRANSLATOR),
        ("Columnist", Byline.Role.WRITER),
        ("", Byline.Role.WRITER),
    ],
)
def test_job_titles_map_to_the_models_byline_roles(job_title, role):
    document = parse_document(f"Talks resume\n\nBy Sara Ahmed {job_title}\n\nThe talks resumed on Monday.\n")
    assert (document.credits[0].job_title, document.credits[0].role) == (job_title, role)


def test_short_questions_and_acronym_endings_are_headings_but_sentences_are_not():
    document = parse_document(
        "Talks resume\n\nThe talks resumed on Monday.\n\nWhy does it matter?\n\nThe Gulf depends on it.\n\n"
        "Gulf Cooperation Council (GCC)\n\nThe council met too.\n\n"
        "Why did the ministers decide to meet in Kuwait rather than in Muscat this year?\n\nNobody said.\n"
    )
    assert [b.text for b in document.headings] == ["Why does it matter?", "Gulf Cooperation Council (GCC)"]
    assert len(document.paragraphs) == 5


def test_hard_wrapped_arabic_lines_are_joined_back_in_order():
    text = (
        "اجتماع وزاري في الكويت\n\n"
        "عقد وزراء الدفاع في دول مجلس التعاون اجتماعا في الكويت اليوم لبحث سبل تعزيز\n"
        "التعاون العسكري بين الدول الأعضاء وتطوير التدريبات المشتركة بين القوات المسلحة في\n"
        "المنطقة كلها.\n"
        "وأكد الوزراء أهمية التنسيق.\n"
    )
    document = parse_document(text)
    assert [b.text for b in document.body] == [
        "عقد وزراء الدفاع في دول مجلس التعاون اجتماعا في الكويت اليوم لبحث سبل تعزيز التعاون العسكري بين الدول "
        "الأعضاء وتطوير التدريبات المشتركة بين القوات المسلحة في المنطقة كلها.",
        "وأكد الوزراء أهمية التنسيق.",
    ]


def test_a_long_first_line_is_never_joined_to_the_next_one():
    document = parse_document(
        "وزراء الدفاع الخليجيون يجتمعون في الكويت لبحث تعزيز التعاون العسكري والأمني المشترك\n"
        "عقد الوزراء اجتماعا في الكويت اليوم.\n"
    )
    assert document.title == "وزراء الدفاع الخليجيون يجتمعون في الكويت لبحث تعزيز التعاون العسكري والأمني المشترك"


# -- breaking news and emoji -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "headline",
    [
        "🔴 عاجل: وزير الدفاع يلتقي نظيره",
        "عاجل|وزير الدفاع يلتقي نظيره",
        "عاجل - وزير الدفاع يلتقي نظيره",
        "⚡عاجل وزير الدفاع يلتقي نظيره",
    ],
)
def test_arabic_breaking_markers_are_detected_and_removed_with_their_emoji(headline):
    document = parse_document(f"{headline}\n\nالتقى وزير الدفاع نظيره الكويتي اليوم.\n")
    assert document.is_breaking
    assert document.title == "وزير الدفاع يلتقي نظيره"


def test_a_word_starting_like_the_breaking_marker_is_not_one():
    document = parse_document("عاجلة هي المساعدات\n\nوصلت المساعدات اليوم.\n")
    assert not document.is_breaking
    hyphenated = parse_document("Breaking-news coverage grows in Kuwait\n\nNewsrooms hired staff.\n")
    assert (hyphenated.is_breaking, hyphenated.title) == (False, "Breaking-news coverage grows in Kuwait")
    marked = parse_document("Breaking: Talks resume in Kuwait\n\nThe talks resumed.\n")
    assert (marked.is_breaking, marked.title) == (True, "Talks resume in Kuwait")


def test_emoji_are_dropped_everywhere_and_counted_but_symbols_that_are_text_stay():
    document = parse_document(
        "🔥 Talks resume ⚡\n\nThe talks 🔴 resumed 🇰🇼 on Monday © KUNA.\n\n“Peace” is the goal, he said 👍🏽.\n"
    )
    assert document.title == "Talks resume"
    assert [b.text for b in document.body] == ["The talks resumed on Monday © KUNA.", "“Peace” is the goal, he said ."]
    assert document.emoji == 5


# -- bad input -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("encoding", "name"),
    [("utf-16", "UTF-16"), ("utf-16-be", None), ("utf-32", "UTF-32")],
)
def test_utf16_and_utf32_files_are_named_as_such(encoding, name):
    data = "Talks resume\n\nThe talks resumed.\n".encode(encoding)
    if name is None:
        data, name = b"\xfe\xff" + data, "UTF-16"
    with pytest.raises(DocumentError, match=f"{name} text .*save it as UTF-8"):
        decode(data, "story.txt")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize(
    "text",
    [
        "Talks resume\n\nThe talks resumed on Monday.\n",
        "اجتماع وزاري في الكويت\n\nعقد الوزراء اجتماعا في الكويت يوم الاثنين.\n",
    ],
)
def test_utf16_without_a_byte_order_mark_is_named_as_such_not_binary(encoding, text):
    with pytest.raises(DocumentError) as excinfo:
        decode(text.encode(encoding), "story.txt")
    assert str(excinfo.value) == "story.txt: UTF-16 text without a byte order mark: save it as UTF-8"


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        b"Talks\x00resume\n\nThe talks resumed.\n",  # one stray NUL is not a text encoding
    ],
)
def test_other_nul_bytes_are_still_binary(data):
    with pytest.raises(DocumentError, match="binary file"):
        decode(data, "story.txt")


def test_non_utf8_arabic_is_told_to_convert_from_windows_1256():
    with pytest.raises(DocumentError) as excinfo:
        decode("اجتماع وزاري\n\nعقد الوزراء اجتماعا.\n".encode("cp1256"), "story.txt")
    assert "convert it to UTF-8 (e.g. from Windows-1256 for Arabic or Windows-1252 for Latin text)" in str(
        excinfo.value
    )
    assert excinfo.value.line == 1


def test_a_document_of_short_lines_only_has_no_paragraphs():
    with pytest.raises(DocumentError, match="no body paragraphs: after the headline there are only short heading"):
        parse_document("Just A Headline Here\n\nAnother Short Line")
    assert parse_document("Talks resume\n\nBackground\n\nThe talks resumed.").paragraphs


@pytest.mark.parametrize(
    ("sidecar", "line", "reason"),
    [
        ('{\n  "date": "2025-11-20",\n  "tags": ' + "[" * 100_000 + "]" * 100_000 + "\n}\n", 3, "nested more than 32"),
        ('{\n  "title": ' + "[" * 40 + "]" * 40 + "\n}\n", 2, "nested more than 32 levels deep"),
        ('{\n  "date": "2025-11-20",\n  "title": ' + "1" * 5000 + "\n}\n", 3, "a number of 5000 characters"),
    ],
    ids=["past the recursion limit", "too deep", "too long a number"],
)
def test_a_sidecar_too_deep_or_with_too_long_a_number_is_refused_with_its_line(tmp_path, sidecar, line, reason):
    # json.loads would end in a RecursionError, or a ValueError that names neither file nor line.
    with pytest.raises(DocumentError) as excinfo:
        read_document(_sidecar_document(tmp_path, sidecar))
    side = str(tmp_path / "story.meta.json")
    assert str(excinfo.value).startswith(f"{side}, line {line}: the sidecar is not valid: {reason}")
