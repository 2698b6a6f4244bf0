"""TBX-Basic: the 2008 form (``martif``, ISO 30042:2008) and ISO 30042:2019 (TBX v3).

One entry per concept, with the term id as its stable id (prefixed with ``c-``
when it starts with a digit, as XML ids must not), a subject field (the
category), a ``zh`` and an ``en`` language section, each with its definition
and source. Each form is its own term with ``administrativeStatus``:

* zh: the headword ``preferredTerm-admn-sts``, each alias ``admittedTerm-admn-sts``;
* en: the preferred rendering ``preferredTerm-admn-sts``, other accepted ones
  ``admittedTerm-admn-sts``, deprecated ones ``deprecatedTerm-admn-sts``; the
  rendering's source is an ``admin type="source"``, its URL an external cross
  reference, and our own status (official, recommended, proposed, deprecated)
  and note a ``note``.

The 2008 form validates against TBXBasicRNGV02.rng, the v3 form against
TBXcoreStructV03.rng (both tested).
"""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from glossary.terms import DEPRECATED, Term

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
V3_NAMESPACE = "urn:iso:std:iso:30042:ed-2"
TITLE = "Policy Glossary (政策术语库)"
DESCRIPTION = ("Chinese-English glossary of policy terms in Chinese government work reports, "
               "with the status and source of every English rendering.")
PREFERRED, ADMITTED, DEPRECATED_STATUS = "preferredTerm-admn-sts", "admittedTerm-admn-sts", "deprecatedTerm-admn-sts"


def entry_id(term: Term) -> str:
    """The entry's stable XML id: the term id, prefixed with ``c-`` when it starts with a digit."""
    return term.id if term.id[0].isalpha() else "c-" + term.id


def zh_forms(term: Term) -> list[tuple[str, str, str]]:
    """``(text, administrative status, note)`` of the Chinese forms."""
    return [(term.zh, PREFERRED, "headword")] + [(alias, ADMITTED, "variant") for alias in term.aliases]


def en_forms(term: Term) -> list[tuple[str, str, object]]:
    """``(text, administrative status, rendering)`` of the English renderings, preferred first."""
    out = []
    for position, rendering in enumerate(term.renderings):
        status = DEPRECATED_STATUS if rendering.status == DEPRECATED else PREFERRED if position == 0 else ADMITTED
        out.append((rendering.text, status, rendering))
    return out


def _rendering_note(rendering) -> str:
    return f"status: {rendering.status}" + (f"; {rendering.note}" if rendering.note else "")


class _Writer:
    """Element names of one form (2008 or v3); the structure is the same."""

    def __init__(self, v3: bool) -> None:
        self.v3 = v3
        self.ns = f"{{{V3_NAMESPACE}}}" if v3 else ""
        self.entry, self.lang, self.term_group = (("conceptEntry", "langSec", "termSec") if v3
                                                  else ("termEntry", "langSet", "tig"))

    def el(self, parent, tag: str, text: str | None = None, **attrs):
        node = etree.SubElement(parent, self.ns + tag, attrs)
        if text is not None:
            node.text = text
        return node

    def definition(self, parent, text: str, source: str) -> None:
        group = self.el(parent, "descripGrp")
        self.el(group, "descrip", text, type="definition")
        self.el(group, "admin", source, type="source")

    def term(self, parent, text: str, status: str, source: str = "", url: str = "", note: str = "") -> None:
        group = self.el(parent, self.term_group)
        self.el(group, "term", text)
        self.el(group, "termNote", status, type="administrativeStatus")
        if source:
            self.el(group, "admin", source, type="source")
        if url:
            self.el(group, "xref", "source", type="externalCrossReference", target=url)
        if note:
            self.el(group, "note", note)

    def language(self, entry, code: str):
        node = etree.SubElement(entry, self.ns + self.lang)
        node.set(XML_LANG, code)
        return node

    def concept(self, body, term: Term) -> None:
        entry = self.el(body, self.entry, id=entry_id(term))
        self.el(entry, "descrip", term.category, type="subjectField")
        zh = self.language(entry, "zh")
        self.definition(zh, term.definition_zh.text, term.definition_zh.source)
        for text, status, note in zh_forms(term):
            self.term(zh, text, status, note=note)
        en = self.language(entry, "en")
        self.definition(en, term.definition_en.text, term.definition_en.source)
        for text, status, rendering in en_forms(term):
            self.term(en, text, status, rendering.source, rendering.url, _rendering_note(rendering))

    def document(self, terms: Iterable[Term]) -> bytes:
        root_tag, header_tag = ("tbx", "tbxHeader") if self.v3 else ("martif", "martifHeader")
        root = etree.Element(self.ns + root_tag, nsmap={None: V3_NAMESPACE} if self.v3 else None)
        root.set("type", "TBX-Basic")
        if self.v3:
            root.set("style", "dca")
        root.set(XML_LANG, "en")
        header = self.el(root, header_tag)
        file_desc = self.el(header, "fileDesc")
        if self.v3:
            publication = self.el(file_desc, "publicationStmt")
            self.el(publication, "p", TITLE)
        else:
            title = self.el(file_desc, "titleStmt")
            self.el(title, "title", TITLE)
        source = self.el(file_desc, "sourceDesc")
        self.el(source, "p", DESCRIPTION)
        if not self.v3:
            encoding = self.el(header, "encodingDesc")
            self.el(encoding, "p", "TBXBasicXCSV02.xcs", type="XCSURI")
        body = self.el(self.el(root, "text"), "body")
        for term in terms:
            self.concept(body, term)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def to_tbx_2008(terms: Iterable[Term]) -> bytes:
    """TBX-Basic in the 2008 ``martif`` form."""
    return _Writer(v3=False).document(terms)


def to_tbx_v3(terms: Iterable[Term]) -> bytes:
    """TBX-Basic in the ISO 30042:2019 form (``tbx`` root, TBX v3 namespace)."""
    return _Writer(v3=True).document(terms)
