"""An opened build: the search itself, without caching (see :mod:`index.cache` for that).

:meth:`SearchIndex.search` takes the user's text and returns a
:class:`index.results.SearchResult`:

1. :class:`index.query.Query` checks and prepares the text once;
2. :class:`index.term_finder.TermFinder` finds the terms it names;
3. :class:`index.retrieval.ParagraphFinder` finds the paragraphs that contain
   it, and those that contain some of its words;
4. the paragraphs that use the terms it resolves to come from the glossary's
   cross-references;
5. :mod:`index.ranking` decides every order; only the requested page of
   paragraphs is shaped, with the spans to highlight.

Whoosh searchers are not thread-safe, so each thread gets its own, and
:meth:`SearchIndex.close` closes every one of them with the indexes.
"""

from __future__ import annotations

import threading
from itertools import chain
from pathlib import Path

from whoosh.index import open_dir

from glossary.build import Glossary
from glossary.report import Paragraph
from glossary.text import fold, fold_text, merge_spans
from index import schema
from index.docsets import docset
from index.grams import GramIndex
from index.keys import KeyIndex
from index.layout import FOLDED_FILE, GLOSSARY_FILE, GRAMS_FILE, KEYS_FILE, current_build, read_json, read_stamp
from index.query import Query, check_paging
from index.ranking import MAX_TERMS, order_literal, order_paragraphs, terms_to_follow
from index.results import (
    FollowedTerm,
    ParagraphHit,
    ParagraphMatch,
    ParagraphPage,
    ReportCount,
    SearchResult,
    Suggestion,
    TermHit,
)
from index.retrieval import ParagraphFinder, read_vocabulary
from index.scope import Scope
from index.suggest import Suggester
from index.term_finder import TermFinder

EVERYWHERE = Scope()


class IndexMissing(RuntimeError):
    """No build in the index folder, or one that does not fit together."""


class SearchIndex:
    """One opened build, shared by all threads of a process."""

    def __init__(self, build_dir: Path) -> None:
        self.path = build_dir
        self.stamp = read_stamp(build_dir)
        self.glossary = Glossary.from_dict(read_json(build_dir, GLOSSARY_FILE))
        self._indexes = {schema.WORDS: open_dir(str(build_dir), indexname=schema.WORDS, readonly=True)}
        self._local = threading.local()
        self._searchers: list = []  # every searcher handed out, so close() can close them all
        self._searchers_lock = threading.Lock()
        size = len(self.glossary.paragraphs)
        for name, ix in self._indexes.items():
            if ix.doc_count_all() != size:
                self.close()
                raise IndexMissing(f"the {name} index of {build_dir} does not match its glossary; rebuild it")
        keys = KeyIndex(read_json(build_dir, KEYS_FILE))
        terms = self.glossary.terms
        self._terms = TermFinder(terms, keys)
        self._suggester = Suggester(terms, keys)
        try:
            grams = GramIndex(build_dir / GRAMS_FILE, read_json(build_dir, FOLDED_FILE))
        except (OSError, ValueError) as error:
            self.close()
            raise IndexMissing(f"the literal postings of {build_dir} do not match its glossary; rebuild it") from error
        self._paragraphs = ParagraphFinder(grams, size, read_vocabulary(self._searcher(schema.WORDS)))
        self._folded: dict[str, tuple[str, tuple[int, ...]]] = {}
        # Each report's paragraphs as a docset, for the counts per report (none needed for one report).
        by_report: dict[str, list[int]] = {}
        for docnum, paragraph in enumerate(self.glossary.paragraphs):
            by_report.setdefault(paragraph.report_id, []).append(docnum)
        self._report_docs = ([(r.id, docset(by_report.get(r.id, ()), size)) for r in self.glossary.reports_by_date]
                             if len(self.glossary.reports) > 1 else [])
        self._scopes: dict[Scope, tuple[frozenset[int] | None, int | None]] = {}

    @classmethod
    def open(cls, index_dir: Path) -> SearchIndex:
        """Open the live build of ``index_dir``."""
        build = current_build(Path(index_dir))
        if build is None:
            raise IndexMissing(f"no index in {index_dir}; run `glossary build` first")
        return cls(build)

    def close(self) -> None:
        """Close every thread's searchers and the indexes (the object is unusable afterwards)."""
        with self._searchers_lock:
            searchers, self._searchers = self._searchers, []
        for searcher in searchers:
            searcher.close()
        for ix in self._indexes.values():
            ix.close()

    def _searcher(self, name: str):
        searchers = getattr(self._local, "searchers", None)
        if searchers is None:
            searchers = self._local.searchers = {}
        if name not in searchers:
            searcher = searchers[name] = self._indexes[name].searcher()
            with self._searchers_lock:
                self._searchers.append(searcher)
        return searchers[name]

    # -- the public calls ----------------------------------------------------

    def search(self, text: str, limit: int = 10, offset: int = 0, scope: Scope = EVERYWHERE) -> SearchResult:
        """Terms and paragraphs for ``text`` within ``scope`` (all reports by default).

        Raises :class:`index.query.QueryError` for unusable input or a scope
        that names no report. ``by_report`` counts the matches in every report.
        """
        check_paging(limit, offset)
        query = Query.parse(text)
        glossary = self.glossary
        allowed, allowed_bits = self._scope(scope)
        ranked = self._terms.find(query).ranked()
        followed = [glossary.term_by_id[c.term_id] for c in terms_to_follow(ranked)]

        literal_found = self._literal(query)
        by_term = [glossary.position[p.id] for term in followed for p in glossary.paragraphs_of(term.id)]
        by_term = [d for d in dict.fromkeys(by_term) if d not in literal_found]
        words = list(dict.fromkeys(w for phrasing in query.phrasings for w in self._paragraphs.words(phrasing)))
        # A query that is itself one indexed word has no partial matches beyond its literal ones.
        rank_words = bool(words) and not (len(words) == 1 and words[0] in query.variants)
        # Everything counted below is a docset (index/docsets.py): listed = exact and term matches, in
        # every report (the counts per report ignore the scope); partial = the rest of the word matches.
        size = len(glossary.paragraphs)
        listed = docset(chain(literal_found, by_term), size) if rank_words or self._report_docs else 0
        partial_bits = self._paragraphs.word_docs(self._searcher(schema.WORDS), words) & ~listed if rank_words else 0
        by_report = tuple(ReportCount(report_id, count) for report_id, bits in self._report_docs
                          if (count := ((listed | partial_bits) & bits).bit_count()))

        if allowed is not None:
            literal_found = {d: c for d, c in literal_found.items() if d in allowed}
            by_term = [d for d in by_term if d in allowed]
            partial_bits &= allowed_bits
        page_end = offset + limit
        literal = order_literal(literal_found.items(), page_end)
        partial_total = partial_bits.bit_count()
        wanted = page_end - len(literal_found) - len(by_term)
        partial = []
        if wanted > 0 and partial_total:
            # Whoosh ranks (BM25) only when the page reaches the partial matches.
            partial = self._paragraphs.partial(self._searcher(schema.WORDS), words,
                                               set(literal_found) | set(by_term), wanted, allowed)

        ordered = order_paragraphs(literal, by_term, partial, page_end)
        items = tuple(self._hit(docnum, match, query, followed, words)
                      for docnum, match in ordered[offset:page_end])
        return SearchResult(
            query=query.text,
            terms=tuple(TermHit(glossary.term_by_id[c.term_id], c.match, c.matched_by) for c in ranked[:MAX_TERMS]),
            followed=tuple(FollowedTerm(term, sum(1 for p in glossary.paragraphs_of(term.id)
                                                  if allowed is None or glossary.position[p.id] in allowed))
                           for term in followed),
            paragraphs=ParagraphPage(total=len(literal_found) + len(by_term) + partial_total,
                                     exact=len(literal_found), term=len(by_term), offset=offset, limit=limit,
                                     items=items),
            by_report=by_report,
        )

    def _literal(self, query: Query) -> dict[int, int]:
        """docnum → occurrences of every paragraph containing a variant of the query (the most of any variant)."""
        variants = query.variants
        if len(variants) == 1:
            return {docnum: count for count, docnum in self._paragraphs.literal(variants[0])}
        found: dict[int, int] = {}
        for variant in variants:
            for count, docnum in self._paragraphs.literal(variant):
                found[docnum] = max(count, found.get(docnum, 0))
        return found

    def _scope(self, scope: Scope) -> tuple[frozenset[int] | None, int | None]:
        """(docnums, docset) a search within ``scope`` may return; (None, None) for every report.

        Checked (a :class:`QueryError` for filters matching no report) and kept per scope: the build never changes.
        """
        if scope.everything:
            return None, None
        known = self._scopes.get(scope)
        if known is None:
            scope.check(self.glossary)
            allowed = scope.docnums(self.glossary)
            known = (allowed, docset(allowed, len(self.glossary.paragraphs)))
            if len(self._scopes) >= 256:
                self._scopes.clear()
            self._scopes[scope] = known
        return known

    def suggest(self, text: str, limit: int = 8) -> tuple[Suggestion, ...]:
        """Terms for what has been typed so far (see :mod:`index.suggest`)."""
        check_paging(limit, 0)
        if isinstance(text, str) and text.strip() and not fold_text(text):
            return ()  # an opening quotation mark typed first: nothing to suggest yet, and no error either
        return self._suggester.suggest(Query.parse(text), limit)

    # -- shaping -------------------------------------------------------------

    def _hit(self, docnum: int, match: ParagraphMatch, query: Query, followed, words: list[str]) -> ParagraphHit:
        paragraph = self.glossary.paragraphs[docnum]
        if match is ParagraphMatch.TERM:
            ids = {term.id for term in followed}
            occurrences = self.glossary.occurrences_by_paragraph.get(paragraph.id, [])
            spans = [(o.start, o.end) for o in occurrences if o.term_id in ids]
        else:
            spans = self._spans(paragraph, query.variants if match is ParagraphMatch.EXACT else words)
        return ParagraphHit(paragraph, match, tuple(merge_spans(spans)),
                            tuple(term.id for term in self.glossary.terms_in(paragraph.id)))

    def _spans(self, paragraph: Paragraph, needles) -> list[tuple[int, int]]:
        """Where each needle occurs in the paragraph, as offsets into its text."""
        folded = self._folded.get(paragraph.id)
        if folded is None:  # folding is cheap but not free: each paragraph once, on first need
            result = fold(paragraph.text)
            folded = self._folded[paragraph.id] = (result.text, result.offsets)
        text, offsets = folded
        spans = []
        for needle in needles:
            start = text.find(needle)
            while start != -1:
                spans.append((offsets[start], offsets[start + len(needle) - 1] + 1))
                start = text.find(needle, start + len(needle))
        return spans
