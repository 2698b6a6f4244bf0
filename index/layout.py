"""The layout of an index folder: where a build lives and what it holds.

Both sides need it: the builder (:mod:`index.build`) writes this layout and
the reader (:mod:`index.reader`) opens it, so neither imports the other::

    CURRENT                 name of the live build (replaced atomically)
    build-<stamp>-<time>/   one complete build
        glossary.json       the assembled glossary (terms, paragraphs, cross-references)
        folded.json         each paragraph's folded text, in index document order
        grams.pickle        each character and bigram → the paragraphs that hold it (index/grams.py)
        term_keys.json      every way a user may type a term (see index/keys.py)
        stamp.json          what it was built from
        *.toc, *.seg        the Whoosh index "words" (jieba words, for BM25)
    .lock                   held while building, so two builders never race
"""

from __future__ import annotations

import json
import os
from pathlib import Path

CURRENT = "CURRENT"
GLOSSARY_FILE = "glossary.json"
FOLDED_FILE = "folded.json"
GRAMS_FILE = "grams.pickle"
KEYS_FILE = "term_keys.json"
STAMP_FILE = "stamp.json"
LOCK_FILE = ".lock"


def default_index_dir() -> Path:
    """``GLOSSARY_INDEX_DIR``, else ``var/index`` under the current folder."""
    return Path(os.environ.get("GLOSSARY_INDEX_DIR") or Path.cwd() / "var" / "index")


def current_build(index_dir: Path) -> Path | None:
    """The live build folder, or None when nothing was built yet."""
    try:
        name = (index_dir / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    path = index_dir / name
    return path if (path / STAMP_FILE).is_file() else None


def read_stamp(build_dir: Path) -> dict:
    """What a build records about itself: its stamp, when it was built, its counts and sources."""
    return json.loads((build_dir / STAMP_FILE).read_text(encoding="utf-8"))


def read_json(build_dir: Path, name: str):
    """One of the JSON files of a build."""
    return json.loads((build_dir / name).read_text(encoding="utf-8"))
