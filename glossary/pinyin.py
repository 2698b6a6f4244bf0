"""Pinyin helpers: normalise a pinyin spelling so that tones, spaces and case do not matter."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_NOT_LETTER = re.compile(r"[^a-z]")


def plain_pinyin(text: str) -> str:
    """``Sānběi Gōngchéng`` / ``san1 bei3`` / ``SanBei`` → ``sanbei...``: letters only, no tones."""
    # ü is written v, as pypinyin and pinyin keyboards do; decompose first so
    # that ǜ (ü with a tone mark) is caught too.
    decomposed = unicodedata.normalize("NFD", text).replace("u\u0308", "v").replace("U\u0308", "v")
    without_marks = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NOT_LETTER.sub("", without_marks.lower())


def han_pinyin(text: str) -> list[list[str]]:
    """Possible toneless readings of each Chinese character of ``text`` (pypinyin, heteronyms on)."""
    from pypinyin import Style, pinyin  # imported lazily: it loads large dictionaries

    from glossary.text import han_only

    return [readings for readings in pinyin(han_only(text), style=Style.NORMAL, heteronym=True)]


def syllable_initials(text: str) -> str:
    """Initial letter of each character's most common reading: 三北工程 → ``sbgc``."""
    return "".join(readings[0][:1] for readings in han_pinyin(text) if readings)


def matches_headword(pinyin_text: str, headword: str) -> bool:
    """True when ``pinyin_text`` spells the Chinese characters of ``headword``, any heteronym allowed."""
    target = plain_pinyin(pinyin_text)
    readings = han_pinyin(headword)
    # Dynamic programming over the characters: which prefixes of the target can be spelled.
    reachable = {0}
    for options in readings:
        reachable = {
            position + len(reading)
            for position in reachable
            for reading in {plain_pinyin(r) for r in options}
            if target.startswith(reading, position)
        }
        if not reachable:
            return False
    return len(target) in reachable


# --- syllable-by-syllable comparison with pypinyin's phrase-aware reading -------------------

_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def _toned_letters(text: str) -> str:
    """Lower-case letters of ``text`` with their tone marks, one code point per letter (NFC)."""
    composed = unicodedata.normalize("NFC", text.lower())
    return "".join(c for c in composed if plain_pinyin(c))


def reference_readings(headword: str) -> list[tuple[str, str]]:
    """``(character, reading)`` for each Chinese character of ``headword``, as pypinyin reads it.

    pypinyin's phrase dictionary decides heteronyms from context (为 in 变A为B,
    载 in 千年万载 …); each run of Chinese characters between punctuation and
    figures is read as one phrase, so 一 and 不 keep their dictionary tones.
    """
    from pypinyin import Style, pinyin  # imported lazily: it loads large dictionaries

    pairs: list[tuple[str, str]] = []
    for run in _HAN_RUN.findall(headword):
        readings = pinyin(run, style=Style.TONE, heteronym=False)
        pairs.extend(zip(run, (r[0] for r in readings), strict=True))
    return pairs


def split_syllables(pinyin_text: str, headword: str) -> list[str] | None:
    """Cut ``pinyin_text`` into one tone-marked syllable per Chinese character of ``headword``.

    Any heteronym is allowed for the cut; where several cuts are possible the one
    closest to pypinyin's reading wins. None when the pinyin does not spell the headword.
    """
    toned = _toned_letters(pinyin_text)
    plain = "".join(plain_pinyin(c) for c in toned)
    options = han_pinyin(headword)
    preferred = [plain_pinyin(reading) for _, reading in reference_readings(headword)]
    # best[i][p]: a cut of characters i.. that starts at letter p (memoised depth-first search).
    memo: dict[tuple[int, int], list[str] | None] = {}

    def cut(i: int, p: int) -> list[str] | None:
        if i == len(options):
            return [] if p == len(plain) else None
        if (i, p) in memo:
            return memo[(i, p)]
        found = None
        readings = {plain_pinyin(r) for r in options[i]}
        ordered = sorted(readings, key=lambda r: (r != preferred[i], r))
        for reading in ordered:
            if reading and plain.startswith(reading, p):
                rest = cut(i + 1, p + len(reading))
                if rest is not None:
                    found = [toned[p:p + len(reading)], *rest]
                    break
        memo[(i, p)] = found
        return found

    return cut(0, 0)


@dataclass(frozen=True)
class SyllableDifference:
    """One character whose reading in an entry differs from pypinyin's."""

    term_id: str
    position: int
    character: str
    ours: str
    pypinyin: str

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.term_id, self.character, self.ours, self.pypinyin)


def syllable_differences(term_id: str, pinyin_text: str, headword: str) -> list[SyllableDifference]:
    """Every syllable of ``pinyin_text`` that differs (letters or tone) from pypinyin's reading.

    Case, spaces, hyphens and apostrophes are ignored: word division and capitals are
    house style (docs/STYLE-GUIDE.md §8), not readings. Raises ValueError when the
    pinyin does not spell the headword at all.
    """
    ours = split_syllables(pinyin_text, headword)
    if ours is None:
        raise ValueError(f"{term_id}: pinyin {pinyin_text!r} does not spell {headword}")
    return [
        SyllableDifference(term_id, position, character, mine, unicodedata.normalize("NFC", theirs))
        for position, ((character, theirs), mine) in enumerate(zip(reference_readings(headword), ours, strict=True))
        if mine != unicodedata.normalize("NFC", theirs)
    ]


@dataclass(frozen=True)
class ReviewedReading:
    """A syllable that differs from pypinyin and was checked by hand (glossary/data/pinyin-reviewed.toml)."""

    term_id: str
    character: str
    ours: str
    pypinyin: str
    reason: str

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.term_id, self.character, self.ours, self.pypinyin)


def load_reviewed(path) -> list[ReviewedReading]:
    """The hand-reviewed pinyin differences, each with the reason our reading is right."""
    import tomllib

    with open(path, "rb") as handle:
        data = tomllib.load(handle)
    reviewed = []
    for position, raw in enumerate(data.get("reviewed", []), start=1):
        missing = {"term", "character", "ours", "pypinyin", "reason"} - set(raw)
        if missing:
            raise ValueError(f"reviewed #{position}: missing {', '.join(sorted(missing))}")
        reviewed.append(ReviewedReading(raw["term"], raw["character"],
                                        unicodedata.normalize("NFC", raw["ours"]),
                                        unicodedata.normalize("NFC", raw["pypinyin"]), raw["reason"].strip()))
    return reviewed
