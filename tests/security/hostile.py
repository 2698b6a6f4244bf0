"""Hostile text for property tests: every kind of character that has broken text handling somewhere.

Not a test module: the hypothesis strategies the tests of this folder share.
They import it as ``hostile``: pytest puts a test folder without
``__init__.py`` on sys.path (its default "prepend" import mode).
"""

from __future__ import annotations

from hypothesis import strategies as st

# Pieces that matter to a text pipeline: controls and NUL, BOM, zero-width and bidi marks (RLO, RLM),
# emoji (astral, with a ZWJ sequence and a variation selector), combining marks, full-width and
# ideographic space, line and paragraph separators, HTML, and glossary words (so matches happen too).
PIECES = ("\x00", "\x07", "\x1b[31m", "\x7f", "\x85", "\ufeff", "\u200b", "\u200d", "\u200e", "\u200f",
          "\u202e", "\u2066", "\u2028", "\u2029", "\r\n", "\r", "\t", "\u3000", "😀", "👩‍👩‍👧", "☺️",
          "e\u0301", "ﬁ", "ß", "İ", "Ａ", "“", "”", "<script>alert(1)</script>", "&amp;", "]]>",
          "三北", "工程", "“三北”工程", "五个大起底", "高质量发展", "Three-North", "一、", "（一）",
          "各位代表：", "附件", "\n\n")

# Any code point but surrogates (text that can arrive as UTF-8), mixed with the pieces above.
CHARACTERS = st.characters(exclude_categories=("Cs",))
TEXT = st.one_of(
    st.text(CHARACTERS, max_size=200),
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(CHARACTERS, max_size=8)), max_size=30).map("".join),
)
# Lone surrogates reach the Python layer through JSON escapes ("\ud800"); only where that can happen.
WITH_SURROGATES = st.one_of(TEXT, st.lists(st.one_of(TEXT, st.characters(categories=("Cs",))), min_size=1,
                                           max_size=6).map("".join))
# 100 000 characters: a long paste, repeated glossary words or plain noise.
LONG = st.sampled_from([("三北工程高质量发展" * 12_000)[:100_000], "a" * 100_000, "\u202e😀" * 50_000,
                        ("一、" + "各位代表：" * 20_000)[:100_000]])
ANY = st.one_of(TEXT, LONG)
