"""Both language editions answer under i18n_patterns."""

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("lang,direction", [("en", "ltr"), ("ar", "rtl")])
def test_language_editions_answer(client, lang, direction):
    response = client.get(f"/{lang}/")
    assert response.status_code == 200
    assert f'lang="{lang}"' in response.content.decode()
    assert f'dir="{direction}"' in response.content.decode()
