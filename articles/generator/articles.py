"""Unsaved articles with their bylines and tags, in the shapes and proportions of a real archive."""

import random
from datetime import timedelta
from itertools import accumulate

from django.utils import timezone
from django.utils.text import slugify

from articles.models import Article, Byline
from editorial.languages import language_codes

from . import words
from .text import Language, pick_distinct, zipf_weights

YEARS = 20
# (status, share): mostly published, some drafts, in review, scheduled (published with a
# future time) and archived.
STATUSES = [("published", 0.86), ("draft", 0.05), ("review", 0.03), ("scheduled", 0.02), ("archived", 0.04)]
# With both languages: most articles in both, some in one only.
BOTH_LANGUAGES = 0.75
ENGLISH_ONLY = 0.15
TAGS_PER_ARTICLE = (2, 8)
ROLES = [role.value for role in (Byline.Role.REPORTER, Byline.Role.WRITER, Byline.Role.EDITOR, Byline.Role.TRANSLATOR)]


class ArticleMaker:
    """Draws articles from one seeded random source: the same seed gives the same articles."""

    def __init__(self, seed, languages, sections, authors, tags, now=None, texts=None):
        """`texts`: the languages' pools ({code: text.Language}) when shared, else drawn here."""
        self.rng = random.Random(seed)
        self.codes = list(languages)
        self.languages = texts or {code: Language(code, self.rng) for code in self.codes}
        self.sections, self.authors, self.tags = sections, authors, tags
        self.section_weights = zipf_weights(len(sections), 0.8)
        self.author_weights = zipf_weights(len(authors), 0.7)
        self.tag_weights = zipf_weights(len(tags), 1.0)
        self.status_weights = list(accumulate(share for _name, share in STATUSES))
        self.now = now or timezone.now()

    def article_languages(self):
        if len(self.codes) == 1:
            return self.codes
        draw = self.rng.random()
        if draw < BOTH_LANGUAGES:
            return self.codes
        return [self.codes[0]] if draw < BOTH_LANGUAGES + ENGLISH_ONLY else [self.codes[1]]

    def times(self, status):
        """(publish_at, first_published_at, created_at): recent years hold more articles."""
        age = timedelta(days=365.25 * YEARS * self.rng.random() ** 1.5, seconds=self.rng.randint(0, 86_399))
        if status == "scheduled":
            publish_at = self.now + timedelta(hours=self.rng.randint(1, 24 * 30))
            return publish_at, publish_at, self.now - timedelta(hours=self.rng.randint(1, 72))
        created = self.now - age
        if status in ("draft", "review"):
            return (None, None, created)
        publish_at = created + timedelta(minutes=self.rng.randint(5, 600))
        publish_at = min(publish_at, self.now - timedelta(minutes=1))
        return publish_at, publish_at, created

    def article(self, number):
        """The column values (by attname) of article `number`: Article(**values) or a COPY row."""
        rng = self.rng
        status = rng.choices([name for name, _s in STATUSES], cum_weights=self.status_weights)[0]
        codes = self.article_languages()
        publish_at, first_published_at, created_at = self.times(status)
        values = {
            "status": Article.Status.PUBLISHED.value if status == "scheduled" else status,
            "publish_at": publish_at,
            "first_published_at": first_published_at,
            "created_at": created_at,
            "updated_at": created_at,
            "section_id": self.sections[pick_distinct(rng, range(len(self.sections)), self.section_weights, 1)[0]].pk,
            "original_language": codes[0],
            "is_breaking": rng.random() < 0.02,
            "language_edited_at": {code: created_at.isoformat() for code in codes},
        }
        dateline = words.DATELINES[rng.randrange(len(words.DATELINES))]
        # Every language's headline and body are "" when unwritten, as the admin stores them.
        for code in language_codes():
            self._write_language(values, code, code in codes, dateline[code == "ar"])
        title = values[f"title_{codes[0]}"]
        values["slug"] = f"{slugify(title, allow_unicode=True)[:80].strip('-') or 'article'}-{number}"
        return values

    def _write_language(self, values, code, written, dateline):
        """The language's text and its search vector's lexemes (SearchVectorField's, computed here
        from the pooled text's, which are worked out once)."""
        if not written:
            values.update({f"title_{code}": "", f"standfirst_{code}": None, f"body_{code}": ""})
            values.update({f"dateline_{code}": None, f"search_{code}": None})
            return
        text, rng = self.languages[code], self.rng
        headline, standfirst = text.headline(rng), text.standfirst(rng)
        body, _count, body_lexemes = text.body(rng)
        values.update({f"title_{code}": headline[0], f"standfirst_{code}": standfirst, f"body_{code}": body})
        values[f"dateline_{code}"] = dateline
        # vector_literal(*lexemes.words()) spells the vector, postgres.TsvectorDumper writes it.
        values[f"search_{code}"] = text.vector(headline, standfirst, body_lexemes)

    def links(self):
        """An article's bylines, (author id, position, role) for 1-3 authors, and its tag ids
        (2-8, Zipf over the tags: a few tags are on many articles, most on few)."""
        rng = self.rng
        authors = pick_distinct(rng, self.authors, self.author_weights, rng.randint(1, 3))
        bylines = [(author.pk, position, ROLES[position]) for position, author in enumerate(authors)]
        tags = pick_distinct(rng, self.tags, self.tag_weights, rng.randint(*TAGS_PER_ARTICLE))
        return bylines, [tag.pk for tag in tags]
