"""Finding a rendering in an English translation, tolerant of the ways a correct one varies.

Both the rendering and the translation are cut into word tokens with their
character spans. A token is compared by its set of *forms*: the word folded to
lower case, British spellings of a few words mapped to the American ones the
glossary uses, and every lemma lemminflect knows for it (``forging`` →
``forge``, ``programs`` → ``program``, ``countries`` → ``country``). Two
tokens match when their forms meet. So case, plural, possessive (``China's``),
hyphen or space (``Three-North`` / ``Three North``) and inflection do not
matter. Articles (a, an, the) are skipped on both sides.

lemminflect ships its word lists inside the wheel: nothing is downloaded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

ARTICLES = frozenset({"a", "an", "the"})
# Words written with letters, digits and inner apostrophes; hyphens, dashes and slashes split words.
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_POSSESSIVE = re.compile(r"['’]s$|(?<=s)['’]$")
BRITISH = {"programme": "program", "programmes": "programs", "centre": "center", "centres": "centers",
           "labour": "labor", "defence": "defense"}


@dataclass(frozen=True)
class Token:
    """A word of a text, its span ``[start, end)`` in the text, and the forms it matches by."""

    start: int
    end: int
    forms: frozenset[str]
    word: str = ""  # as written, folded (lower case, no possessive, American spelling)


def fold_word(word: str) -> str:
    """The word in lower case, without a possessive, in the American spelling the glossary uses."""
    word = _POSSESSIVE.sub("", word.lower().replace("’", "'"))
    return BRITISH.get(word, word).replace("isation", "ization")


@lru_cache(maxsize=65536)
def word_forms(word: str) -> frozenset[str]:
    """The folded word and every lemma of it."""
    from lemminflect import getAllLemmas  # imported on first use: its word lists take ~50 MB

    word = _POSSESSIVE.sub("", word.lower().replace("’", "'"))
    word = BRITISH.get(word, word)
    forms = {word}
    word_ = word.replace("isation", "ization")
    forms.add(word_)
    for lemmas in getAllLemmas(word_).values():
        forms.update(lemma.lower() for lemma in lemmas)
    if len(word_) > 3 and word_.endswith("s") and not word_.endswith("ss"):
        forms.add(word_[:-1])  # plurals of words lemminflect does not know (Mengkejus)
    return frozenset(forms)


def tokens(text: str) -> list[Token]:
    """The words of ``text`` other than articles, in order."""
    out = []
    for match in _WORD.finditer(text):
        word = match.group()
        if word.lower() in ARTICLES:
            continue
        out.append(Token(match.start(), match.end(), word_forms(word), fold_word(word)))
    return out


@dataclass(frozen=True)
class Pattern:
    """A rendering, ready to be found in translations."""

    text: str
    words: tuple[frozenset[str], ...]
    exact: tuple[str, ...] = ()  # the folded words, for telling apart renderings that differ by inflection

    @classmethod
    def of(cls, text: str) -> Pattern:
        found = tokens(text)
        return cls(text, tuple(t.forms for t in found), tuple(t.word for t in found))

    def is_exact(self, target: list[Token], place: tuple[int, int]) -> bool:
        """True when the place has the rendering's very words (not only their lemmas)."""
        return tuple(t.word for t in target[place[0]:place[1]]) == self.exact

    def find(self, target: list[Token]) -> list[tuple[int, int]]:
        """Every place the rendering occurs in a tokenised text, as ``(first token, last token + 1)``."""
        size = len(self.words)
        if not size:
            return []
        found = []
        for start in range(len(target) - size + 1):
            if all(not target[start + k].forms.isdisjoint(self.words[k]) for k in range(size)):
                found.append((start, start + size))
        return found


def char_span(target: list[Token], place: tuple[int, int]) -> tuple[int, int]:
    """The characters a token range covers."""
    return target[place[0]].start, target[place[1] - 1].end
