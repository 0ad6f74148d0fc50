"""Search folds Arabic spelling variants and Latin case/accents, on SQLite and on PostgreSQL."""

import pytest
from django.db import connection

from articles import search
from articles.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def results(query, code):
    return set(search.search(Article.objects.published().in_language(code), query, code).values_list("slug", flat=True))


@pytest.mark.parametrize(
    "text,folded",
    [
        ("إسرائيل", "اسرائيل"),
        ("أحمد", "احمد"),
        ("آمال", "امال"),
        ("ٱلله", "الله"),
        ("مدرسة", "مدرسه"),
        ("مستشفى", "مستشفي"),
        ("مُحَمَّدٌ", "محمد"),
        ("العـــربية", "العربيه"),
        ("Café RÉSUMÉ", "cafe resume"),
        ("<b>bold</b>", " bold "),
    ],
)
def test_fold(text, folded):
    assert search.fold(text) == folded


def test_terms_reject_empty_punctuation_and_cap_length():
    assert search.terms("") == []
    assert search.terms("?!... ،؟") == []
    assert len(search.terms("word " * 500)) == search.MAX_TERMS
    assert search.terms("اسرائيل") == ["اسرائيل"]


@pytest.fixture
def corpus():
    make_article(
        "israel",
        title_en="",
        body_en="",
        title_ar="محادثات مع إسرائيل",
        body_ar="<p>قالت الحكومة إن المدرسة مغلقة.</p>",
    )
    make_article("hospital", title_en="", body_en="", title_ar="المستشفى الجديد", body_ar="<p>افتُتِحَ المستشفى.</p>")
    make_article("cafe", title_en="Café culture in Kuwait", body_en="<p>Coffee houses are busy.</p>")
    make_article("naive", title_en="Other story", standfirst_en="A naïve plan", body_en="<p>Text</p>")
    make_article(
        "draft", title_en="Café draft", status=Article.Status.DRAFT, title_ar="مسودة إسرائيل", body_ar="<p>نص</p>"
    )


def test_arabic_search_folds_hamza(corpus):
    assert results("اسرائيل", "ar") == {"israel"}
    assert results("إسرائيل", "ar") == {"israel"}


def test_arabic_search_folds_taa_marbuta_and_alef_maqsura_and_tashkeel(corpus):
    assert "israel" in results("مدرسه", "ar")
    assert results("مستشفي", "ar") == {"hospital"}
    assert results("المُسْتَشْفَى", "ar") == {"hospital"}


def test_english_search_ignores_case_and_accents(corpus):
    assert results("CAFE", "en") == {"cafe"}
    assert results("café", "en") == {"cafe"}
    assert results("naive", "en") == {"naive"}


def test_search_is_per_edition_and_never_finds_drafts(corpus):
    assert results("اسرائيل", "en") == set()
    assert "draft" not in results("cafe", "en")
    assert "draft" not in results("مسوده", "ar")


def test_every_word_must_match(corpus):
    assert results("cafe kuwait", "en") == {"cafe"}
    assert results("cafe hospital", "en") == set()


def test_search_page_finds_folded_arabic(client, corpus):
    html = client.get("/ar/search/", {"q": "اسرائيل"}).content.decode()
    assert "/ar/articles/israel/" in html
    assert "/ar/articles/hospital/" not in html


@pytest.fixture
def prefixed():
    make_article(
        "prefixes",
        title_en="",
        body_en="",
        title_ar="محادثات بين الرياض وإسرائيل",
        standfirst_ar="وفد بإسرائيل",
        body_ar="<p>قالت والسعودية إن الطلاب عادوا فالمدرسة مفتوحة.</p>",
    )
    make_article("other", title_en="", body_en="", title_ar="خبر آخر", body_ar="<p>ولادة طفل في الكويت</p>")


@pytest.mark.parametrize("query", ["إسرائيل", "اسرائيل", "السعودية", "السعوديه", "المدرسة", "المدرسه", "مدرسة"])
def test_arabic_search_finds_words_with_attached_prefixes(prefixed, query):
    # وإسرائيل, بإسرائيل, والسعودية, فالمدرسة: a conjunction or preposition written onto the word.
    assert results(query, "ar") == {"prefixes"}


def test_detaching_prefixes_keeps_words_that_only_look_prefixed(prefixed):
    assert results("ولادة", "ar") == {"other"}
    assert results("الكويت", "ar") == {"other"}


@pytest.fixture
def unprefixed():
    make_article("kuwait", title_en="", body_en="", title_ar="أمطار في الكويت", body_ar="<p>نص</p>")
    make_article("defence", title_en="", body_en="", title_ar="وزارة الدفاع تعلن", body_ar="<p>نص</p>")
    make_article("governor", title_en="", body_en="", title_ar="قال والي المدينة", body_ar="<p>نص</p>")
    make_article("travel", title_en="", body_en="", title_ar="سافر الوفد إلى دبي", body_ar="<p>نص</p>")
    make_article("serious", title_en="", body_en="", title_ar="أمر بالغ الأهمية", body_ar="<p>نص</p>")
    make_article("gas", title_en="", body_en="", title_ar="أسعار الغاز ترتفع", body_ar="<p>نص</p>")


@pytest.mark.parametrize(
    "query,found",
    [
        ("والكويت", "kuwait"),
        ("بالكويت", "kuwait"),
        ("فالكويت", "kuwait"),
        ("وبالكويت", "kuwait"),
        ("والدفاع", "defence"),
    ],
)
def test_a_query_word_with_an_attached_prefix_finds_the_word_without_it(unprefixed, query, found):
    assert results(query, "ar") == {found}


@pytest.mark.parametrize("query,found", [("والي", "governor"), ("بالغ", "serious")])
def test_query_words_that_only_look_prefixed_are_not_widened(unprefixed, query, found):
    # Detached, they would be الي (every إلى) and الغ (الغاز).
    assert results(query, "ar") == {found}


def test_query_variants():
    assert search.query_variants("والكويت") == ["والكويت", "الكويت"]
    assert search.query_variants("وبإسرائيل") == ["وبإسرائيل", "إسرائيل"]
    assert search.query_variants("والي") == ["والي"]
    assert search.query_variants("بالغ") == ["بالغ"]
    assert search.query_variants("الكويت") == ["الكويت"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the GIN index exists on PostgreSQL only")
def test_postgresql_search_uses_the_gin_index(prefixed):
    # Unordered: on a two-row table an ordered query reads the date index and filters, which is
    # cheaper there; tests/test_explain.py checks the plans of the ordered queries on a large table.
    queryset = search.search(Article.objects.order_by(), "السعودية", "ar")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = queryset.explain()
    assert "article_search_ar_gin" in plan


FOLD_SAMPLES = [
    "Ça ÉTÉ <b>Zürich</b> naïve Ōsaka Ŀŀ İstanbul 10 \u212b",
    "إسرائيل أحمد آمال ٱلله مدرسة مستشفى الكُوَيْتِ الكـــويت",
    "plain ascii, The Times Kuwait Report",
    "Türkiye’s ‘quotes’ — and ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćŽž",
]


@pytest.mark.django_db
def test_the_databases_fold_function_folds_as_python_does():
    # On PostgreSQL this is the SQL function the indexes are built on; on SQLite, fold() itself.
    with connection.cursor() as cursor:
        for text in FOLD_SAMPLES:
            cursor.execute("SELECT newsroom_fold(%s)", [text])
            assert cursor.fetchone()[0] == search.fold(text), text
