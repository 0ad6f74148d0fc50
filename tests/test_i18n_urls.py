"""Both language editions answer under i18n_patterns, and the Arabic one speaks Arabic."""

import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.factories import make_article

PO_FILE = Path(settings.BASE_DIR) / "locale" / "ar" / "LC_MESSAGES" / "django.po"


@pytest.mark.django_db
@pytest.mark.parametrize("lang,direction", [("en", "ltr"), ("ar", "rtl")])
def test_language_editions_answer(client, lang, direction):
    response = client.get(f"/{lang}/")
    assert response.status_code == 200
    assert f'lang="{lang}"' in response.content.decode()
    assert f'dir="{direction}"' in response.content.decode()


@pytest.mark.django_db
def test_arabic_edition_interface_is_in_arabic(client):
    make_article(title_en="", body_en="", title_ar="عاجل من الكويت", body_ar="<p>نص</p>", is_breaking=True)
    arabic = client.get("/ar/").content.decode()
    assert "انتقل إلى المحتوى" in arabic  # the skip link
    assert "عاجل" in arabic
    assert "Skip to content" not in arabic
    assert "Skip to content" in client.get("/en/").content.decode()


@pytest.mark.django_db
def test_arabic_admin_uses_our_translations(admin_client):
    html = admin_client.get("/ar/admin/articles/article/").content.decode()
    assert "المقالات" in html
    assert "ابحث عن كلمات كاملة في العناوين والمقدمات والنصوص، أو عن أسماء الكتّاب، أو أدخل معرّفًا." in html


def _translations(entry):
    """The msgstr texts of one .po entry (one, or one per plural form), continuation lines joined."""
    texts, current = [], None
    for line in entry.splitlines():
        if line.startswith("msgstr"):
            current = len(texts)
            texts.append(re.match(r'msgstr(?:\[\d\])? "(.*)"$', line).group(1))
        elif line.startswith('"') and current is not None:
            texts[current] += line[1:-1]
        else:
            current = None
    return texts


def test_every_interface_string_has_an_arabic_translation():
    po = PO_FILE.read_text(encoding="utf-8")
    entries = [e for e in po.split("\n\n")[1:] if "msgid" in e]  # the first block is the header
    untranslated = [e for e in entries if not all(_translations(e))]
    fuzzy = [e for e in entries if "#, fuzzy" in e]
    assert entries
    assert untranslated == []
    assert fuzzy == []
