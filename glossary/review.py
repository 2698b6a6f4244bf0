"""Candidate extraction and the review list.

Candidates are strings in the reports that look like terms: appendix 2 entry
names, quoted spans “…”, and numeric shorthand such as 六个工程 or 三大优势.
Numbers that are not shorthand are not proposed (see :func:`is_count`): 一
followed by a classifier is the article "a" (这样一个人口大国, 每一个, 统一大市场),
two numerals side by side an approximate count (一两个点位), 第 an ordinal
(第二个百年), and 二十大 or 十九大 a Party congress.

Only curated reports (``curated = true`` in the manifest, the default) feed the
review list: a report imported but not yet decided by a content pass is parsed,
indexed and cross-referenced, but its candidates wait until the flag is flipped.

Every candidate must end up decided, either as a glossary entry (its text equals
an entry's headword or alias, quotes and spaces ignored) or dismissed in
``glossary/data/review.toml`` with a reason. Nothing drops silently: the build
reports the undecided ones.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from glossary.errors import DataError
from glossary.report import DEFINITION, Paragraph, ReportInfo
from glossary.text import fold, fold_text
from glossary.xref import SurfaceIndex

_QUOTED = re.compile(r"“([^“”]{1,60})”")
# A Chinese numeral, a classifier, then two characters: the shortest form of
# shorthand such as 六个工程, 三大优势, 五大任务. When a longer glossary entry
# starts at the same place (五个大起底), that entry decides the candidate.
_NUMERIC = re.compile(r"([一二三四五六七八九十两]+)([个大项件条部])[\u4e00-\u9fff]{2}")

APPENDIX_ENTRY = "appendix entry"
QUOTED = "quoted span"
NUMERIC = "numeric shorthand"


@dataclass(frozen=True)
class Candidate:
    """A string that may be a term, where it was first seen, and how it was decided."""

    text: str
    kind: str
    paragraph_id: str
    term_id: str | None = None
    dismissed: str | None = None  # the reason, when dismissed

    @property
    def decided(self) -> bool:
        return self.term_id is not None or self.dismissed is not None

    def to_dict(self) -> dict:
        return {"text": self.text, "kind": self.kind, "paragraph": self.paragraph_id,
                "term": self.term_id, "dismissed": self.dismissed}


def load_dismissals(path: Path) -> dict[str, str]:
    """Read ``review.toml``: folded candidate text → reason."""
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as error:
        raise DataError(path, None, f"not valid TOML: {error}") from None
    dismissals: dict[str, str] = {}
    for position, entry in enumerate(data.get("dismissed", [])):
        where = f"dismissed #{position + 1}"
        text, reason = entry.get("text"), entry.get("reason")
        if not isinstance(text, str) or not text.strip():
            raise DataError(path, where, "text must be a non-empty string")
        if not isinstance(reason, str) or not reason.strip():
            raise DataError(path, f"{where} ({text})", "reason must be a non-empty string")
        if set(entry) - {"text", "reason"}:
            raise DataError(path, f"{where} ({text})", "only text and reason are allowed")
        key = fold_text(text)
        if key in dismissals:
            raise DataError(path, f"{where} ({text})", "dismissed twice")
        dismissals[key] = reason.strip()
    return dismissals


def is_count(text: str, match: re.Match[str]) -> bool:
    """True when a numeric-shorthand match in ``text`` is a plain number, not shorthand."""
    numerals, classifier = match.group(1), match.group(2)
    before = text[match.start() - 1] if match.start() else ""
    if before == "第":
        return True  # an ordinal: 第二个百年, 第十五个五年规划
    if numerals == "一":
        return True  # the article: 这样一个人口大国, 每一项支持政策, 统一大市场, 一大批
    if len(numerals) == 2 and "十" not in numerals:
        return True  # an approximate count: 一两个点位, 三五个
    return len(numerals) > 1 and classifier == "大"  # a Party congress: 党的二十大, 十九大


def _raw_candidates(paragraphs: list[Paragraph], surfaces: SurfaceIndex) -> list[tuple[str, str, str, str | None]]:
    """(text, kind, paragraph id, term id decided by position) for each candidate occurrence."""
    found = []
    for paragraph in paragraphs:
        if paragraph.kind == DEFINITION and paragraph.defined_term:
            found.append((paragraph.defined_term, APPENDIX_ENTRY, paragraph.id, None))
        for match in _QUOTED.finditer(paragraph.text):
            found.append((match.group(1), QUOTED, paragraph.id, None))
        folded = fold(paragraph.text).text
        starts = {start: term_id for start, _, term_id in surfaces.matches(folded)}
        for match in _NUMERIC.finditer(folded):
            if is_count(folded, match):
                continue
            found.append((match.group(0), NUMERIC, paragraph.id, starts.get(match.start())))
    return found


def review_candidates(
    paragraphs: list[Paragraph], surfaces: SurfaceIndex, dismissals: dict[str, str],
    reports: list[ReportInfo] | None = None,
) -> list[Candidate]:
    """Every distinct candidate with its decision, in order of first appearance.

    With ``reports``, paragraphs of a report that is not curated are left out.
    """
    if reports is not None:
        uncurated = {report.id for report in reports if not report.curated}
        paragraphs = [p for p in paragraphs if p.report_id not in uncurated]
    candidates: dict[str, Candidate] = {}
    for text, kind, paragraph_id, term_by_position in _raw_candidates(paragraphs, surfaces):
        key = fold_text(text)
        if not key or key in candidates:
            continue
        term_id = term_by_position or surfaces.term_for(text)
        candidates[key] = Candidate(text, kind, paragraph_id, term_id,
                                    None if term_id else dismissals.get(key))
    return list(candidates.values())


def stale_dismissals(candidates: list[Candidate], dismissals: dict[str, str]) -> list[str]:
    """Dismissals that no longer match any undecided-by-entry candidate (to clean up)."""
    used = {fold_text(c.text) for c in candidates if c.dismissed is not None}
    return sorted(set(dismissals) - used)
