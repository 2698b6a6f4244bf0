"""Search over a built index: terms first, then paragraphs, with highlights.

The user's text is never parsed as query syntax: queries are assembled from
Whoosh query objects, so quotes, ``*``, ``AND``, ``:`` and brackets are plain
characters. A search returns the shape shared by the CLI and the web API::

    {"query": str,
     "terms": [{"id", "zh", "en", "pinyin", "category", "definition", "match", ...}],
     "paragraphs": {"total": int, "offset": int, "limit": int,
                    "items": [{"id", "label", "text", "html", "match", ...}]}}

Paragraphs that contain the whole query (whitespace and quotes ignored) rank
above those that match only some of its words.
"""

from __future__ import annotations

import bisect
import html
import json
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from whoosh.index import open_dir
from whoosh.query import Or, Term

from glossary.build import Glossary
from glossary.pinyin import plain_pinyin
from glossary.report import Paragraph
from glossary.terms import Term as GlossaryTerm
from glossary.text import fold, fold_text, has_han, merge_spans, normalize
from index import schema
from index.analysis import char_grams, segment_by_vocabulary
from index.build import FOLDED_FILE, GLOSSARY_FILE, current_build, read_stamp
from index.keys import ALIAS, ENGLISH, INITIALS, KEYS_FILE, PINYIN

MAX_QUERY_CHARS = 200
MAX_LIMIT = 100
MAX_OFFSET = 10_000
MAX_TERMS = 10
CACHE_SIZE = 2048

# Term matches, best first.
EXACT, PART_OF_HEADWORD, ENGLISH_MATCH, IN_DEFINITION = range(4)
_MATCH_NAMES = {EXACT: "exact", PART_OF_HEADWORD: "partial", ENGLISH_MATCH: "english",
                IN_DEFINITION: "definition"}


class QueryError(ValueError):
    """The query or a paging parameter is unusable; the message says why and names the limit."""


class IndexMissing(RuntimeError):
    """No build in the index folder."""


def to_simplified(text: str) -> str:
    """Traditional → Simplified Chinese (OpenCC t2s); identity for other text."""
    return _opencc().convert(text) if has_han(text) else text


@lru_cache(maxsize=1)
def _opencc():
    import opencc

    return opencc.OpenCC("t2s")


def check_paging(limit: int, offset: int) -> None:
    """Reject limits and offsets outside the allowed range, naming it."""
    if not 0 <= limit <= MAX_LIMIT:
        raise QueryError(f"limit must be between 0 and {MAX_LIMIT}, got {limit}")
    if not 0 <= offset <= MAX_OFFSET:
        raise QueryError(f"offset must be between 0 and {MAX_OFFSET}, got {offset}")


def clean_query(query: str) -> str:
    """The query trimmed and checked: not empty, not over-long, something searchable in it."""
    if not isinstance(query, str):
        raise QueryError("query must be text")
    query = query.strip()
    if not query:
        raise QueryError("query is empty")
    if len(query) > MAX_QUERY_CHARS:
        raise QueryError(f"query is {len(query)} characters long; the limit is {MAX_QUERY_CHARS}")
    if not fold_text(query):
        raise QueryError("query has nothing to search for (only spaces or quotation marks)")
    return query


def highlight(text: str, spans: list[tuple[int, int]]) -> str:
    """HTML-escaped ``text`` with each span wrapped in ``<mark>``."""
    out, position = [], 0
    for start, end in merge_spans(spans):
        out.append(html.escape(text[position:start]))
        out.append(f"<mark>{html.escape(text[start:end])}</mark>")
        position = end
    out.append(html.escape(text[position:]))
    return "".join(out)


@dataclass(frozen=True)
class _KeyIndex:
    """Sorted term keys for exact and prefix lookups."""

    keys: list[str]
    rows: list[tuple[str, str, str]]  # (key, term id, kind), sorted by key

    @classmethod
    def from_rows(cls, rows: list[list[str]]) -> _KeyIndex:
        ordered = sorted((key, term_id, kind) for key, term_id, kind in rows)
        return cls([row[0] for row in ordered], ordered)

    def exact(self, key: str) -> list[tuple[str, str, str]]:
        start = bisect.bisect_left(self.keys, key)
        end = bisect.bisect_right(self.keys, key)
        return self.rows[start:end]

    def prefixed(self, prefix: str, limit: int = 200) -> list[tuple[str, str, str]]:
        start = bisect.bisect_left(self.keys, prefix)
        found = []
        for row in self.rows[start:]:
            if not row[0].startswith(prefix) or len(found) >= limit:
                break
            found.append(row)
        return found


class SearchIndex:
    """One opened build: the glossary and the Whoosh indexes, shared by all threads.

    Whoosh searchers are not thread-safe, so each thread gets its own searcher
    (a request runs on one thread). The build never changes once written, so
    searchers and results can be reused for the life of this object.
    """

    def __init__(self, build_dir: Path) -> None:
        self.path = build_dir
        self.stamp = read_stamp(build_dir)
        self.glossary = Glossary.from_dict(json.loads((build_dir / GLOSSARY_FILE).read_text(encoding="utf-8")))
        self._keys = _KeyIndex.from_rows(json.loads((build_dir / KEYS_FILE).read_text(encoding="utf-8")))
        self._indexes = {name: open_dir(str(build_dir), indexname=name, readonly=True)
                         for name in (schema.LITERAL, schema.WORDS, schema.TERMS)}
        self._local = threading.local()
        # Document numbers of both paragraph indexes are positions in
        # glossary.paragraphs (one writer each, same order); check it holds.
        for name in (schema.LITERAL, schema.WORDS):
            if self._indexes[name].doc_count_all() != len(self.glossary.paragraphs):
                raise IndexMissing(f"the {name} index of {build_dir} does not match its glossary; rebuild it")
        self._folded: dict[str, tuple[str, tuple[int, ...]]] = {}
        self._folded_texts: list[str] = json.loads((build_dir / FOLDED_FILE).read_text(encoding="utf-8"))
        self._vocabulary: frozenset[str] | None = None
        # Folded surface forms and Chinese definition of each term, for substring matching.
        self._term_texts = [
            (term.id, [fold_text(form) for form in term.surface_forms], fold_text(term.definition_zh.text))
            for term in self.glossary.terms
        ]
        self._longest_word = 1
        self.search = lru_cache(maxsize=CACHE_SIZE)(self._search)
        self.suggest = lru_cache(maxsize=CACHE_SIZE)(self._suggest)

    @classmethod
    def open(cls, index_dir: Path) -> SearchIndex:
        """Open the live build of ``index_dir``."""
        build = current_build(Path(index_dir))
        if build is None:
            raise IndexMissing(f"no index in {index_dir}; run `glossary build` first")
        return cls(build)

    def close(self) -> None:
        for ix in self._indexes.values():
            ix.close()

    def _searcher(self, name: str):
        searchers = getattr(self._local, "searchers", None)
        if searchers is None:
            searchers = self._local.searchers = {}
        if name not in searchers:
            searchers[name] = self._indexes[name].searcher()
        return searchers[name]

    def _fold(self, paragraph: Paragraph):
        # Folding is cheap but not free; each paragraph is folded once, on first need.
        cached = self._folded.get(paragraph.id)
        if cached is None:
            folded = fold(paragraph.text)
            cached = self._folded[paragraph.id] = (folded.text, folded.offsets)
        return cached

    # -- terms ---------------------------------------------------------------

    def _rank_terms(self, variants: list[str], query: str) -> list[tuple[int, GlossaryTerm, str]]:
        best: dict[str, tuple[int, float, str]] = {}

        def offer(term_id: str, tier: int, order: float, how: str) -> None:
            if term_id not in best or (tier, order) < best[term_id][:2]:
                best[term_id] = (tier, order, how)

        pinyin = plain_pinyin(query) if not has_han(query) else ""
        for variant in variants:
            for _, term_id, kind in self._keys.exact(variant):
                offer(term_id, EXACT, 0, kind)
            min_len = 2 if has_han(variant) else 3
            if len(variant) >= min_len:
                for term_id, forms, definition in self._term_texts:
                    for folded in forms:
                        if variant in folded:
                            offer(term_id, PART_OF_HEADWORD, len(folded) - len(variant), ALIAS)
                    if has_han(variant) and variant in definition:
                        offer(term_id, IN_DEFINITION, 0, "definition")
        if len(pinyin) >= 2:
            for _, term_id, kind in self._keys.exact(pinyin):
                if kind in (PINYIN, INITIALS):
                    offer(term_id, EXACT, 0 if kind == PINYIN else 1, kind)
            if len(pinyin) >= 3:
                for key, term_id, kind in self._keys.prefixed(pinyin):
                    if kind == PINYIN:
                        offer(term_id, PART_OF_HEADWORD, len(key) - len(pinyin), PINYIN)
        if any(c.isascii() and c.isalpha() for c in query):
            for rank, (term_id, in_rendering) in enumerate(self._english(query)):
                offer(term_id, ENGLISH_MATCH if in_rendering else IN_DEFINITION, rank, ENGLISH)
        ranked = sorted(best.items(), key=lambda item: (item[1][0], item[1][1]))
        return [(tier, self.glossary.term_by_id[term_id], how) for term_id, (tier, _, how) in ranked]

    def _english(self, query: str) -> list[tuple[str, bool]]:
        """Terms whose English renderings or definitions share stemmed words with the query."""
        ix = self._indexes[schema.TERMS]
        words = {token.text for token in ix.schema["renderings"].analyzer(query, mode="query")}
        if not words:
            return []
        searcher = self._searcher(schema.TERMS)
        rendering_query = Or([Term("renderings", w) for w in words])
        either = Or([rendering_query, Or([Term("definition", w) for w in words])])
        in_rendering = {hit["id"] for hit in searcher.search(rendering_query, limit=None)}
        return [(hit["id"], hit["id"] in in_rendering) for hit in searcher.search(either, limit=MAX_TERMS * 3)]

    def _term_summary(self, tier: int, term: GlossaryTerm, how: str) -> dict:
        return {**self.glossary.term_summary(term), "match": _MATCH_NAMES[tier], "matched_by": how}

    # -- paragraphs ----------------------------------------------------------

    def _literal_docnums(self, variant: str) -> list[int]:
        """Documents whose folded text contains ``variant``, most occurrences first.

        Candidates are the documents that hold every bigram of the variant
        (rarest bigram first); a plain substring test on the folded text then
        confirms each one, which is exact and cheaper than Whoosh's position
        check. Document numbers follow the glossary's paragraph order.
        """
        reader = self._searcher(schema.LITERAL).reader()
        if len(variant) == 1:
            grams = list(reader.expand_prefix("bigrams", variant))
            candidates = {d for gram in grams for d in reader.postings("bigrams", gram).all_ids()}
        else:
            grams = sorted(set(char_grams(variant, 2)), key=lambda g: reader.doc_frequency("bigrams", g))
            if not grams or reader.doc_frequency("bigrams", grams[0]) == 0:
                return []
            candidates = set(reader.postings("bigrams", grams[0]).all_ids())
            for gram in grams[1:]:
                if not candidates:
                    break
                candidates.intersection_update(reader.postings("bigrams", gram).all_ids())
        texts = self._folded_texts
        found = [(texts[d].count(variant), d) for d in candidates if variant in texts[d]]
        return [d for _, d in sorted(found, key=lambda hit: (-hit[0], hit[1]))]

    def _query_words(self, variant: str) -> list[str]:
        if self._vocabulary is None:
            reader = self._searcher(schema.WORDS).reader()
            vocabulary = frozenset(term.decode("utf-8") for term in reader.lexicon("words"))
            self._longest_word = max(map(len, vocabulary), default=1)
            self._vocabulary = vocabulary
        return list(dict.fromkeys(segment_by_vocabulary(variant, self._vocabulary, self._longest_word)))

    def _paragraph_hits(self, variants: list[str], phrasings: list[str], wanted: int
                        ) -> tuple[list[int], list[int], int, list[str]]:
        """(literal docnums, partial docnums, partial total, query words), best first.

        ``variants`` are the folded query (and its Simplified form) for literal
        matching; ``phrasings`` the same with spaces kept, to cut into words.
        All literal hits are listed; partial hits only as far as ``wanted``.
        """
        literal: dict[int, None] = {}
        for variant in variants:
            literal.update(dict.fromkeys(self._literal_docnums(variant)))
        words: list[str] = []
        for phrasing in phrasings:
            words += [w for w in self._query_words(phrasing) if w not in words]
        if not words or (len(words) == 1 and words[0] in variants):
            return list(literal), [], 0, words
        results = self._searcher(schema.WORDS).search(
            Or([Term("words", w) for w in words]), limit=max(1, wanted - len(literal)), mask=set(literal))
        return list(literal), [docnum for _, docnum in results.top_n], len(results), words

    def _item(self, paragraph: Paragraph, needles: list[str], literal: bool) -> dict:
        folded_text, offsets = self._fold(paragraph)
        spans = []
        for needle in needles:
            start = folded_text.find(needle)
            while start != -1:
                spans.append((offsets[start], offsets[start + len(needle) - 1] + 1))
                start = folded_text.find(needle, start + len(needle))
        data = paragraph.to_dict()
        data.update(
            html=highlight(paragraph.text, spans),
            match="exact" if literal else "partial",
            terms=[term.id for term in self.glossary.terms_in(paragraph.id)],
        )
        return data

    # -- the public calls (cached per instance; see __init__) ------------------

    def _search(self, query: str, limit: int = 10, offset: int = 0) -> dict:
        """Terms and paragraphs for ``query``; raises QueryError for unusable input."""
        check_paging(limit, offset)
        query = clean_query(query)
        simplified = to_simplified(query)
        variants = list(dict.fromkeys([fold_text(query), fold_text(simplified)]))
        terms = self._rank_terms(variants, query)[:MAX_TERMS]
        literal, partial, partial_total, words = self._paragraph_hits(
            variants, [normalize(query), normalize(simplified)], offset + limit)
        ordered = [(d, True) for d in literal] + [(d, False) for d in partial]
        paragraphs = self.glossary.paragraphs
        items = [
            self._item(paragraphs[docnum], variants if is_literal else words, is_literal)
            for docnum, is_literal in ordered[offset : offset + limit]
        ]
        return {
            "query": query,
            "terms": [self._term_summary(*ranked) for ranked in terms],
            "paragraphs": {"total": len(literal) + partial_total, "exact": len(literal), "offset": offset,
                           "limit": limit, "items": items},
        }

    def _suggest(self, query: str, limit: int = 8) -> list[dict]:
        """Terms whose headword, alias, English rendering or pinyin starts with ``query``."""
        check_paging(limit, 0)
        query = clean_query(query)
        prefixes = list(dict.fromkeys([fold_text(query), fold_text(to_simplified(query))]))
        if not has_han(query) and len(plain_pinyin(query)) >= 1:
            prefixes.append(plain_pinyin(query))
        found: dict[str, tuple[int, int, str, str]] = {}
        for prefix in prefixes:
            for key, term_id, kind in self._keys.prefixed(prefix):
                rank = (0 if key == prefix else 1, len(key))
                if term_id not in found or rank < found[term_id][:2]:
                    found[term_id] = (*rank, kind, key)
        ordered = sorted(found.items(), key=lambda item: item[1][:2])[:limit]
        suggestions = []
        for term_id, (_, _, kind, _) in ordered:
            term = self.glossary.term_by_id[term_id]
            suggestions.append({"id": term.id, "zh": term.zh, "en": term.en, "pinyin": term.pinyin,
                                "matched_by": kind})
        return suggestions
