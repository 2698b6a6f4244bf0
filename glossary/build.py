"""The assembled glossary: reports, terms and their cross-references in one object.

:func:`build_glossary` parses the seeds, loads and validates the curated terms,
computes cross-references and the review list. The result serialises to plain
data (:meth:`Glossary.to_dict`) so the index build can store it and readers load
it without recomputing anything per request.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from glossary.corpus import load_corpus
from glossary.errors import DataError
from glossary.recognize import Recognition, recognize
from glossary.report import DEFINITION, Paragraph, ReportInfo
from glossary.review import Candidate, load_dismissals, review_candidates, stale_dismissals
from glossary.spread import spread
from glossary.terms import Term, default_data_dir, load_terms
from glossary.text import sentence_around
from glossary.xref import Occurrence, SurfaceIndex, cross_reference


@dataclass
class Glossary:
    """Everything a reader needs: reports, paragraphs, terms, occurrences, marks, review."""

    reports: list[ReportInfo]
    paragraphs: list[Paragraph]
    terms: list[Term]
    occurrences: list[Occurrence]
    marks: list[Occurrence]
    candidates: list[Candidate] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.term_by_id = {t.id: t for t in self.terms}
        self.paragraph_by_id = {p.id: p for p in self.paragraphs}
        self.position = {p.id: n for n, p in enumerate(self.paragraphs)}  # reading order across reports
        self.report_by_id = {r.id: r for r in self.reports}
        self.paragraphs_by_report: dict[str, list[Paragraph]] = defaultdict(list)  # in reading order
        for paragraph in self.paragraphs:
            self.paragraphs_by_report[paragraph.report_id].append(paragraph)
        # Report date order (manifest order among reports of the same day).
        self.reports_by_date = sorted(self.reports, key=lambda r: r.date)
        self.occurrences_by_term: dict[str, list[Occurrence]] = defaultdict(list)
        for occurrence in self.occurrences:
            self.occurrences_by_term[occurrence.term_id].append(occurrence)
        self.occurrences_by_paragraph: dict[str, list[Occurrence]] = defaultdict(list)
        for occurrence in self.occurrences:
            self.occurrences_by_paragraph[occurrence.paragraph_id].append(occurrence)
        self.marks_by_paragraph: dict[str, list[Occurrence]] = defaultdict(list)
        for mark in self.marks:
            self.marks_by_paragraph[mark.paragraph_id].append(mark)
        self.surfaces = SurfaceIndex(self.terms)
        self._related = self._symmetric_related()
        self._defined_in: dict[str, Paragraph] = {}  # term id → the appendix entry that explains it
        for paragraph in self.paragraphs:
            if paragraph.kind == DEFINITION and paragraph.defined_term:
                term_id = self.surfaces.term_for(paragraph.defined_term)
                if term_id:
                    self._defined_in.setdefault(term_id, paragraph)

    def _symmetric_related(self) -> dict[str, list[str]]:
        related: dict[str, list[str]] = {t.id: list(t.related) for t in self.terms}
        for term in self.terms:
            for other in term.related:
                if term.id not in related[other]:
                    related[other].append(term.id)
        return related

    # -- lookups -------------------------------------------------------------

    def term(self, term_id: str) -> Term | None:
        return self.term_by_id.get(term_id)

    def paragraph(self, paragraph_id: str) -> Paragraph | None:
        return self.paragraph_by_id.get(paragraph_id)

    def find_term(self, text: str) -> Term | None:
        """A term by id, headword or alias (quotes and spaces ignored)."""
        term = self.term_by_id.get(text.strip())
        if term is None:
            term_id = self.surfaces.term_for(text)
            term = self.term_by_id.get(term_id) if term_id else None
        return term

    def recognize(self, text: str) -> Recognition:
        """The terms used in any text, with their spans (see :mod:`glossary.recognize`)."""
        return recognize(text, self.surfaces, self.term_by_id)

    def related(self, term_id: str) -> list[Term]:
        """Related terms, both those the entry names and those that name it."""
        return [self.term_by_id[i] for i in self._related.get(term_id, [])]

    def members(self, term: Term) -> list[tuple[str, Term | None]]:
        """Each member string with the entry it names, when it is itself a term."""
        result = []
        for member in term.members:
            member_id = self.surfaces.term_for(member)
            result.append((member, self.term_by_id.get(member_id) if member_id else None))
        return result

    def paragraphs_of(self, term_id: str) -> list[Paragraph]:
        """Paragraphs where the term occurs, in reading order, each once."""
        ids = dict.fromkeys(o.paragraph_id for o in self.occurrences_by_term.get(term_id, []))
        return [self.paragraph_by_id[i] for i in ids]

    def terms_in(self, paragraph_id: str) -> list[Term]:
        """Terms marked in a paragraph, in text order, each once."""
        ids = dict.fromkeys(m.term_id for m in self.marks_by_paragraph.get(paragraph_id, []))
        return [self.term_by_id[i] for i in ids]

    def usage_by_report(self, term_id: str) -> list[dict]:
        """Where a term is used, report by report in report date order (reports that use it only).

        Each item: ``report`` (id), ``title``, ``year``, ``region``,
        ``occurrences`` (places) and ``paragraphs``, counted as in
        :meth:`term_summary`.
        """
        places: dict[str, int] = defaultdict(int)
        paragraphs: dict[str, set[str]] = defaultdict(set)
        for occurrence in self.occurrences_by_term.get(term_id, []):
            report_id = self.paragraph_by_id[occurrence.paragraph_id].report_id
            places[report_id] += 1
            paragraphs[report_id].add(occurrence.paragraph_id)
        return [{"report": r.id, "title": r.title, "year": r.year, "region": r.region,
                 "occurrences": places[r.id], "paragraphs": len(paragraphs[r.id])}
                for r in self.reports_by_date if r.id in places]

    def first_report(self, term_id: str) -> str | None:
        """The id of the earliest report (by date) that uses the term, or None."""
        usage = self.usage_by_report(term_id)
        return usage[0]["report"] if usage else None

    def definition_paragraph(self, term_id: str) -> Paragraph | None:
        """The appendix entry (名词解释) that explains the term, in whichever report has it.

        A definition taken from a report's own appendix keeps that report as
        its source, whichever report uses the term first.
        """
        return self._defined_in.get(term_id)

    def term_summary(self, term: Term) -> dict:
        """A term in lists: headword, preferred rendering and its status, definitions, usage counts.

        ``occurrences`` counts places (one per place, see :mod:`glossary.xref`),
        ``paragraphs`` the paragraphs they are in.
        """
        return {
            "id": term.id,
            "zh": term.zh,
            "en": term.en,
            "pinyin": term.pinyin,
            "category": term.category,
            "status": term.renderings[0].status,
            "definition": term.definition_zh.text,
            "definition_en": term.definition_en.text,
            "occurrences": len(self.occurrences_by_term.get(term.id, [])),
            "paragraphs": len(self.paragraphs_of(term.id)),
        }

    def term_detail(self, term: Term) -> dict:
        """A term with members, related terms and every occurrence in context, across reports.

        This is the shape of ``glossary show --json``, each entry of the export
        and the API's term resource. Each occurrence names its report;
        ``by_report`` (:meth:`usage_by_report`) counts them per report,
        ``where_else`` is its spread over each collection year (the regions whose
        report uses it, most first; see :mod:`glossary.spread`),
        ``first_report`` is the earliest report using the term (or None), and
        ``definition_report`` / ``definition_paragraph`` the appendix entry the
        Chinese definition comes from, when a report explains the term (else None).
        """
        data = term.to_dict()
        data["members"] = [{"zh": text, "term": member.id if member else None}
                           for text, member in self.members(term)]
        data["related"] = [{"id": r.id, "zh": r.zh, "en": r.en} for r in self.related(term.id)]
        occurrences = []
        for occurrence in self.occurrences_by_term.get(term.id, []):
            paragraph = self.paragraph_by_id[occurrence.paragraph_id]
            left, right = sentence_around(paragraph.text, occurrence.start, occurrence.end)
            occurrences.append({
                "paragraph": paragraph.id,
                "report": paragraph.report_id,
                "label": paragraph.label,
                "label_en": paragraph.label_en,
                "text": paragraph.text[left:right],
                "start": occurrence.start - left,
                "end": occurrence.end - left,
            })
        data["occurrences"] = occurrences
        data["by_report"] = self.usage_by_report(term.id)
        data["where_else"] = [year.to_dict() for year in spread(self.reports, data["by_report"])]
        data["first_report"] = self.first_report(term.id)
        defined = self.definition_paragraph(term.id)
        data["definition_report"] = defined.report_id if defined else None
        data["definition_paragraph"] = defined.id if defined else None
        return data

    def undecided(self) -> list[Candidate]:
        """Candidates neither an entry nor dismissed."""
        return [c for c in self.candidates if not c.decided]

    # -- serialisation -------------------------------------------------------

    def to_dict(self) -> dict:
        return {
            "reports": [r.to_record() for r in self.reports],
            "paragraphs": [p.to_record() for p in self.paragraphs],
            "terms": [t.to_dict() for t in self.terms],
            "occurrences": [o.to_dict() for o in self.occurrences],
            "marks": [m.to_dict() for m in self.marks],
            "candidates": [c.to_dict() for c in self.candidates],
            "stale_dismissals": self.stale,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Glossary:
        return cls(
            reports=[ReportInfo.from_dict(r) for r in data["reports"]],
            paragraphs=[Paragraph.from_dict(p) for p in data["paragraphs"]],
            terms=[Term.from_dict(t) for t in data["terms"]],
            occurrences=[Occurrence.from_dict(o) for o in data["occurrences"]],
            marks=[Occurrence.from_dict(m) for m in data["marks"]],
            candidates=[Candidate(c["text"], c["kind"], c["paragraph"], c["term"], c["dismissed"])
                        for c in data["candidates"]],
            stale=data["stale_dismissals"],
        )


@dataclass(frozen=True)
class Sources:
    """What a glossary is assembled from: the parsed reports and the checked data (see :func:`read_sources`)."""

    reports: list[ReportInfo]
    paragraphs: list[Paragraph]
    terms: list[Term]
    dismissals: dict[str, str]
    surfaces: SurfaceIndex


def read_sources(seeds_dir: Path | None = None, data_dir: Path | None = None) -> Sources:
    """Parse the reports and read and validate the terms and dismissals (every data error is raised here)."""
    data_dir = data_dir or default_data_dir()
    corpus = load_corpus(seeds_dir)
    terms = load_terms(data_dir)
    dismissals = load_dismissals(data_dir / "review.toml")
    surfaces = SurfaceIndex(terms)
    for key in dismissals:
        if key in surfaces.owner:
            raise DataError(data_dir / "review.toml", key,
                            f"dismissed, but it is a surface form of term {surfaces.owner[key]}")
    return Sources([r.info for r in corpus.reports], corpus.paragraphs(), terms, dismissals, surfaces)


def assemble(sources: Sources) -> Glossary:
    """Cross-reference the terms with the paragraphs and review the candidates."""
    occurrences, marks = cross_reference(sources.terms, sources.paragraphs)
    candidates = review_candidates(sources.paragraphs, sources.surfaces, sources.dismissals, sources.reports)
    return Glossary(
        reports=sources.reports,
        paragraphs=sources.paragraphs,
        terms=sources.terms,
        occurrences=occurrences,
        marks=marks,
        candidates=candidates,
        stale=stale_dismissals(candidates, sources.dismissals),
    )


def build_glossary(seeds_dir: Path | None = None, data_dir: Path | None = None) -> Glossary:
    """Parse the reports, validate the terms, cross-reference them and review candidates."""
    return assemble(read_sources(seeds_dir, data_dir))
