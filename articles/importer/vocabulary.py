"""The controlled vocabulary of sections, tags and byline words, kept as data in vocabulary.json."""

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from articles.models import Byline
from editorial.languages import language_codes, localized

VOCABULARY_PATH = Path(__file__).with_name("vocabulary.json")

# Arabic attaches conjunctions and prepositions to the word that follows ("والكويت", "بالكويت"),
# so a term may be preceded by up to two of these letters; "ال" after a preposition drops its
# alif ("للأمن"), which the optional "ل" before a term spelt without "ا" covers well enough.
_ARABIC_PROCLITICS = "[وفبلك]{0,2}"


def term_matchers(terms, language):
    """Regexes finding the terms of `terms` ({term: what it names}) in text, with their lookup.

    (regex, lookup, fold) per case rule: acronyms and proper names match in their own case,
    lower-case English terms in any case. Each rule is one alternation, longest term first:
    scanning once with every term is some forty times faster than one regex per term.
    """
    exact, folded = {}, {}
    for term, key in terms.items():
        if language == "en" and term == term.lower():
            folded.setdefault(term.casefold(), key)
        else:
            exact.setdefault(term, key)
    prefix = _ARABIC_PROCLITICS if language == "ar" else ""
    matchers = []
    for lookup, fold in ((exact, False), (folded, True)):
        if lookup:
            alternation = "|".join(re.escape(t) for t in sorted(lookup, key=len, reverse=True))
            flags = re.IGNORECASE if fold else 0
            matchers.append((re.compile(rf"(?<!\w){prefix}({alternation})(?!\w)", flags), lookup, fold))
    return tuple(matchers)


def mentions(matchers, text):
    """{what a term names: number of mentions} in `text`."""
    counts = Counter()
    for regex, lookup, fold in matchers:
        for term in regex.findall(text):
            counts[lookup[term.casefold() if fold else term]] += 1
    return counts


@dataclass(frozen=True)
class Entry:
    slug: str
    # {language code: name}, {language code: (terms that mention it)}
    name: dict
    term_lists: dict = field(default_factory=dict)
    position: int = 0
    patterns: dict = field(default_factory=dict, repr=False, compare=False, hash=False)

    def terms(self, language):
        return self.term_lists.get(language, ())

    def count(self, text, language):
        matchers = self.patterns.get(language)
        return mentions(matchers, text)[self.slug] if matchers and text else 0

    def names(self):
        return {self.slug.casefold(), *(name.casefold() for name in self.name.values())}


def _entry(data, matchable=False):
    entry = Entry(
        slug=data["slug"],
        # vocabulary.json names each language's entries as the translated columns do (name_en, terms_ar).
        name={code: data.get(localized("name", code), "") for code in language_codes()},
        term_lists={code: tuple(data.get(localized("terms", code), ())) for code in language_codes()},
        position=data.get("position", 0),
    )
    if matchable:
        # Sections are scored one by one; tags are all matched at once by _tag_matchers.
        entry.patterns.update(
            {code: term_matchers(dict.fromkeys(entry.terms(code), entry.slug), code) for code in language_codes()}
        )
    return entry


@dataclass(frozen=True, eq=False)
class Vocabulary:
    sections: tuple
    tags: tuple
    job_title_words: frozenset
    byline_roles: dict
    outlets: tuple
    outlet_suffixes: tuple
    agencies: tuple

    def role_for(self, job_title):
        """The byline role a job title names ("Senior News Editor": editor), writer by default."""
        return next((self.byline_roles[w] for w in job_title.split() if w in self.byline_roles), Byline.Role.WRITER)

    def is_agency(self, name):
        """A news agency or listed outlet ("KUNA", "Reuters"): a source credit, never an author."""
        folded = name.strip().casefold()
        return any(folded == known.casefold() for known in self.agencies + self.outlets)

    def section(self, key):
        """The section whose slug or name (either language) is `key`, or None."""
        key = key.strip().casefold()
        return next((s for s in self.sections if key in s.names()), None)

    def tag(self, key):
        key = key.strip().casefold()
        return next((t for t in self.tags if key in t.names()), None)

    def is_outlet(self, line, guess=True):
        """A line naming the outlet the article comes from; `guess` also accepts unlisted names."""
        folded = line.strip().casefold()
        if any(folded == outlet.casefold() for outlet in self.outlets):
            return True
        if not guess:
            return False
        # "The Times Kuwait Report", "Gulf News Staff": a title-case name ending in a desk word.
        words = line.split()
        if not 2 <= len(words) <= 8 or not all(w[:1].isupper() or w in {"of", "and", "the"} for w in words):
            return False
        return any(line.endswith(" " + suffix) for suffix in self.outlet_suffixes)

    def tag_mentions(self, text, language):
        """{tag slug: number of mentions} in `text`, in one pass per case rule."""
        return mentions(_tag_matchers(self, language), text)

    def suggest_tags(self, head, body, language, minimum_body_mentions=2):
        """Tags mentioned in the headline or standfirst, or at least twice in the body."""
        in_head = self.tag_mentions(head, language)
        in_body = self.tag_mentions(body, language)
        return [t.slug for t in self.tags if in_head[t.slug] or in_body[t.slug] >= minimum_body_mentions]

    def suggest_section(self, text, language):
        scores = [(section.count(text, language), -section.position, section.slug) for section in self.sections]
        best = max(scores, default=(0, 0, None))
        return best[2] if best[0] else None


@lru_cache(maxsize=8)
def _tag_matchers(vocabulary, language):
    """Every tag term of a language, matched in one scan per case rule."""
    terms = {}
    for tag in vocabulary.tags:
        for term in tag.terms(language):
            terms.setdefault(term, tag.slug)
    return term_matchers(terms, language)


@lru_cache(maxsize=4)
def load_vocabulary(path=VOCABULARY_PATH):
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    bylines = data.get("bylines", {})
    return Vocabulary(
        sections=tuple(_entry(s, matchable=True) for s in data["sections"]),
        tags=tuple(_entry(t) for t in data["tags"]),
        job_title_words=frozenset(bylines.get("job_title_words", ())),
        # Role values are the model's own choices: an unknown one fails here, not in the database.
        byline_roles={word: Byline.Role(role) for word, role in bylines.get("roles", {}).items()},
        outlets=tuple(bylines.get("outlets", ())),
        outlet_suffixes=tuple(bylines.get("outlet_suffixes", ())),
        agencies=tuple(bylines.get("agencies", ())),
    )
