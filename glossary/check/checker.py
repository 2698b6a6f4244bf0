"""The terminology check: is each glossary term of a source segment rendered as the glossary says?

For each segment, the recognizer finds the glossary terms of the Chinese
source; the English target is then searched for the term's renderings (see
:mod:`glossary.check.english`). Each finding is an :class:`Issue`:

* ``missing``: no accepted rendering of the term is in the target;
* ``deprecated``: a deprecated rendering is (``expected`` names the preferred one);
* ``unexpected``: the target uses a term's accepted rendering while the source
  does not have the term (a possible mistranslation, or a paraphrase in the source);
* ``not-preferred`` (information): an accepted alternative is used instead of the
  preferred rendering.

Few false alarms matter more than catching everything, so ``unexpected`` is
only raised for renderings of two words or more, or a capitalised name, and
never where the words are part of a rendering found for a term of the source;
a term nested in a longer one of the source counts as present. Such a nested
term (中国式现代化 in 中国式现代化内蒙古新篇章) is never ``missing``, but a
deprecated rendering of it is reported.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from enum import Enum

from glossary.build import Glossary
from glossary.check.english import Pattern, Token, char_span, tokens
from glossary.check.segments import Segment
from glossary.terms import Term
from glossary.text import fold, to_simplified


class IssueKind(Enum):
    """What the check found; the first three are errors (exit status 1), the last information."""

    MISSING = "missing"
    DEPRECATED = "deprecated"
    UNEXPECTED = "unexpected"
    NOT_PREFERRED = "not-preferred"

    @property
    def is_error(self) -> bool:
        return self is not IssueKind.NOT_PREFERRED


@dataclass(frozen=True)
class Issue:
    """One finding about one term in one segment; spans say where, for highlighting."""

    term: Term
    kind: IssueKind
    expected: str | None
    found: str | None
    source_spans: tuple[tuple[int, int], ...] = ()
    target_spans: tuple[tuple[int, int], ...] = ()

    def to_dict(self) -> dict:
        return {"term": self.term.id, "zh": self.term.zh, "kind": self.kind.value,
                "expected": self.expected, "found": self.found}


@dataclass(frozen=True)
class SegmentResult:
    """A segment with its issues (possibly none)."""

    segment: Segment
    issues: tuple[Issue, ...]
    terms: int = 0  # glossary terms recognised in the source
    source_marks: tuple[tuple[int, int], ...] = ()  # where the source's terms are
    target_marks: tuple[tuple[int, int], ...] = ()  # where renderings were found in the target

    def to_dict(self) -> dict:
        s = self.segment
        return {"n": s.n, "id": s.id, "source": s.source, "target": s.target,
                "issues": [issue.to_dict() for issue in self.issues]}


@dataclass(frozen=True)
class CheckResult:
    """Every segment in input order, and the counts."""

    segments: tuple[SegmentResult, ...]

    @property
    def has_errors(self) -> bool:
        return any(issue.kind.is_error for result in self.segments for issue in result.issues)

    def summary(self) -> dict:
        kinds = Counter(issue.kind.value for result in self.segments for issue in result.issues)
        return {
            "segments": len(self.segments),
            "segments_with_issues": sum(1 for r in self.segments if r.issues),
            "untranslated": sum(1 for r in self.segments if not r.segment.target.strip()),
            "terms": sum(r.terms for r in self.segments),
            "issues": {kind.value: kinds.get(kind.value, 0) for kind in IssueKind},
            "errors": sum(kinds.get(kind.value, 0) for kind in IssueKind if kind.is_error),
        }

    def to_dict(self) -> dict:
        """The shape of ``glossary check --json`` and ``POST /api/v1/check``."""
        return {"segments": [r.to_dict() for r in self.segments], "summary": self.summary()}


@dataclass(frozen=True)
class _TermPatterns:
    term: Term
    accepted: tuple[Pattern, ...]
    deprecated: tuple[Pattern, ...]
    distinctive: tuple[Pattern, ...]  # accepted renderings specific enough to raise `unexpected`


def _runs(indexes: list[int]) -> list[tuple[int, int]]:
    """Consecutive token indexes as ``(first, last + 1)`` ranges."""
    runs: list[tuple[int, int]] = []
    for index in indexes:
        if runs and runs[-1][1] == index:
            runs[-1] = (runs[-1][0], index + 1)
        else:
            runs.append((index, index + 1))
    return runs


def _distinctive(pattern: Pattern) -> bool:
    return len(pattern.words) >= 2 or (len(pattern.words) == 1 and pattern.text[:1].isupper())


def _places(patterns: _TermPatterns, target: list[Token]):
    """Where the term's accepted renderings ``(position, place)`` and deprecated ones ``(pattern, place)`` are.

    A deprecated form that differs from an accepted one only by inflection ("carbon peak" and "carbon
    peaking") counts where its very words are written and the accepted one's are not; otherwise an
    accepted rendering wins the words it covers.
    """
    accepted = [(position, pattern, place) for position, pattern in enumerate(patterns.accepted)
                for place in pattern.find(target)]
    deprecated = []
    for pattern in patterns.deprecated:
        for place in pattern.find(target):
            overlapping = [m for m in accepted if not set(range(*m[2])).isdisjoint(range(*place))]
            if not overlapping or (pattern.is_exact(target, place)
                                   and not any(m[1].is_exact(target, m[2]) for m in overlapping)):
                deprecated.append((pattern, place))
                accepted = [m for m in accepted if m not in overlapping]
    return [(position, place) for position, _, place in accepted], deprecated


class Checker:
    """The check for one glossary; build it once and reuse it (the renderings are prepared once)."""

    def __init__(self, glossary: Glossary) -> None:
        self.glossary = glossary
        self.patterns: dict[str, _TermPatterns] = {}
        # First-word form → the terms with a distinctive rendering starting with it, in glossary order:
        # a segment only tries the renderings whose first word it has.
        self._by_first_word: dict[str, list[str]] = {}
        for term in glossary.terms:
            accepted = tuple(Pattern.of(r.text) for r in term.accepted)
            patterns = self.patterns[term.id] = _TermPatterns(
                term, accepted, tuple(Pattern.of(r.text) for r in term.deprecated),
                tuple(p for p in accepted if _distinctive(p)))
            for pattern in patterns.distinctive:
                for form in pattern.words[0]:
                    owners = self._by_first_word.setdefault(form, [])
                    if term.id not in owners:
                        owners.append(term.id)
        self._order = {term.id: n for n, term in enumerate(glossary.terms)}

    def check(self, segments: list[Segment]) -> CheckResult:
        """Check every segment, in order."""
        return CheckResult(tuple(self.check_segment(segment) for segment in segments))

    def check_segment(self, segment: Segment) -> SegmentResult:
        if not segment.target.strip():
            return SegmentResult(segment, (), 0)  # untranslated: counted in the summary, not checked
        recognition = self.glossary.recognize(segment.source)
        target = tokens(segment.target)
        issues: list[Issue] = []
        covered: set[int] = set()  # target tokens that belong to a rendering of a source term
        for found in recognition.terms:
            issue, used = self._term_issue(found.term, found.spans, segment.target, target)
            covered.update(used)
            if issue is not None:
                issues.append(issue)
        present = self._present(segment.source)
        recognized = {found.term.id for found in recognition.terms}
        for term_id, spans in present.items():
            if term_id not in recognized:
                issue = self._nested_issue(self.patterns[term_id], spans, segment.target, target, covered)
                if issue is not None:
                    issues.append(issue)
        candidates = {term_id for token in target for form in token.forms
                      for term_id in self._by_first_word.get(form, ())}
        for term_id in sorted(candidates - present.keys(), key=self._order.__getitem__):
            patterns = self.patterns[term_id]
            for pattern in patterns.distinctive:
                places = [p for p in pattern.find(target) if covered.isdisjoint(range(*p))]
                if places:
                    spans = tuple(char_span(target, p) for p in places)
                    issues.append(Issue(patterns.term, IssueKind.UNEXPECTED, None,
                                        segment.target[spans[0][0]:spans[0][1]], (), spans))
                    covered.update(i for p in places for i in range(*p))
                    break
        source_marks = tuple(span for found in recognition.terms for span in found.spans)
        target_marks = tuple(char_span(target, run) for run in _runs(sorted(covered)))
        return SegmentResult(segment, tuple(issues), len(recognition.terms), source_marks, target_marks)

    def _present(self, source: str) -> dict[str, list[tuple[int, int]]]:
        """Every term with a surface form in the source, nested ones included, with where it is."""
        folded = fold(to_simplified(source))
        present: dict[str, list[tuple[int, int]]] = {}
        for start, end, term_id in self.glossary.surfaces.matches(folded.text):
            present.setdefault(term_id, []).append(folded.span(start, end))
        return present

    def _nested_issue(self, patterns: _TermPatterns, spans, text: str, target: list[Token],
                      covered: set[int]) -> Issue | None:
        """A term inside a longer one of the source: only a deprecated rendering of it is reported.

        It is never ``missing`` (the longer term's rendering may well say it in other words).
        """
        accepted_places, deprecated_places = _places(patterns, target)
        for _, place in accepted_places:
            covered.update(range(*place))
        places = [p for _, p in deprecated_places if covered.isdisjoint(range(*p))]
        if not places:
            return None
        covered.update(i for p in places for i in range(*p))
        span = char_span(target, places[0])
        return Issue(patterns.term, IssueKind.DEPRECATED, patterns.term.accepted[0].text, text[span[0]:span[1]],
                     tuple(spans), tuple(char_span(target, p) for p in places))

    def _term_issue(self, term: Term, source_spans, text: str, target: list[Token]) -> tuple[Issue | None, set[int]]:
        patterns = self.patterns[term.id]
        accepted_places, deprecated_places = _places(patterns, target)
        used = {i for _, place in accepted_places for i in range(*place)}
        spans = tuple(source_spans)
        preferred = term.accepted[0].text
        if deprecated_places:
            _, place = deprecated_places[0]
            span = char_span(target, place)
            used.update(range(*place))
            return Issue(term, IssueKind.DEPRECATED, preferred, text[span[0]:span[1]], spans,
                         tuple(char_span(target, p) for _, p in deprecated_places)), used
        if not accepted_places:
            return Issue(term, IssueKind.MISSING, preferred, None, spans, ()), used
        if any(position == 0 for position, _ in accepted_places):
            return None, used
        _, place = accepted_places[0]
        span = char_span(target, place)
        return Issue(term, IssueKind.NOT_PREFERRED, preferred, text[span[0]:span[1]], spans,
                     tuple(char_span(target, p) for _, p in accepted_places)), used
