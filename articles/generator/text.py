"""Bilingual news text with Zipf-like word frequencies, in the form the sanitizer leaves unchanged.

A vocabulary is the hand-written words of words.py (ranked, most frequent first) followed by
generated rarer forms (stems with affixes, then made-up words from syllables): the long tail a
real archive has. Words are drawn with weight 1/rank**s, so "the" and "في" are common and the
tail is rare. Drawing ~1,600 words per article one by one would cost more than writing the
article, so a pool of sentences is drawn once per run and articles are built from sentences
drawn from it: each sentence is a Zipf sample, so the text as a whole keeps the distribution.
"""

import random
import re
from bisect import bisect
from itertools import accumulate, product
from typing import NamedTuple

from articles.search import text_lexemes

from . import words

ZIPF_EXPONENT = 1.05
VOCABULARY_SIZE = 6_000
SENTENCE_POOL = 10_000
SENTENCE_WORDS = (6, 26)
PARAGRAPH_SENTENCES = (2, 6)
BODY_WORDS = (600, 1_000)

# What a generated word may hold: letters, digits, a hyphen. Nothing the HTML sanitizer would
# rewrite (no "<", ">", "&", quotes, control or bidi characters), so the bodies built from these
# words are already in their clean form (editorial.fields.PLAIN_PARAGRAPHS checks it on write).
PLAIN_WORD = re.compile("[A-Za-z0-9\\-\u0621-\u064a]+")


def zipf_weights(count, exponent=ZIPF_EXPONENT):
    """Cumulative weights 1/rank**exponent for ranks 1..count, for random.choices(cum_weights=...)."""
    return list(accumulate(1 / rank**exponent for rank in range(1, count + 1)))


def _unique(items):
    return list(dict.fromkeys(items))


def _generated_forms(stems, prefixes, suffixes, syllables, size, rng):
    """Affixed forms of the stems, then made-up words of 2-4 syllables, up to `size` in all."""
    forms = [p + s + x for p, s, x in product(prefixes, stems, suffixes)]
    while len(forms) < size * 2:
        forms.append("".join(rng.choice(syllables) for _ in range(rng.randint(2, 4))))
    return forms


def vocabulary(code, seed=0):
    """The ranked words of language `code`: hand-written first, then generated rarer forms."""
    rng = random.Random(f"vocabulary-{code}-{seed}")
    if code == "ar":
        base = words.ARABIC
        tail = _generated_forms(
            words.ARABIC_STEMS,
            words.ARABIC_PREFIXES,
            words.ARABIC_SUFFIXES,
            words.ARABIC_SYLLABLES,
            VOCABULARY_SIZE,
            rng,
        )
    else:
        base = words.ENGLISH
        tail = _generated_forms(
            words.ENGLISH_STEMS, [""], words.ENGLISH_SUFFIXES, words.ENGLISH_SYLLABLES, VOCABULARY_SIZE, rng
        )
    ranked = _unique(base + tail)[:VOCABULARY_SIZE]
    bad = [word for word in ranked if not PLAIN_WORD.fullmatch(word)]
    if bad:
        raise ValueError(f"Words the sanitizer could rewrite: {bad[:5]}")
    return ranked


class Lexicon:
    """A language's lexemes numbered in the order of a tsvector's entries.

    PostgreSQL keeps a vector's lexemes sorted by their UTF-8 bytes (the order of their code
    points, Python's order of str) and sorts a vector it receives unless it comes sorted: ~25 % of
    its COPY's CPU. A set of numbers sorts in that order in C at a fraction of the cost of ~700
    strings (Arabic ones compare one by one in Python's generic path).
    """

    def __init__(self, lexemes):
        self.words = sorted(lexemes)
        self.number = {word: number for number, word in enumerate(self.words)}

    def numbers(self, lexemes):
        return frozenset(map(self.number.__getitem__, lexemes))


class _WordLexemes(dict):
    """The lexicon's numbers of a word's lexemes, worked out once per word."""

    def __init__(self, lexicon, code):
        super().__init__()
        self.lexicon, self.code = lexicon, code

    def __missing__(self, word):
        numbers = self[word] = self.lexicon.numbers(text_lexemes(word, self.code))
        return numbers


class Lexemes(NamedTuple):
    """An article's search vector in one language: its headline's and standfirst's lexemes and
    all its lexemes (the head's too), as numbers in `lexicon` (postgres.TsvectorDumper writes them)."""

    head: frozenset
    every: set
    lexicon: Lexicon

    def words(self):
        """(head, every) as sets of strings: articles.search.vector_literal's arguments."""
        return tuple({self.lexicon.words[number] for number in numbers} for numbers in (self.head, self.every))


class Language:
    """One language's sentence pool and the way its text is punctuated."""

    def __init__(self, code, rng, pool_size=SENTENCE_POOL):
        self.code = code
        ranked = vocabulary(code)
        weights = zipf_weights(len(ranked))
        self.comma = "،" if code == "ar" else ","
        self.sentences = [self._sentence(ranked, weights, rng) for _ in range(pool_size)]
        # The search lexemes of each pooled sentence, computed once: an article's vector is the
        # union of its sentences' (articles.search.text_lexemes gives the same for its text). A
        # headline's words are a pooled sentence's: its lexemes are in the lexicon too.
        lexemes = {text: text_lexemes(text, code) for text, _count in self.sentences}
        self.lexicon = Lexicon(set().union(*lexemes.values()))
        self.lexemes = {text: self.lexicon.numbers(words) for text, words in lexemes.items()}
        self.paragraphs = self._paragraph_pool(rng)
        self.headlines = {}
        self.word_lexemes = _WordLexemes(self.lexicon, code)

    def _paragraph_pool(self, rng):
        """The sentence pool cut into paragraphs, each (html, words, lexemes) made once.

        A body of ~15 pooled paragraphs costs a quarter of the unions and joins of ~60 sentences.
        Every sentence is in one paragraph and paragraphs are drawn as evenly as sentences were:
        a word is in as many articles as before, and rare words stay rare; ~2,500 paragraphs,
        ~15 in an article, make every body a different mix.
        """
        pool, start = [], 0
        while start < len(self.sentences):
            chosen = [text for text, _count in self.sentences[start : start + rng.randint(*PARAGRAPH_SENTENCES)]]
            start += len(chosen)
            words = sum(len(text.split()) for text in chosen)
            pool.append((self._paragraphs(rng, chosen), words, frozenset().union(*map(self.lexemes.get, chosen))))
        return pool

    def _sentence(self, ranked, weights, rng):
        chosen = rng.choices(ranked, cum_weights=weights, k=rng.randint(*SENTENCE_WORDS))
        if len(chosen) > 10 and rng.random() < 0.5:
            chosen[len(chosen) // 2] += self.comma
        if self.code == "en":
            chosen[0] = chosen[0].capitalize()
        return " ".join(chosen) + ".", len(chosen)

    def headline(self, rng):
        """(text, lexemes): the first 5-11 words of a pooled sentence, its punctuation removed."""
        key = (rng.randrange(len(self.sentences)), rng.randint(5, 11))
        if key not in self.headlines:
            words = self.sentences[key[0]][0].rstrip(".").replace(self.comma, "").split()[: key[1]]
            # A text's lexemes are its words' (text_lexemes reads it word by word): a new headline
            # costs a few lookups, not the ~30 µs of reading it again (nearly every one is new).
            self.headlines[key] = (" ".join(words), frozenset().union(*map(self.word_lexemes.__getitem__, words)))
        return self.headlines[key]

    def standfirst(self, rng):
        return rng.choice(self.sentences)[0]

    def body(self, rng):
        """(html, words, lexemes): pooled <p> paragraphs, then pooled sentences up to BODY_WORDS words."""
        target = rng.randint(BODY_WORDS[0] + SENTENCE_WORDS[1], BODY_WORDS[1])
        parts, sets, total = [], [], 0
        # Drawn in bulk (one call, not one per paragraph): ~15 paragraphs make an article.
        for html, count, lexemes in rng.choices(self.paragraphs, k=8 * (1 + target // 600)):
            if total + count > target:
                break
            parts.append(html)
            sets.append(lexemes)
            total += count
        # The rest, short of a whole paragraph, in sentences: every body ends within a sentence of its target.
        chosen = []
        while True:
            for text, count in rng.choices(self.sentences, k=8):
                if total + count > target:
                    if chosen:
                        parts.append(self._paragraphs(rng, chosen))
                    return "\n".join(parts), total, set().union(*sets, *map(self.lexemes.get, chosen))
                chosen.append(text)
                total += count

    def vector(self, headline, standfirst, body_lexemes):
        """The Lexemes of a headline (as headline() returns it), a pooled standfirst and a body's
        lexemes (body()'s set, to which the head's are added: a copy of ~700 numbers fewer)."""
        head = headline[1] | self.lexemes[standfirst]
        body_lexemes |= head
        return Lexemes(head, body_lexemes, self.lexicon)

    @staticmethod
    def _paragraphs(rng, sentences):
        paragraphs, start = [], 0
        while start < len(sentences):
            size = rng.randint(*PARAGRAPH_SENTENCES)
            paragraphs.append("<p>" + " ".join(sentences[start : start + size]) + "</p>")
            start += size
        return "\n".join(paragraphs)


def pick_distinct(rng, items, cum_weights, count):
    """Up to `count` distinct items drawn with the given cumulative weights (Zipf-like)."""
    total = cum_weights[-1]
    chosen = {}
    for _ in range(count * 2):
        item = items[bisect(cum_weights, rng.random() * total)]
        chosen[item] = None
        if len(chosen) == count:
            break
    return list(chosen)
