"""Build the index into a fresh folder and swap it in atomically.

The layout of the index folder is described in :mod:`index.layout`.

A build records a stamp: a hash of the seeds, the glossary data and the code of
``glossary/`` and ``index/``. When the stamp of the sources differs, the index
is stale and is rebuilt. Readers only ever see complete builds.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

import glossary
from glossary.build import Glossary, assemble, read_sources
from glossary.corpus import default_seeds_dir
from glossary.terms import Term, default_data_dir
from glossary.text import fold_text, has_han, normalize
from index.grams import write_grams
from index.keys import term_keys
from index.layout import (
    CURRENT,
    FOLDED_FILE,
    GLOSSARY_FILE,
    GRAMS_FILE,
    KEYS_FILE,
    LOCK_FILE,
    STAMP_FILE,
    current_build,
    default_index_dir,
    read_stamp,
)
from index.words import words_beside


def _files(folder: Path, pattern: str) -> list[Path]:
    return sorted(p for p in folder.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts)


def source_stamp(seeds_dir: Path | None = None, data_dir: Path | None = None) -> str:
    """Hash of everything a build depends on: data, code and library versions."""
    seeds_dir = seeds_dir or default_seeds_dir()
    data_dir = data_dir or default_data_dir()
    digest = hashlib.sha256()
    code = [Path(glossary.__file__).parent, Path(__file__).parent]
    inputs = _files(seeds_dir, "*") + _files(data_dir, "*.toml")
    inputs += [p for folder in code for p in _files(folder, "*.py")]
    for path in inputs:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    for package in ("whoosh-reloaded", "jieba"):
        digest.update(f"{package}={version(package)}".encode())
    return digest.hexdigest()


def _recorded_sources(build: Path) -> dict:
    """The seeds and data folders a build was made from, when they still exist here."""
    recorded = read_stamp(build).get("sources", {})
    return {key: Path(value) for key, value in recorded.items() if Path(value).is_dir()}


def is_stale(index_dir: Path, seeds_dir: Path | None = None, data_dir: Path | None = None) -> bool:
    """True when there is no build or its sources changed since.

    Without explicit folders, the build is compared with the folders it was
    made from (falling back to the shipped ones on another machine).
    """
    build = current_build(index_dir)
    if build is None:
        return True
    recorded = _recorded_sources(build)
    seeds_dir = seeds_dir or recorded.get("seeds_dir")
    data_dir = data_dir or recorded.get("data_dir")
    return read_stamp(build)["stamp"] != source_stamp(seeds_dir, data_dir)


@contextmanager
def _build_lock(index_dir: Path):
    index_dir.mkdir(parents=True, exist_ok=True)
    with open(index_dir / LOCK_FILE, "w") as lock:
        # A POSIX record lock (lockf), not flock: it belongs to this process alone, so the word-index
        # process forked by _beside does not share it, and a build killed half-way never leaves the
        # lock held by an orphan (the next build would wait for ever).
        fcntl.lockf(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.lockf(lock, fcntl.LOCK_UN)


@dataclass(frozen=True)
class BuildReport:
    """What a build produced, for the CLI to print."""

    path: Path
    stamp: str
    glossary: Glossary
    seconds: float
    rebuilt: bool


def _user_words(terms: list[Term]) -> tuple[str, ...]:
    """Surface forms given to jieba as a user dictionary, folded like the indexed text."""
    forms = {fold_text(form) for term in terms for form in term.surface_forms}
    return tuple(sorted(form for form in forms if has_han(form) and len(form) > 1))


def _write_json(path: Path, data) -> None:
    """``data`` as JSON, written as it is encoded (a large corpus's glossary is tens of MB of text)."""
    with open(path, "w", encoding="utf-8") as out:
        json.dump(data, out, ensure_ascii=False)


def build_index(index_dir: Path | None = None, *, seeds_dir: Path | None = None,
                data_dir: Path | None = None, force: bool = True) -> BuildReport:
    """Build into a fresh folder, then point CURRENT at it. With ``force=False``, only when stale."""
    index_dir = Path(index_dir or default_index_dir())
    started = time.perf_counter()
    with _build_lock(index_dir):
        stamp = source_stamp(seeds_dir, data_dir)
        live = current_build(index_dir)
        if not force and live is not None and read_stamp(live)["stamp"] == stamp:
            assembled = Glossary.from_dict(json.loads((live / GLOSSARY_FILE).read_text(encoding="utf-8")))
            return BuildReport(live, stamp, assembled, time.perf_counter() - started, rebuilt=False)
        sources = read_sources(seeds_dir, data_dir)
        build_dir = index_dir / f"build-{stamp[:12]}-{time.time_ns()}"
        build_dir.mkdir()
        normalized = [(p.id, normalize(p.text)) for p in sources.paragraphs]
        try:
            # The word index (jieba, the longest task; see index/words.py) starts as soon as the
            # paragraphs are read; the cross-referencing and everything else happen meanwhile.
            with words_beside(build_dir, normalized, _user_words(sources.terms)):
                assembled = assemble(sources)
                folded = [(p.id, fold_text(p.text)) for p in assembled.paragraphs]
                write_grams(build_dir / GRAMS_FILE, [text for _, text in folded])
                _write_json(build_dir / FOLDED_FILE, [text for _, text in folded])
                _write_json(build_dir / KEYS_FILE, term_keys(assembled.terms))
                # While the word index is still being written on the other core.
                _write_json(build_dir / GLOSSARY_FILE, assembled.to_dict())
            (build_dir / STAMP_FILE).write_text(json.dumps({
                "stamp": stamp,
                "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                "terms": len(assembled.terms),
                "paragraphs": len(assembled.paragraphs),
                "sources": {"seeds_dir": str((seeds_dir or default_seeds_dir()).resolve()),
                            "data_dir": str((data_dir or default_data_dir()).resolve())},
            }), encoding="utf-8")
        except BaseException:
            shutil.rmtree(build_dir, ignore_errors=True)
            raise
        pointer = index_dir / f"{CURRENT}.tmp"
        pointer.write_text(build_dir.name, encoding="utf-8")
        os.replace(pointer, index_dir / CURRENT)  # the atomic swap
        # The previous build stays for readers that still hold it; older ones go.
        _remove_old_builds(index_dir, keep={build_dir.name, live.name if live else ""})
        return BuildReport(build_dir, stamp, assembled, time.perf_counter() - started, rebuilt=True)


def _remove_old_builds(index_dir: Path, keep: set[str]) -> None:
    for path in index_dir.glob("build-*"):
        if path.is_dir() and path.name not in keep:
            shutil.rmtree(path, ignore_errors=True)


def ensure_index(index_dir: Path | None = None, seeds_dir: Path | None = None,
                 data_dir: Path | None = None) -> BuildReport | None:
    """Build when missing or stale; return None when the live build is current."""
    index_dir = Path(index_dir or default_index_dir())
    if not is_stale(index_dir, seeds_dir, data_dir):
        return None
    build = current_build(index_dir)
    recorded = _recorded_sources(build) if build else {}
    return build_index(index_dir, force=False, seeds_dir=seeds_dir or recorded.get("seeds_dir"),
                       data_dir=data_dir or recorded.get("data_dir"))
