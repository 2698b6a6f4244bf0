"""Mechanical checks of the curated glossary content (glossary/data/).

The loader already rejects malformed entries (tests/test_terms.py shows how);
these tests check what the content itself promises: coverage, honest sources,
pinyin that spells the headword, forms that occur in the report, appendix 2
verbatim, and a review list with nothing left undecided. The editorial rules
are in docs/STYLE-GUIDE.md and docs/EDITING.md.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from glossary.build import build_glossary
from glossary.pinyin import matches_headword
from glossary.report import DEFINITION
from glossary.text import fold_text

GLOSSARY = build_glossary()
TERMS = GLOSSARY.terms
IDS = [term.id for term in TERMS]
TONE_MARKS = set("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ")
EDITORS = "Policy Glossary editors"


def test_at_least_120_entries():
    assert len(TERMS) >= 120, f"only {len(TERMS)} entries"


def test_no_undecided_candidates_and_no_stale_dismissals():
    """Every candidate the build extracts (appendix names, quoted spans, numeric shorthand) is decided."""
    undecided = [f"{c.kind}: {c.text}" for c in GLOSSARY.undecided()]
    assert not undecided, "undecided candidates:\n" + "\n".join(undecided)
    assert not GLOSSARY.stale, f"stale dismissals in review.toml: {GLOSSARY.stale}"


@pytest.mark.parametrize("term", TERMS, ids=IDS)
def test_entry_is_filed_by_category(term):
    assert Path(term.file).name == f"{term.category}.toml"


# Rules that concern only some entries are checked on exactly those entries.
WITH_OFFICIAL = [t for t in TERMS if any(r.status == "official" for r in t.renderings)]
WITH_MEMBERS = [t for t in TERMS if t.members]


@pytest.mark.parametrize("term", WITH_OFFICIAL, ids=lambda t: t.id)
def test_official_renderings_name_an_outside_source_and_where_it_was_seen(term):
    for rendering in term.renderings:
        if rendering.status == "official":
            assert rendering.source != EDITORS, "an official rendering needs an outside source"
            assert rendering.url.startswith(("http://", "https://")), "and the address where it was seen"


@pytest.mark.parametrize("term", TERMS, ids=IDS)
def test_pinyin_spells_the_headword_with_tone_marks(term):
    assert matches_headword(term.pinyin, term.zh), f"pinyin {term.pinyin!r} does not spell {term.zh}"
    assert TONE_MARKS & set(term.pinyin), "pinyin is written with tone marks"


@pytest.fixture(scope="module")
def folded_texts():
    """Every paragraph folded once (35 reports: folding per term cost 0.3 s a test)."""
    return "\n".join(fold_text(p.text) for p in GLOSSARY.paragraphs)


@pytest.mark.parametrize("term", TERMS, ids=IDS)
def test_every_surface_form_occurs_in_the_report(term, folded_texts):
    assert GLOSSARY.paragraphs_of(term.id), f"{term.zh} occurs nowhere"
    for form in term.surface_forms:
        assert fold_text(form) in folded_texts, f"{form!r} does not occur in the reports"


def test_every_appendix_2_entry_is_in_the_glossary_verbatim():
    entries = [p for p in GLOSSARY.paragraphs if p.kind == DEFINITION and p.report_id == "nmg-2024"]
    assert len(entries) == 17
    for paragraph in entries:
        name, definition = paragraph.text.split("：", 1)
        term = GLOSSARY.find_term(name)
        assert term is not None, f"appendix 2 entry {name} is missing"
        assert term.zh == name, f"{term.id}: headword should be the appendix form {name}"
        assert term.definition_zh.text == definition, f"{name}: Chinese definition is not verbatim"
        assert term.definition_zh.source == "appendix 2"
        assert "translation of appendix 2" in term.definition_en.source


def test_the_six_projects_link_to_their_entries():
    six = GLOSSARY.term("six-projects")
    members = GLOSSARY.members(six)
    assert len(members) == 6
    assert all(member is not None for _, member in members), members


@pytest.mark.parametrize("term", WITH_MEMBERS, ids=lambda t: t.id)
def test_members_are_plain_names(term):
    for member in term.members:
        assert not member.startswith(("《", "“")), f"member {member!r}: write the name without quotes"


DEPRECATED_TERMS_REQUIRED = 20


def test_at_least_20_terms_record_deprecated_renderings_with_a_reason():
    """Common wrong or outdated English forms are recorded so that checks can flag them (STYLE-GUIDE §1)."""
    with_deprecated = [term for term in TERMS if term.deprecated]
    assert len(with_deprecated) >= DEPRECATED_TERMS_REQUIRED, [term.id for term in with_deprecated]
    for term in with_deprecated:
        assert term.renderings[0].status != "deprecated", f"{term.id}: the preferred rendering cannot be deprecated"
        accepted = {r.text.casefold() for r in term.accepted}
        for rendering in term.deprecated:
            assert len(rendering.note.split()) >= 6, f"{term.id}: say why “{rendering.text}” is deprecated"
            assert rendering.text.casefold() not in accepted, f"{term.id}: {rendering.text!r} twice"
            if rendering.source == EDITORS:
                note = rendering.note.casefold()
                assert "our former rendering" in note or "no page showing it" in note, (
                    f"{term.id}: “{rendering.text}” has no outside source: say it is our former rendering "
                    "or that no page showing it was checked")
            else:
                assert rendering.url.startswith(("http://", "https://")), (
                    f"{term.id}: “{rendering.text}” cites a page where it was seen, so give its address")


# --- Consistency decisions (docs/STYLE-GUIDE.md §11), checked mechanically ---------------------

def _english_fields(term):
    """Every English text of an entry a reader sees: renderings, notes, sources, English definition."""
    for rendering in term.renderings:
        yield rendering.text
        yield rendering.note
        yield rendering.source
    yield term.definition_en.text
    yield term.definition_en.source


BRITISH_SPELLINGS = (
    "aluminium", "non-ferrous", "travelling", "travelled", "programme", "centre", "honour", "favour", "labour",
    "colour", "neighbour", "defence", "licence", "behaviour", "organisation", "organise", "modernisation",
    "romanised", "romanisation", "recognise", "realise", "utilise", "prioritise", "catalogue", "per cent",
    "ageing", "fulfil ", "judgement", "mobilise", "stabilise", "standardise", "optimise",
)
BRITISH_DATE = re.compile(
    r"\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|November|December) \d{4}")


@pytest.mark.parametrize("term", TERMS, ids=IDS)
def test_american_spelling_and_dates(term):
    for text in _english_fields(term):
        lowered = text.casefold()
        british = [word for word in BRITISH_SPELLINGS if word in lowered]
        assert not british, f"British spelling {british} in {text!r}"
        assert not BRITISH_DATE.search(text), f"write dates as “June 7, 2024”: {text!r}"


# 攻坚战 / 歼灭战 / 阻击战 and the battles they make up are “battle” in English, as in the national texts.
BATTLE_WORDS = ("攻坚战", "歼灭战", "阻击战", "战役")


@pytest.mark.parametrize("term", [t for t in TERMS if any(w in t.zh for w in BATTLE_WORDS)],
                         ids=lambda t: t.id)
def test_battles_are_battles(term):
    assert "battle" in term.en.casefold(), f"{term.zh} is rendered {term.en!r}"
    assert "campaign" not in term.en.casefold()


GENERIC_GONGCHENG = {"half-finished-projects"}  # “半拉子”工程: any stalled project, not a name


NAMED_GONGCHENG = [t for t in TERMS if fold_text(t.zh).endswith("工程") and t.id not in GENERIC_GONGCHENG]


@pytest.mark.parametrize("term", NAMED_GONGCHENG, ids=lambda t: t.id)
def test_named_gongcheng_are_capitalized_programs_or_projects(term):
    words = [w for w in re.split(r"[\s–]+", term.en) if w and w not in {"of", "and", "with", "for", "in", "the"}]
    assert all(w[0].isupper() or w[0].isdigit() for w in words), f"title case for a named 工程: {term.en!r}"
    assert re.search(r"\bPro(gram|ject)s?\b", term.en), f"工程 is Program (official names) or Project: {term.en!r}"


def test_the_six_projects_are_named_as_their_entries_render_them():
    six = GLOSSARY.term("six-projects")
    for _, member in GLOSSARY.members(six):
        assert member.en in six.definition_en.text, f"{member.en!r} not in the Six Projects definition"


# 基地: “base of” what a base produces or holds, as Xinhua writes the Two Bases; 北方 屏障: “for northern China”.
@pytest.mark.parametrize("term", TERMS, ids=IDS)
def test_base_of_and_barrier_for_northern_china(term):
    for text in _english_fields(term):
        lowered = text.casefold()
        for wrong in ("base for energy", "base for agricultural", "base for strategic", "base for new rare-earth",
                      "barrier in northern china"):
            assert wrong not in lowered, f"{wrong!r} in {text!r}"


GRASSROOTS_LABELS = {"four-grassroots-visits"}  # 四下基层 keeps its established label


@pytest.mark.parametrize("term", [t for t in TERMS if t.id not in GRASSROOTS_LABELS], ids=lambda t: t.id)
def test_jiceng_is_community_level(term):
    for text in _english_fields(term):
        assert "grassroots" not in text.casefold(), f"基层 is “community level” (STYLE-GUIDE §11): {text!r}"


# Sets whose members can be enumerated from the report, its appendices or a named source.
NUMBERED_SETS = (
    "clean-up-four-illegal-activities", "one-lake-two-seas", "two-excesses-one-illegality", "four-forms-of-decadence",
    "two-establishes", "two-upholds", "new-three", "two-cancers", "five-major-clean-ups", "three-major-advantages",
    "four-tourism-destinations", "one-plan-three-schemes", "three-flagship-campaigns", "five-major-financial-tasks",
    "four-desert-gobi-wasteland-bases", "six-sentences-of-facts-and-truths", "seven-exemplary-roles",
    "six-promotion-regulations", "seven-abandonments", "five-future-industry-fields",
    "eight-future-industry-directions", "four-grassroots-visits", "six-doubling-plans", "six-projects",
    "two-major-undertakings", "five-major-tasks", "two-bases", "three-musts-of-safety", "four-batches",
    "bri-eight-major-steps", "bei-shang-guang-shen", "hubao-e-wu", "twin-stars", "desert-gobi-wasteland",
    "hohhot-strong-and-capital", "elderly-and-children", "tiered-tech-enterprise-cultivation",
)


@pytest.mark.parametrize("term_id", NUMBERED_SETS)
def test_enumerable_sets_list_their_members(term_id):
    assert GLOSSARY.term(term_id).members, f"{term_id}: list the members in Chinese"


# Pinyin of four-character set phrases: two halves joined by a hyphen (GB/T 16159-2012 §6.1.6, house rule for
# policy formulae of the same shape); numeral slogans made of one-syllable words are written word by word.
FOUR_CHARACTER_SET_PHRASES = (
    "progress-with-stability", "establish-before-abolish", "promote-stability-through-progress",
    "open-competition-mechanism", "teeth-and-thorns", "reduce-stock-curb-growth", "flood-irrigation",
)
NUMERAL_SLOGANS = (
    "one-network-services", "one-network-governance", "elderly-and-children", "one-policy-per-enterprise",
    "one-policy-per-park", "two-cancers",
)
HALVES = re.compile(r"^[^\W\d_]+-[^\W\d_]+$")


@pytest.mark.parametrize("term_id", FOUR_CHARACTER_SET_PHRASES)
def test_four_character_set_phrases_are_hyphenated_halves(term_id):
    pinyin = GLOSSARY.term(term_id).pinyin
    assert HALVES.match(pinyin), f"{term_id}: write {pinyin!r} as two halves joined by a hyphen"


@pytest.mark.parametrize("term_id", NUMERAL_SLOGANS)
def test_numeral_slogans_are_written_word_by_word(term_id):
    pinyin = GLOSSARY.term(term_id).pinyin
    assert "-" not in pinyin and " " in pinyin, f"{term_id}: {pinyin!r}"


def test_metaphor_dismissals_say_how_to_render_them():
    """Metaphors that are not entries (STYLE-GUIDE §6) are dismissed with a rendering for the translator."""
    from glossary.review import load_dismissals
    from glossary.terms import default_data_dir

    dismissals = load_dismissals(default_data_dir() / "review.toml")
    metaphors = {text: reason for text, reason in dismissals.items() if reason.startswith("metaphor")}
    assert metaphors
    for text, reason in metaphors.items():
        assert re.search(r"“[A-Za-z][^”]*”", reason), f"{text}: give a rendering hint"


OFFICIAL_PUBLISHERS = (
    "State Council", "Xinhua", "China Daily", "China Keywords", "China Academy of Translation", "CGTN",
    "People’s Daily", "China.org.cn", "Beijing Municipal People’s Government", "Qiushi Journal",
)


@pytest.mark.parametrize("term", WITH_OFFICIAL, ids=lambda t: t.id)
def test_official_renderings_name_an_official_publisher(term):
    for rendering in term.renderings:
        if rendering.status == "official":
            assert any(p in rendering.source for p in OFFICIAL_PUBLISHERS), (
                f"{rendering.text!r}: official needs a named official publisher, not {rendering.source!r}")


# STYLE-GUIDE §8 house rule 1: pinyin capitals follow the preferred English rendering.
EN_FUNCTION_WORDS = {"of", "and", "the", "in", "on", "with", "for", "a", "an", "to", "at", "by"}
PINYIN_FUNCTION_WORDS = {"hé", "de", "zhī", "ya"}
# 中央八项规定精神: 精神 “spirit” is not part of the English name, so jīngshén stays lower case.
CAPITALS_EXCEPTIONS = {"eight-point-decision"}


def _is_title_case(english: str) -> bool:
    words = [w for w in re.split(r"[\s–]+", english) if re.match(r"[A-Za-z]", w)]
    return bool(words) and all(
        w[0].isupper() or (i > 0 and w.casefold() in EN_FUNCTION_WORDS) for i, w in enumerate(words))


def _pinyin_words(pinyin: str) -> list[str]:
    return [w for w in re.split(r"[\s\-·,—–()]+", pinyin)
            if w and re.match(r"[^\W\d_]", w) and w not in PINYIN_FUNCTION_WORDS]


@pytest.mark.parametrize("term", [t for t in TERMS if t.id not in CAPITALS_EXCEPTIONS], ids=lambda t: t.id)
def test_pinyin_capitals_follow_the_english_rendering(term):
    words = _pinyin_words(term.pinyin)
    if _is_title_case(term.en):
        lower = [w for w in words if not w[0].isupper()]
        assert not lower, f"{term.en!r} is a name, so capitalize every pinyin word: {lower}"
    elif term.en[0].islower():
        assert not all(w[0].isupper() for w in words), (
            f"{term.en!r} is not a name, so the pinyin {term.pinyin!r} is lower case apart from proper nouns")
