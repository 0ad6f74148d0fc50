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


class Language:
    """One language's sentence pool and the way its text is punctuated."""

    def __init__(self, code, rng, pool_size=SENTENCE_POOL):
        self.code = code
        ranked = vocabulary(code)
        weights = zipf_weights(len(ranked))
        self.comma = "،" if code == "ar" else ","
        self.sentences = [self._sentence(ranked, weights, rng) for _ in range(pool_size)]
        # The search lexemes of each pooled sentence, computed once: an article's vector is the
        # union of its sentences' (articles.search.text_lexemes gives the same for its text).
        self.lexemes = {text: frozenset(text_lexemes(text, code)) for text, _count in self.sentences}

    def _sentence(self, ranked, weights, rng):
        chosen = rng.choices(ranked, cum_weights=weights, k=rng.randint(*SENTENCE_WORDS))
        if len(chosen) > 10 and rng.random() < 0.5:
            chosen[len(chosen) // 2] += self.comma
        if self.code == "en":
            chosen[0] = chosen[0].capitalize()
        return " ".join(chosen) + ".", len(chosen)

    def headline(self, rng):
        text, _count = rng.choice(self.sentences)
        return " ".join(text.rstrip(".").replace(self.comma, "").split()[: rng.randint(5, 11)])

    def standfirst(self, rng):
        return rng.choice(self.sentences)[0]

    def body(self, rng):
        """(html, words, lexemes): <p> paragraphs of pooled sentences, BODY_WORDS words in all."""
        target = rng.randint(BODY_WORDS[0] + SENTENCE_WORDS[1], BODY_WORDS[1])
        chosen, total = [], 0
        while True:
            # Drawn in bulk (one call, not one per sentence): ~60 sentences make an article.
            for text, count in rng.choices(self.sentences, k=32):
                if total + count > target:
                    lexemes = set().union(*(self.lexemes[sentence] for sentence in chosen))
                    return self._paragraphs(rng, chosen), total, lexemes
                chosen.append(text)
                total += count

    def head_lexemes(self, headline, standfirst):
        """The lexemes of a headline (a pooled sentence's first words) and a pooled standfirst."""
        return text_lexemes(headline, self.code) | self.lexemes[standfirst]

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
