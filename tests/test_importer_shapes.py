"""The shapes real news pages come in (issue 14): clutter above and below the article, page titles
with a site's name, glued breadcrumbs, bylines and agency credits of every shape, wire trailers,
the page's clock against the article's own date line. Documents are written here, in code."""

from datetime import date

import pytest

from articles.importer import parse_document

BODY_EN = (
    "The ministry said on Monday that the new centres would open in three governorates this spring.\n\n"
    "Officials expect the centres to serve more than ten thousand residents every month.\n"
)
BODY_AR = (
    "أعلنت الوزارة اليوم افتتاح ثلاثة مراكز جديدة لخدمة المواطنين في المحافظات الشمالية.\n\n"
    "وقال مسؤول في الوزارة إن المراكز ستخدم أكثر من عشرة آلاف مراجع شهريا.\n"
)
HEADLINE_EN = "Ministry opens three new service centres in the north"
HEADLINE_AR = "الوزارة تفتتح ثلاثة مراكز خدمة جديدة في الشمال"


def parse(text):
    return parse_document(text, name="page.txt")


def body_texts(document):
    return [block.text for block in document.body]


@pytest.mark.parametrize(
    "clutter",
    [
        "A+ A-",
        "clear",
        "850 views",
        "1245 مشاهدة",
        "عدد المشاهدات: ٤٥٢",
        "date 2026-02-09",
        "الجمعة 26 أبريل 2024 11:06 ص القاهرة 24°",
        "#كرة_اليد #المغرب #رياضة",
        "طباعة",
    ],
)
def test_page_clutter_above_the_headline_is_never_the_headline(clutter):
    document = parse(f"{clutter}\n{HEADLINE_EN}\n\n{BODY_EN}")
    assert document.title == HEADLINE_EN
    assert clutter not in body_texts(document)
    assert document.report["headline"]["passed_over"][0]["text"] == clutter


@pytest.mark.parametrize("separator", [" - ", " | ", " – "])
def test_a_page_title_with_the_sites_name_gives_way_to_the_headline_it_repeats(separator):
    document = parse(f"{HEADLINE_AR}{separator}بوابة الشروق\n{HEADLINE_AR}\n\n{BODY_AR}")
    assert document.title == HEADLINE_AR
    assert [s.reason for s in document.skipped] == ["headline with the site's name"]


def test_a_breadcrumb_glued_to_the_headline_and_its_copies_never_reach_the_body():
    document = parse(f"الرئيسيةمحلياتأخبار{HEADLINE_AR}\n1245 مشاهدة\n{HEADLINE_AR}\n{HEADLINE_AR}\n\n{BODY_AR}")
    assert document.title == HEADLINE_AR
    assert HEADLINE_AR not in body_texts(document)
    assert {s.reason for s in document.skipped} >= {"breadcrumb glued to the headline", "repeated headline"}


def test_a_headline_on_line_two_under_a_date_stamp_is_read():
    document = parse(f"date 2026-02-09\n{HEADLINE_EN}\n{BODY_EN}")
    assert document.title == HEADLINE_EN
    assert document.published.date() == date(2026, 2, 9)


@pytest.mark.parametrize(
    ("byline", "authors", "dateline"),
    [
        ("DOHA- Omar Farouk", ["Omar Farouk"], "DOHA"),
        ("Omar Farouk", ["Omar Farouk"], ""),
        ("By Hamid Qureshi, Senior Reporter", ["Hamid Qureshi"], ""),
        ("By LAURA BENNETT and MARCUS WEBB Associated Press", ["Laura Bennett", "Marcus Webb"], ""),
        ("Zainab Malik, Arab News", ["Zainab Malik"], ""),
    ],
)
def test_english_bylines_of_every_shape(byline, authors, dateline):
    document = parse(f"{HEADLINE_EN}\n{byline}\n{BODY_EN}")
    assert [c.name for c in document.credits] == authors
    assert document.dateline == dateline
    assert byline not in body_texts(document)


@pytest.mark.parametrize(
    ("byline", "authors", "dateline"),
    [
        ("كتب – محمود عبد الرحيم", ["محمود عبد الرحيم"], ""),
        ("كتبت - هبة الله سامي", ["هبة الله سامي"], ""),
        ("كتب محمد الشمري:", ["محمد الشمري"], ""),
        ("بقلم: سامر الحلبي", ["سامر الحلبي"], ""),
        ("جدة - حنان الغامدي", ["حنان الغامدي"], "جدة"),
        ("فهد المطيري", ["فهد المطيري"], ""),
    ],
)
def test_arabic_bylines_of_every_shape(byline, authors, dateline):
    document = parse(f"{HEADLINE_AR}\n{byline}\n{BODY_AR}")
    assert [c.name for c in document.credits] == authors
    assert document.dateline == dateline


@pytest.mark.parametrize(
    ("first_words", "source", "dateline"),
    [
        ("KUWAIT, Feb 12 (KUNA) -- ", "KUNA", "KUWAIT"),
        ("HOUSTON (AP) — ", "AP", "HOUSTON"),
        ("بيروت (أ ف ب) - ", "أ ف ب", "بيروت"),
        ("لندن (رويترز) - ", "رويترز", "لندن"),
        ("الكويت - 14 - 1 (كونا) -- ", "كونا", "الكويت"),
    ],
)
def test_an_agency_in_the_dateline_fills_the_source_and_the_words_stay(first_words, source, dateline):
    body = BODY_AR if "(" in first_words and any("\u0600" <= ch <= "\u06ff" for ch in first_words) else BODY_EN
    headline = HEADLINE_AR if body is BODY_AR else HEADLINE_EN
    document = parse(f"{headline}\n{first_words}{body}")
    assert (document.source, document.dateline) == (source, dateline)
    assert document.body[0].text.startswith(first_words.strip())


def test_an_agency_line_under_the_headline_is_the_source_and_the_place_its_dateline():
    document = parse(f"{HEADLINE_AR}\nعمان - بترا\n{BODY_AR}")
    assert (document.source, document.dateline) == ("بترا", "عمان")


@pytest.mark.parametrize(
    "trailer", ["(end) ak.mf", "(انتهى)", "(النهاية)", "خ ع ن / م ش ر", "(Reporting by A B; Editing by C D)"]
)
def test_wire_trailers_are_dropped_and_counted(trailer):
    document = parse(f"{HEADLINE_EN}\n\n{BODY_EN}{trailer}\n")
    assert trailer not in " ".join(body_texts(document))
    assert document.report["wire_trailers"] == 1


def test_a_trailer_glued_to_the_last_paragraph_is_cut_and_its_words_kept():
    document = parse(f"{HEADLINE_EN}\n\n{BODY_EN.rstrip()} (end) ak.mf\n")
    assert (
        document.body[-1].text == "Officials expect the centres to serve more than ten thousand residents every month."
    )
    assert document.report["wire_trailers"] == 1


def test_the_articles_own_date_line_wins_over_the_pages_clock_and_the_last_update():
    document = parse(
        "الجمعة 26 أبريل 2024 11:06 ص القاهرة 24°\n"
        f"{HEADLINE_AR}\n"
        "آخر تحديث: 27 أبريل 2024 - 10:20\n"
        "نشر في: الخميس 25 أبريل 2024 - 9:15 م | آخر تحديث: الخميس 25 أبريل 2024 - 9:40 م\n"
        f"{BODY_AR}"
    )
    assert document.published.date() == date(2024, 4, 25)
    assert document.report["date"]["line"] == 4


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("نشر في: 09-02-2026 | آخر تحديث: 09-02-2026 14:05", date(2026, 2, 9)),
        ("٢٠٢٦/٠٢/٠٩", date(2026, 2, 9)),
        ("الأحد 22 رجب 1447 هـ الموافق 11 يناير 2026", date(2026, 1, 11)),
        ("الثلاثاء 20 كانون الثاني 2026", date(2026, 1, 20)),
        ("Published: 10:38 EST, 10 February 2026 | Updated: 11:02 EST, 10 February 2026", date(2026, 2, 10)),
        ("February 10, 2014 at 10:38 am", date(2014, 2, 10)),
    ],
)
def test_date_lines_of_both_languages_are_read_and_never_kept_in_the_body(line, expected):
    headline, body = (
        (HEADLINE_AR, BODY_AR) if any("\u0600" <= ch <= "\u06ff" for ch in line) else (HEADLINE_EN, BODY_EN)
    )
    document = parse(f"{headline}\n{line}\n{body}")
    assert document.published.date() == expected
    assert line not in body_texts(document)


def test_a_glued_date_line_is_not_joined_to_the_paragraph_under_it():
    line = "نشر في: الخميس 25 أبريل 2024 - 9:15 م | آخر تحديث: الخميس 25 أبريل 2024 - 9:40 م"
    document = parse(
        f"{HEADLINE_AR}\n{line}\nأعرب الشيخ عن تقديره للجهود التي بذلتها اللجنة المنظمة خلال الأشهر\nالماضية.\n"
    )
    assert document.body[0].text.startswith("أعرب الشيخ")


@pytest.mark.parametrize(
    "junk",
    [
        "WhatsApp\nFacebook\nTwitter\nEmail\nTelegram\nPrint",
        "- Advertisement -",
        "Now Reading",
        "Scroll To Top",
        "الأكثر قراءة\nضبط عاطل بحوزته أسلحة نارية في حملة أمنية",
        "11:41 ص 01/03/2026",
        "2 View gallery\nA falcon in flight during the championship",
    ],
)
def test_short_page_lines_never_become_headings(junk):
    document = parse(f"{HEADLINE_EN}\n\n{BODY_EN}\n{junk}\n")
    assert document.headings == []
    assert body_texts(document) == [
        "The ministry said on Monday that the new centres would open in three governorates this spring.",
        "Officials expect the centres to serve more than ten thousand residents every month.",
    ]


def test_a_heading_between_paragraphs_stays_a_heading_even_without_function_words():
    document = parse(f"{HEADLINE_EN}\n\n{BODY_EN}\nPanel discussions\n\nThe panel met twice.\n")
    assert [b.text for b in document.headings] == ["Panel discussions"]


def test_no_real_sentence_is_ever_dropped_as_clutter():
    sentences = [
        "Share this burden with us, he told partners.",
        "Published figures show 850 views of the report, officials said.",
        "The print edition will return on Sunday, the newspaper said.",
    ]
    document = parse(f"{HEADLINE_EN}\n\n" + "\n\n".join(sentences) + "\n")
    assert body_texts(document) == sentences


# The four shapes the held-out set showed, and the "last updated" date line (issue 14).
LAST_EN = "Officials expect the centres to serve more than ten thousand residents every month."


def paragraph_texts(document):
    return [block.text for block in document.body if block.kind in ("p", "quote")]


@pytest.mark.parametrize(
    "prompt",
    [
        "Follow @ArabNews",
        "Follow us @GulfDaily on Instagram",
        "Follow us on X/Instagram",
        "Follow us on Facebook, X and Instagram",
        "Follow AP’s coverage of the Gulf at https://apnews.com/hub/gulf",
        "Subscribe to our newsletter",
        "Sign up for our daily newsletter.",
        "تابعونا على X",
        "تابعونا على إنستغرام و X",
        "تابع @الوطن_اليوم",
        "اشترك في النشرة",
        "اشترك في النشرة البريدية",
    ],
)
def test_follow_and_subscribe_lines_are_clutter_above_and_below_the_article(prompt):
    document = parse(f"{HEADLINE_EN}\n{prompt}\n\n{BODY_EN}\n{prompt}\n")
    assert document.title == HEADLINE_EN
    assert document.headings == []
    assert body_texts(document)[-1] == LAST_EN
    assert all(prompt not in text for text in body_texts(document))
    assert [s.text for s in document.skipped].count(prompt) == 2


def test_a_follow_prompt_glued_to_the_last_paragraph_is_cut_and_its_sentence_kept():
    document = parse(f"{HEADLINE_EN}\n\n{BODY_EN.rstrip()} Follow @GulfDaily on Instagram.\n")
    assert body_texts(document)[-1] == LAST_EN


@pytest.mark.parametrize(
    "sentence",
    [
        "Follow the signs to the old souq, one guide tells each group of visitors.",
        "Follow-up inspections are due in March, the ministry said.",
        "Subscribe to the scheme before June, the bank told its customers.",
        "وتابع الوزير أن المراكز الجديدة ستفتح أبوابها في الربيع المقبل.",
        "تابعونا على مدى سنوات، قال أحد المعلمين، ولم يتغير شيء.",
        "Advertisement revenue fell 4 percent in the quarter, the company said.",
        "إعلان الوزارة صدر صباح اليوم بعد اجتماع استمر ثلاث ساعات.",
    ],
)
def test_an_ordinary_sentence_starting_like_a_prompt_or_an_ad_marker_is_text(sentence):
    document = parse(f"{HEADLINE_EN}\n\n{BODY_EN}\n{sentence}\n")
    assert paragraph_texts(document)[-1] == sentence


@pytest.mark.parametrize(
    "marker",
    [
        "Advertisement · Scroll to continue",
        "- Advertisement -",
        "ADVERTISEMENT",
        "Advertisement | Continue reading below",
        "Story continues below advertisement",
        "Article continues below this advertisement",
        "إعلان",
        "- إعلان -",
        "تابع القراءة أسفل الإعلان",
    ],
)
def test_advertisement_markers_with_their_prompts_are_clutter(marker):
    first, second = BODY_EN.split("\n\n")
    document = parse(f"{marker}\n{HEADLINE_EN}\n\n{first}\n{marker}\n{second}")
    assert document.title == HEADLINE_EN
    assert body_texts(document) == [first, second.strip()]
    assert marker in [s.text for s in document.skipped]


@pytest.mark.parametrize(
    "caption",
    [
        "Photo: A young Arabian leopard at the breeding centre. (Photo: Supplied)",
        "Image: Farmers inspect damaged sorghum plants near a village in Lahj.",
        "صورة: موقع المحطة المقترحة جنوب مدينة العقبة (تصوير: رامي الخطيب)",
        "الصورة: طائرة الرحلة الأولى لدى هبوطها في مطار البصرة صباح اليوم",
    ],
)
def test_a_labelled_photo_caption_at_the_top_of_the_body_is_not_the_first_paragraph(caption):
    document = parse(f"{HEADLINE_EN}\n{caption}\n\n{BODY_EN}")
    assert paragraph_texts(document)[0].startswith("The ministry said on Monday")
    assert document.standfirst == ""
    figures = [f"{b.text} ({b.credit}){b.end}" if b.credit else b.text for b in document.captions]
    assert figures == [caption]  # kept word for word, as a caption


@pytest.mark.parametrize("credit", ["(Photo: Supplied)", "(تصوير: أحمد علي)", "Photo: AFP", "(Image: Getty Images)"])
def test_a_photo_credit_on_its_own_line_is_clutter(credit):
    document = parse(f"{HEADLINE_EN}\n{credit}\n\n{BODY_EN}")
    assert paragraph_texts(document)[0].startswith("The ministry said on Monday")
    assert [s.reason for s in document.skipped if s.text == credit] == ["photo credit"]


def test_a_sentence_starting_with_a_photo_word_is_text():
    sentence = "Photographers from six countries took part in the contest, the organisers said."
    document = parse(f"{HEADLINE_EN}\n\n{sentence}\n\n{BODY_EN}")
    assert paragraph_texts(document)[0] == sentence


COPYRIGHT_TRAILERS = [
    "Copyright 2026 The Associated Press. All rights reserved. This material may not be published, "
    "broadcast, rewritten or redistributed.",
    "© 2026 Reuters",
    "Copyright © 2026 Agence France-Presse. All rights reserved.",
    "جميع الحقوق محفوظة",
    "© 2026 رويترز. جميع الحقوق محفوظة",
    "جميع الحقوق محفوظة لوكالة الأنباء © ٢٠٢٦",
]
# A copyright sentence that is, or is inside, a real paragraph is text.
COPYRIGHT_SENTENCES = [
    f"{LAST_EN} Copyright 2026 The Associated Press. All rights reserved.",
    "Copyright 2026 filings rose by 10 percent, the intellectual property office said.",
    "وقال الوزير إن جميع الحقوق محفوظة للمزارعين في حصصهم الحالية من مياه الري.",
    "جميع الحقوق محفوظة للعمال بموجب القانون الجديد، وفق الوزير.",
]


@pytest.mark.parametrize(
    ("line", "is_trailer"),
    [(line, True) for line in COPYRIGHT_TRAILERS] + [(line, False) for line in COPYRIGHT_SENTENCES],
)
def test_wire_copyright_lines_at_the_end_are_trailers_and_copyright_sentences_text(line, is_trailer):
    document = parse(f"{HEADLINE_EN}\n\n{BODY_EN}{line}\n")
    assert paragraph_texts(document)[-1] == (LAST_EN if is_trailer else line)
    assert document.report["wire_trailers"] == int(is_trailer)


@pytest.mark.parametrize(
    "line",
    [
        "Updated: February 18, 2026, 8:40 AM",
        "Last updated: Tue 24 Feb 2026, 3:35 PM",
        "آخر تحديث: الأحد 15 فبراير 2026 - 11:20 ص",
    ],
)
def test_a_last_updated_line_alone_is_not_the_articles_date(line):
    document = parse(f"{HEADLINE_EN}\n{line}\n\n{BODY_EN}")
    assert document.published is None
    assert line not in body_texts(document)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("February 9, 2026 | Updated: February 10, 2026", date(2026, 2, 9)),
        ("الإثنين 9 فبراير 2026 - آخر تحديث: 10 فبراير 2026", date(2026, 2, 9)),
    ],
)
def test_a_date_line_with_the_articles_own_date_besides_the_update_gives_a_date(line, expected):
    document = parse(f"{HEADLINE_EN}\n{line}\n\n{BODY_EN}")
    assert document.published.date() == expected


def test_the_published_line_wins_over_a_later_last_updated_line():
    document = parse(f"{HEADLINE_EN}\nLast updated: 24 Feb 2026\nPublished: 20 Feb 2026\n\n{BODY_EN}")
    assert document.published.date() == date(2026, 2, 20)


def test_a_first_paragraph_saying_updated_still_gives_its_date():
    first = "KUWAIT, Feb 9, 2026 (KUNA) -- The ministry updated its rules for new service centres on Monday."
    document = parse(f"{HEADLINE_EN}\n\n{first}\n\n{LAST_EN}\n")
    assert document.published.date() == date(2026, 2, 9)
