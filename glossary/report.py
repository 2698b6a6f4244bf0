"""Reports and their paragraphs, and the parser that turns a report's text into them.

A government work report is a preamble, numbered parts (一、二、) that may hold
numbered sections ((一)…(十), whose first sentence is the section title), and
appendices. Appendix 1 lists livelihood projects with their lead agencies;
appendix 2 explains terms. The text comes from a PDF export, so the parser also
heals its page breaks: a paragraph cut mid-sentence by a blank line is rejoined
with the next one, and stray spaces next to Chinese characters are removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from glossary.text import clean_pdf_spaces

CN_NUMERALS = "一二三四五六七八九十"

_PART = re.compile(rf"^([{CN_NUMERALS}]+)、(.+)$")
_SECTION = re.compile(rf"^（([{CN_NUMERALS}]+)）")
_APPENDIX = re.compile(r"^附件\s*(\d+)$")
_NUMBERED_ITEM = re.compile(r"^(\d+)\.\s*(.+)$")
_LEAD_AGENCIES = re.compile(r"（牵头责任单位：([^）]+)）")
_DEFINITION = re.compile(r"^(.+?)：(.+)$")
# A line that ends with one of these is complete; anything else followed by a
# blank line was cut by a page break (headings aside).
_SENTENCE_END = "。！？：；…"
# Paragraphs opening with the salutation address the whole assembly, so they
# close the current section rather than continue it.
_SALUTATION = "各位代表"

# Kinds of paragraph.
TITLE = "title"
PARAGRAPH = "paragraph"
HEADING = "heading"
APPENDIX_HEADING = "appendix-heading"
PROJECT = "livelihood-project"
DEFINITION = "definition"


def cn_numeral(number: int) -> str:
    """Chinese numeral for 1–99, as headings write it (十, 十二, 二十)."""
    tens, units = divmod(number, 10)
    text = ""
    if tens:
        text = ("" if tens == 1 else CN_NUMERALS[tens - 1]) + "十"
    return text + (CN_NUMERALS[units - 1] if units else "")


def parse_cn_numeral(text: str) -> int:
    """Inverse of :func:`cn_numeral`."""
    if "十" not in text:
        return CN_NUMERALS.index(text) + 1
    tens, _, units = text.partition("十")
    value = (CN_NUMERALS.index(tens) + 1 if tens else 1) * 10
    return value + (CN_NUMERALS.index(units) + 1 if units else 0)


@dataclass(frozen=True)
class Paragraph:
    """One addressable block of a report: a paragraph, heading or appendix item."""

    id: str
    report_id: str
    ordinal: int  # position in the report, from 0
    kind: str
    label: str  # human label in Chinese, e.g. 二（七）第3段
    label_en: str  # the same in English, e.g. Part 2 (7) ¶3
    text: str
    part: int | None = None
    section: int | None = None
    section_title: str = ""
    lead_agencies: tuple[str, ...] = ()
    group: str = ""  # appendix 1: the group a project belongs to
    defined_term: str = ""  # appendix 2: the term the entry explains

    def to_dict(self) -> dict:
        """Plain data for JSON."""
        data = {
            "id": self.id,
            "report": self.report_id,
            "ordinal": self.ordinal,
            "kind": self.kind,
            "label": self.label,
            "label_en": self.label_en,
            "text": self.text,
            "part": self.part,
            "section": self.section,
            "section_title": self.section_title,
        }
        if self.kind == PROJECT:
            data.update(lead_agencies=list(self.lead_agencies), group=self.group)
        if self.kind == DEFINITION:
            data["defined_term"] = self.defined_term
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Paragraph:
        """Inverse of :meth:`to_dict`."""
        fields = dict(data)
        fields["report_id"] = fields.pop("report")
        fields["lead_agencies"] = tuple(fields.get("lead_agencies", ()))
        return cls(**fields)


@dataclass(frozen=True)
class ReportInfo:
    """A report's manifest entry."""

    id: str
    title: str
    region: str
    year: int
    date: date
    speaker: str
    language: str
    file: str
    title_en: str = ""
    region_en: str = ""
    speaker_en: str = ""

    def to_dict(self) -> dict:
        """Plain data for JSON (the date as ISO text)."""
        data = dict(self.__dict__)
        data["date"] = self.date.isoformat()
        return data

    @classmethod
    def from_dict(cls, data: dict) -> ReportInfo:
        """Inverse of :meth:`to_dict`."""
        return cls(**{**data, "date": date.fromisoformat(str(data["date"]))})


@dataclass(frozen=True)
class Report:
    """A parsed report: its manifest entry and its paragraphs in reading order."""

    info: ReportInfo
    paragraphs: tuple[Paragraph, ...] = field(default_factory=tuple)

    @property
    def id(self) -> str:
        return self.info.id


def _blocks(text: str) -> list[str]:
    """Non-empty lines, cleaned, with page-break cuts rejoined.

    A line that does not end a sentence and is followed by a blank line was cut
    by a page break, unless it is a heading (headings lack end punctuation too):
    a title line before the first sentence, a part or appendix heading, or the
    title line that follows an appendix heading.
    """
    lines = [clean_pdf_spaces(line) for line in text.splitlines()]
    blocks: list[str] = []
    pending = ""  # a cut line waiting for its continuation
    for index, line in enumerate(lines):
        if not line:
            continue
        line = pending + line
        pending = ""
        followed_by_blank = index + 1 < len(lines) and not lines[index + 1]
        in_front_matter = not any(block.endswith(tuple(_SENTENCE_END)) for block in blocks)
        after_appendix = bool(blocks) and _APPENDIX.match(blocks[-1]) is not None
        is_heading = in_front_matter or after_appendix or _is_heading(line)
        if followed_by_blank and not is_heading and not line.endswith(tuple(_SENTENCE_END)):
            pending = line
            continue
        blocks.append(line)
    if pending:
        blocks.append(pending)
    return blocks


def _is_heading(line: str) -> bool:
    return bool(_APPENDIX.match(line) or (_PART.match(line) and len(line) <= 40))


class _Numbering:
    """Counts paragraphs within the current part and section while parsing."""

    def __init__(self) -> None:
        self.part = 0
        self.section = 0
        self.section_title = ""
        self.counts: dict[tuple[int, int], int] = {}

    def next(self) -> int:
        key = (self.part, self.section)
        self.counts[key] = self.counts.get(key, 0) + 1
        return self.counts[key]


def parse_report(info: ReportInfo, text: str) -> Report:
    """Parse a report's text into paragraphs with stable ids and human labels."""
    blocks = _blocks(text)
    paragraphs: list[Paragraph] = []
    numbering = _Numbering()
    appendix = 0
    group = ""
    # Title lines come before the first complete sentence.
    in_front_matter = True

    def add(kind: str, pid: str, label: str, label_en: str, body: str, **extra) -> None:
        paragraphs.append(
            Paragraph(
                id=f"{info.id}.{pid}",
                report_id=info.id,
                ordinal=len(paragraphs),
                kind=kind,
                label=label,
                label_en=label_en,
                text=body,
                **extra,
            )
        )

    for position, block in enumerate(blocks):
        if in_front_matter and not block.endswith(tuple(_SENTENCE_END)):
            add(TITLE, f"t{position + 1}", f"标题 第{position + 1}行", f"Title line {position + 1}", block)
            continue
        in_front_matter = False

        appendix_match = _APPENDIX.match(block)
        if appendix_match:
            appendix = int(appendix_match.group(1))
            group = ""
            add(APPENDIX_HEADING, f"a{appendix}", f"附件{appendix}", f"Appendix {appendix}", block)
            continue

        if appendix:
            previous = paragraphs[-1]
            if previous.kind == APPENDIX_HEADING and previous.id == f"{info.id}.a{appendix}":
                add(APPENDIX_HEADING, f"a{appendix}.title", f"附件{appendix} 标题", f"Appendix {appendix} title", block)
                continue
            part_match = _PART.match(block)
            item_match = _NUMBERED_ITEM.match(block)
            if part_match and _is_heading(block):
                group = part_match.group(2)
                number = parse_cn_numeral(part_match.group(1))
                add(APPENDIX_HEADING, f"a{appendix}.g{number}", f"附件{appendix} {part_match.group(1)}",
                    f"Appendix {appendix}, group {number}", block)
            elif item_match:
                number = int(item_match.group(1))
                agencies = _LEAD_AGENCIES.search(block)
                add(PROJECT, f"a{appendix}.{number}", f"附件{appendix} 第{number}项",
                    f"Appendix {appendix}, item {number}", block, group=group,
                    lead_agencies=tuple(re.split(r"[、，,]", agencies.group(1))) if agencies else ())
            else:
                numbering.part, numbering.section = -appendix, 0
                number = numbering.next()
                definition = _DEFINITION.match(block)
                add(DEFINITION, f"a{appendix}.{number}", f"附件{appendix} 第{number}条",
                    f"Appendix {appendix}, entry {number}", block,
                    defined_term=definition.group(1) if definition else "")
            continue

        part_match = _PART.match(block)
        if part_match and _is_heading(block):
            numbering.part = parse_cn_numeral(part_match.group(1))
            numbering.section, numbering.section_title = 0, ""
            add(HEADING, f"{numbering.part}", part_match.group(1), f"Part {numbering.part}", block)
            continue

        section_match = _SECTION.match(block)
        if section_match:
            numbering.section = parse_cn_numeral(section_match.group(1))
            numbering.section_title = block[section_match.end():].split("。", 1)[0]
        elif block.startswith(_SALUTATION):
            numbering.section, numbering.section_title = 0, ""
        number = numbering.next()
        part, section = numbering.part, numbering.section
        if part == 0:
            label, label_en = f"导言 第{number}段", f"Opening ¶{number}"
        elif section == 0:
            label, label_en = f"{cn_numeral(part)} 第{number}段", f"Part {part} ¶{number}"
        else:
            label = f"{cn_numeral(part)}（{cn_numeral(section)}）第{number}段"
            label_en = f"Part {part} ({section}) ¶{number}"
        add(PARAGRAPH, f"{part}.{section}.{number}", label, label_en, block,
            part=part, section=section or None, section_title=numbering.section_title)
    return Report(info=info, paragraphs=tuple(paragraphs))
