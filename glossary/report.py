"""Reports and their paragraphs, and the parser that turns a report's text into them.

A government work report is a title block, an opening, parts and appendices.
Parts are numbered (一、二、) or not (“十四五”时期发展成就和2025年工作回顾: an
unnumbered part is a *chapter*, and numbered parts may follow inside it); a part
may hold numbered sections ((一)…(十), whose first sentence is the section
title). An appendix (附件1, or a lone 附件) has a title line and then either
numbered items (livelihood projects, possibly in groups, each with its lead
agencies) or entries explaining terms (名词：解释).

The parser is block-oriented: :func:`_blocks` cuts the text into blocks (and
heals the page breaks of a PDF export: a paragraph cut mid-sentence by a blank
line is rejoined with the next one, and stray spaces next to Chinese characters
are removed); :class:`_Parser` then classifies each block with an ordered list
of rules (the first that matches wins) and hands it to the one ``block_<kind>``
method for that kind, as moin's wiki parser does. Structure varies between
reports; there is no per-report code.

Paragraph ids are stable (URLs are built from them): they never change for a
report whose text has not changed. What the ids encode (appendix number, the
role of a heading, the chapter) is also an explicit field of
:class:`Paragraph`; :func:`table_of_contents` builds a report's contents from
those fields.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from glossary.text import clean_pdf_spaces, has_han

CN_NUMERALS = "一二三四五六七八九十"

_PART = re.compile(rf"^([{CN_NUMERALS}]+)、(.+)$")
_SECTION = re.compile(rf"^（([{CN_NUMERALS}]+)）")
_APPENDIX = re.compile(r"^附件\s*(\d*)$")
_NUMBERED_ITEM = re.compile(r"^(\d+)\.\s*(.+)$")
_LEAD_AGENCIES = re.compile(r"（牵头(?:责任)?单位：([^）]+)）")
_DEFINITION = re.compile(r"^(.+?)：(.+)$")
# A line that ends with one of these is complete; anything else followed by a
# blank line was cut by a page break (headings aside).
_SENTENCE_END = "。！？：；…"
# A heading is short; an unnumbered one has no punctuation inside a sentence.
_HEADING_MAX = 40
_INSIDE_SENTENCE = "，。；！？：,"
# Paragraphs opening with the salutation address the whole assembly, so they
# close the current section rather than continue it.
_SALUTATION = "各位代表"


class Kind(StrEnum):
    """Kinds of paragraph. The values are the strings the JSON has always used."""

    TITLE = "title"
    PARAGRAPH = "paragraph"
    HEADING = "heading"
    APPENDIX_HEADING = "appendix-heading"
    PROJECT = "livelihood-project"
    DEFINITION = "definition"


class Role(StrEnum):
    """What a heading is, beyond its kind (empty for other paragraphs)."""

    NONE = ""
    CHAPTER = "chapter"  # an unnumbered part: “十四五”时期发展成就和2025年工作回顾
    PART = "part"  # 一、过去一年工作回顾
    APPENDIX = "appendix"  # 附件1
    APPENDIX_TITLE = "appendix-title"  # the line after 附件1
    GROUP = "group"  # 一、促进群众就业增收方面5件, inside an appendix


# The module-level names the rest of the code imports.
TITLE = Kind.TITLE
PARAGRAPH = Kind.PARAGRAPH
HEADING = Kind.HEADING
APPENDIX_HEADING = Kind.APPENDIX_HEADING
PROJECT = Kind.PROJECT
DEFINITION = Kind.DEFINITION


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


# Fields :meth:`Paragraph.to_record` adds to :meth:`Paragraph.to_dict`.
_RECORD_FIELDS = ("chapter", "appendix", "role", "number")


@dataclass(frozen=True)
class Paragraph:
    """One addressable block of a report: a paragraph, heading or appendix item."""

    id: str
    report_id: str
    ordinal: int  # position in the report, from 0
    kind: Kind
    label: str  # human label in Chinese, e.g. 二（七）第3段
    label_en: str  # the same in English, e.g. Part 2 (7) ¶3
    text: str
    part: int | None = None
    section: int | None = None
    section_title: str = ""
    lead_agencies: tuple[str, ...] = ()
    group: str = ""  # a livelihood project: the group it belongs to
    defined_term: str = ""  # an appendix entry: the term it explains
    chapter: int | None = None  # the unnumbered part it is in, counted from 1
    appendix: int | None = None  # the appendix it is in (1 for a lone 附件)
    role: Role = Role.NONE  # headings: what they head
    number: int | None = None  # a part's, section's, group's, item's or entry's number

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", Kind(self.kind))
        object.__setattr__(self, "role", Role(self.role))

    def to_dict(self) -> dict:
        """Plain data for JSON: the public shape, the same for every report."""
        data = {
            "id": self.id,
            "report": self.report_id,
            "ordinal": self.ordinal,
            "kind": self.kind.value,
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

    def to_record(self) -> dict:
        """:meth:`to_dict` plus the structural fields, for storing a build."""
        data = self.to_dict()
        data.update(chapter=self.chapter, appendix=self.appendix, role=self.role.value, number=self.number)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Paragraph:
        """Inverse of :meth:`to_dict` and :meth:`to_record`."""
        fields = dict(data)
        fields["report_id"] = fields.pop("report")
        fields["lead_agencies"] = tuple(fields.get("lead_agencies", ()))
        return cls(**fields)


@dataclass(frozen=True)
class ReportInfo:
    """A report's manifest entry, with the provenance of its text."""

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
    source_url: str = ""  # where the text was taken from
    retrieved: date | None = None  # when
    licence: str = ""  # the licence statement that came with it
    curated: bool = True  # false: its candidates are not yet on the review list
    defects: str = ""  # what is known to be wrong with the text as published (shown with the report)

    _PUBLIC = ("id", "title", "region", "year", "date", "speaker", "language", "file",
               "title_en", "region_en", "speaker_en", "defects")

    def to_dict(self) -> dict:
        """Plain data for JSON (the date as ISO text): the public fields."""
        data = {key: getattr(self, key) for key in self._PUBLIC}
        data["date"] = self.date.isoformat()
        return data

    def to_record(self) -> dict:
        """:meth:`to_dict` plus provenance and the curated flag, for storing a build."""
        data = self.to_dict()
        data.update(source_url=self.source_url, licence=self.licence, curated=self.curated,
                    retrieved=self.retrieved.isoformat() if self.retrieved else None)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> ReportInfo:
        """Inverse of :meth:`to_dict` and :meth:`to_record`."""
        fields = {**data, "date": date.fromisoformat(str(data["date"]))}
        if fields.get("retrieved"):
            fields["retrieved"] = date.fromisoformat(str(fields["retrieved"]))
        return cls(**fields)


@dataclass(frozen=True)
class Report:
    """A parsed report: its manifest entry and its paragraphs in reading order."""

    info: ReportInfo
    paragraphs: tuple[Paragraph, ...] = field(default_factory=tuple)

    @property
    def id(self) -> str:
        return self.info.id


# -- blocks ------------------------------------------------------------------


def _ends_sentence(text: str) -> bool:
    return text.endswith(tuple(_SENTENCE_END))


def is_unnumbered_heading(text: str) -> bool:
    """A short line of Chinese with no punctuation inside a sentence and none at its end.

    “十四五”时期发展成就和2025年工作回顾 is one; the first half of a paragraph
    cut by a page break is not (it is long, or has a comma).
    """
    return (len(text) <= _HEADING_MAX and has_han(text) and not text.startswith("——")
            and not any(mark in text for mark in _INSIDE_SENTENCE) and not _ends_sentence(text))


def _is_heading(line: str) -> bool:
    return bool(_APPENDIX.match(line) or (_PART.match(line) and len(line) <= _HEADING_MAX)
                or is_unnumbered_heading(line))


def _blocks(text: str) -> list[str]:
    """Non-empty lines, cleaned, with page-break cuts rejoined.

    A line that does not end a sentence and is followed by a blank line was cut
    by a page break, unless it is a heading (headings lack end punctuation too):
    a title line before the first sentence, a part, chapter or appendix
    heading, or the title line that follows an appendix heading. In the title
    block, a line that ends in a space and runs straight on into the next line
    was broken by layout (国务院总理　/李　强) and is joined with it.
    """
    raw = text.splitlines()
    lines = [clean_pdf_spaces(line) for line in raw]
    blocks: list[str] = []
    pending = ""  # a cut line waiting for its continuation
    for index, line in enumerate(lines):
        if not line:
            continue
        line = pending + line
        pending = ""
        followed_by_blank = index + 1 < len(lines) and not lines[index + 1]
        in_front_matter = not any(_ends_sentence(block) for block in blocks)
        if in_front_matter and raw[index] != raw[index].rstrip() and index + 1 < len(lines) and lines[index + 1]:
            pending = line  # 国务院总理　⏎ 李　强: one title line
            continue
        after_appendix = bool(blocks) and _APPENDIX.match(blocks[-1]) is not None
        is_heading = in_front_matter or after_appendix or _is_heading(line)
        if followed_by_blank and not is_heading and not _ends_sentence(line):
            pending = line
            continue
        blocks.append(line)
    if pending:
        blocks.append(pending)
    return blocks


# -- the parser ----------------------------------------------------------------


class _Parser:
    """Classifies each block (:attr:`RULES`, in order) and hands it to its ``block_<kind>`` method."""

    # (kind, test): the first kind whose test accepts the block decides its handler.
    RULES: tuple[tuple[str, Callable[[_Parser, str], bool]], ...] = (
        ("title", lambda self, block: self.front_matter and not _ends_sentence(block)),
        ("appendix", lambda self, block: _APPENDIX.match(block) is not None),
        ("appendix_title", lambda self, block: bool(self.out) and self.out[-1].role == Role.APPENDIX),
        ("appendix_group", lambda self, block: bool(self.appendix) and _PART.match(block) is not None
         and _is_heading(block)),
        ("appendix_item", lambda self, block: bool(self.appendix) and _NUMBERED_ITEM.match(block) is not None),
        ("appendix_entry", lambda self, block: bool(self.appendix)),
        ("part", lambda self, block: _PART.match(block) is not None and _is_heading(block)),
        ("chapter", lambda self, block: is_unnumbered_heading(block)),
        ("section", lambda self, block: _SECTION.match(block) is not None),
        ("salutation", lambda self, block: block.startswith(_SALUTATION)),
        ("paragraph", lambda self, block: True),
    )

    def __init__(self, info: ReportInfo) -> None:
        self.info = info
        self.out: list[Paragraph] = []
        self.front_matter = True  # title lines come before the first complete sentence
        self.chapter = 0
        self.part = 0
        self.section = 0
        self.section_title = ""
        self.counts: dict[tuple[int, int, int], int] = {}
        self.appendix = 0
        self.appendices = 0
        self.group = ""
        self.entries = 0

    def classify(self, block: str) -> str:
        """The kind of block, by the first rule that accepts it."""
        return next(kind for kind, test in self.RULES if test(self, block))

    def parse(self, blocks: Iterable[str]) -> tuple[Paragraph, ...]:
        for block in blocks:
            getattr(self, f"block_{self.classify(block)}")(block)
            if self.out and self.out[-1].kind != TITLE:
                self.front_matter = False
        return tuple(self.out)

    def add(self, kind: Kind, pid: str, label: str, label_en: str, text: str, **extra) -> None:
        self.out.append(Paragraph(id=f"{self.info.id}.{pid}", report_id=self.info.id, ordinal=len(self.out),
                                  kind=kind, label=label, label_en=label_en, text=text, **extra))

    @property
    def prefix(self) -> str:
        """What a chapter adds in front of the ids inside it."""
        return f"c{self.chapter}." if self.chapter else ""

    # -- handlers ---------------------------------------------------------------

    def block_title(self, block: str) -> None:
        line = len(self.out) + 1
        self.add(TITLE, f"t{line}", f"标题 第{line}行", f"Title line {line}", block)

    def block_appendix(self, block: str) -> None:
        number = _APPENDIX.match(block).group(1)
        self.appendices += 1
        self.appendix = int(number) if number else self.appendices
        self.group, self.entries = "", 0
        n = self.appendix
        self.add(APPENDIX_HEADING, f"a{n}", f"附件{n}", f"Appendix {n}", block,
                 appendix=n, role=Role.APPENDIX, number=n)

    def block_appendix_title(self, block: str) -> None:
        n = self.appendix
        self.add(APPENDIX_HEADING, f"a{n}.title", f"附件{n} 标题", f"Appendix {n} title", block,
                 appendix=n, role=Role.APPENDIX_TITLE)

    def block_appendix_group(self, block: str) -> None:
        match = _PART.match(block)
        self.group = match.group(2)
        number, n = parse_cn_numeral(match.group(1)), self.appendix
        self.add(APPENDIX_HEADING, f"a{n}.g{number}", f"附件{n} {match.group(1)}",
                 f"Appendix {n}, group {number}", block, appendix=n, role=Role.GROUP, number=number)

    def block_appendix_item(self, block: str) -> None:
        number, n = int(_NUMBERED_ITEM.match(block).group(1)), self.appendix
        agencies = _LEAD_AGENCIES.search(block)
        self.add(PROJECT, f"a{n}.{number}", f"附件{n} 第{number}项", f"Appendix {n}, item {number}", block,
                 group=self.group, appendix=n, number=number,
                 lead_agencies=tuple(re.split(r"[、，,]", agencies.group(1))) if agencies else ())

    def block_appendix_entry(self, block: str) -> None:
        self.entries += 1
        number, n = self.entries, self.appendix
        definition = _DEFINITION.match(block)
        self.add(DEFINITION, f"a{n}.{number}", f"附件{n} 第{number}条", f"Appendix {n}, entry {number}", block,
                 defined_term=definition.group(1) if definition else "", appendix=n, number=number)

    def block_part(self, block: str) -> None:
        match = _PART.match(block)
        self.part = parse_cn_numeral(match.group(1))
        self.section, self.section_title = 0, ""
        self.add(HEADING, f"{self.prefix}{self.part}", match.group(1), f"Part {self.part}", block,
                 chapter=self.chapter or None, role=Role.PART, number=self.part)

    def block_chapter(self, block: str) -> None:
        self.chapter += 1
        self.part, self.section, self.section_title = 0, 0, ""
        c = self.chapter
        self.add(HEADING, f"c{c}", f"第{cn_numeral(c)}部分", f"Chapter {c}", block,
                 chapter=c, role=Role.CHAPTER, number=c)

    def block_section(self, block: str) -> None:
        match = _SECTION.match(block)
        self.section = parse_cn_numeral(match.group(1))
        self.section_title = block[match.end():].split("。", 1)[0]
        self.block_paragraph(block)

    def block_salutation(self, block: str) -> None:
        self.section, self.section_title = 0, ""
        self.block_paragraph(block)

    def block_paragraph(self, block: str) -> None:
        key = (self.chapter, self.part, self.section)
        self.counts[key] = number = self.counts.get(key, 0) + 1
        part, section, chapter = self.part, self.section, self.chapter
        if part == 0 and chapter:
            label, label_en = f"第{cn_numeral(chapter)}部分 第{number}段", f"Chapter {chapter} ¶{number}"
        elif part == 0:
            label, label_en = f"导言 第{number}段", f"Opening ¶{number}"
        elif section == 0:
            label, label_en = f"{cn_numeral(part)} 第{number}段", f"Part {part} ¶{number}"
        else:
            label = f"{cn_numeral(part)}（{cn_numeral(section)}）第{number}段"
            label_en = f"Part {part} ({section}) ¶{number}"
        self.add(PARAGRAPH, f"{self.prefix}{part}.{section}.{number}", label, label_en, block,
                 part=part, section=section or None, section_title=self.section_title,
                 chapter=chapter or None, number=number)


def parse_report(info: ReportInfo, text: str) -> Report:
    """Parse a report's text into paragraphs with stable ids and human labels."""
    return Report(info=info, paragraphs=_Parser(info).parse(_blocks(text)))


# -- table of contents ------------------------------------------------------------


@dataclass(frozen=True)
class TocEntry:
    """One line of a report's contents: where it starts, what it says, what it holds.

    ``kind`` is ``opening``, ``chapter``, ``part``, ``section``, ``appendix`` or
    ``group``; an appendix's text includes its title line.
    """

    kind: str
    paragraph_id: str
    text: str
    label: str
    label_en: str
    children: tuple[TocEntry, ...] = ()

    def to_dict(self) -> dict:
        return {"kind": self.kind, "paragraph": self.paragraph_id, "text": self.text, "label": self.label,
                "label_en": self.label_en, "children": [child.to_dict() for child in self.children]}


@dataclass
class _Node:
    kind: str
    paragraph_id: str
    text: str
    label: str
    label_en: str
    children: list[_Node] = field(default_factory=list)

    def freeze(self) -> TocEntry:
        return TocEntry(self.kind, self.paragraph_id, self.text, self.label, self.label_en,
                        tuple(child.freeze() for child in self.children))


def table_of_contents(paragraphs: Iterable[Paragraph]) -> list[TocEntry]:
    """A report's contents, from its paragraphs in reading order.

    Top level: the opening (when there is one), chapters, parts outside a
    chapter and appendices; a chapter holds its parts (or, without parts, its
    sections), a part its sections, an appendix its groups. A section's text
    is its title (its first sentence).
    """
    top: list[_Node] = []
    chapter: _Node | None = None
    part: _Node | None = None
    seen_sections: set[tuple[int | None, int | None, int | None]] = set()
    for p in paragraphs:
        if p.role == Role.CHAPTER:
            chapter, part = _Node("chapter", p.id, p.text, p.label, p.label_en), None
            top.append(chapter)
        elif p.role == Role.PART:
            part = _Node("part", p.id, p.text, p.label, p.label_en)
            (chapter.children if chapter else top).append(part)
        elif p.role == Role.APPENDIX:
            chapter = part = _Node("appendix", p.id, p.text, p.label, p.label_en)
            top.append(part)
        elif p.role == Role.APPENDIX_TITLE and part is not None:
            part.text += " " + p.text
        elif p.role == Role.GROUP and part is not None:
            part.children.append(_Node("group", p.id, p.text, p.label, p.label_en))
        elif p.kind == PARAGRAPH and not top and not p.part:
            top.append(_Node("opening", p.id, "", "导言", "Opening"))
        elif p.kind == PARAGRAPH and p.section and (p.chapter, p.part, p.section) not in seen_sections:
            seen_sections.add((p.chapter, p.part, p.section))
            parent = part or chapter
            label = f"（{cn_numeral(p.section)}）"
            node = _Node("section", p.id, p.section_title, label, f"({p.section})")
            (parent.children if parent else top).append(node)
    return [node.freeze() for node in top]
