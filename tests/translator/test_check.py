"""The terminology check: which issues it reports, how tolerant it is, and what it does not flag."""

from __future__ import annotations

import pytest

from glossary.check import BilingualFileError, Checker, IssueKind, Segment, read_aligned
from glossary.check.english import Pattern, tokens


@pytest.fixture(scope="module")
def checker(varied_glossary):
    return Checker(varied_glossary)


def issues(checker, source: str, target: str) -> list[tuple[str, str, str | None, str | None]]:
    result = checker.check_segment(Segment(1, "1", source, target))
    return [(i.kind.value, i.term.id, i.expected, i.found) for i in result.issues]


@pytest.mark.parametrize("target", [
    "The Three-North Shelterbelt Forest Program has begun.",
    "the three north shelterbelt forest programme has begun",  # case, space for hyphen, British spelling
    "THREE-NORTH SHELTERBELT FOREST PROGRAMS",  # plural
    "The Three-North Shelterbelt Forest Program's first battle",  # possessive
])
def test_the_preferred_rendering_is_found_whatever_its_case_plural_possessive_or_hyphen(checker, target):
    assert issues(checker, "“三北”工程攻坚战全面打响。", target) == []


@pytest.mark.parametrize("rendering, target", [
    ("forge a strong sense of community", "by forging a strong sense of community"),
    ("Tianjun Program", "the Tianjun programmes"),
    ("establish the new before abolishing the old", "establishing the new before abolishing the old"),
])
def test_inflected_words_of_a_rendering_match(rendering, target):
    assert Pattern.of(rendering).find(tokens(target))


def test_a_different_word_does_not_match():
    assert not Pattern.of("Tianjun Program").find(tokens("the Tianjun Plan"))
    assert not Pattern.of("Six Projects").find(tokens("six programs"))
    assert not Pattern.of("Warmth Project").find(tokens("warm project"))


def test_missing_names_the_preferred_rendering(checker):
    assert issues(checker, "实施“天骏计划”。", "We carried out the listing plan.") == [
        ("missing", "tianjun-program", "Tianjun Program", None)]


def test_deprecated_names_what_was_found_and_the_preferred_one(checker):
    assert issues(checker, "实施“天骏计划”。", "We carried out the Tianjun Plan.") == [
        ("deprecated", "tianjun-program", "Tianjun Program", "Tianjun Plan")]
    assert issues(checker, "三北工程", "the three norths project") == [
        ("deprecated", "three-north-program", "Three-North Shelterbelt Forest Program", "three norths project")]


def test_an_accepted_alternative_is_only_information(checker):
    result = checker.check_segment(Segment(1, "1", "三北工程", "the Three-North Program"))
    assert [(i.kind, i.found) for i in result.issues] == [(IssueKind.NOT_PREFERRED, "Three-North Program")]
    assert not IssueKind.NOT_PREFERRED.is_error and not checker.check([result.segment]).has_errors


def test_unexpected_when_the_target_has_a_rendering_the_source_lacks(checker):
    assert issues(checker, "我们建设了平台。", "We built the Mengkeju Science and Technology Innovation Platform.") == [
        ("unexpected", "mengkeju", None, "Mengkeju Science and Technology Innovation Platform")]


def test_no_unexpected_for_a_term_nested_in_one_of_the_source(checker):
    # 温暖工程 is a member of the six projects; the source names both, the recognizer marks the longer form.
    assert issues(checker, "“六个工程”包括温暖工程。", "The Six Projects include the Warmth Project.") == []


def test_no_unexpected_for_words_inside_the_rendering_of_a_source_term(checker):
    # "Three-North Program" (an alternative) lies inside the preferred rendering of the same term.
    assert issues(checker, "三北工程", "the Three-North Shelterbelt Forest Program") == []


def test_lower_case_one_word_renderings_never_raise_unexpected(varied_glossary):
    checker = Checker(varied_glossary)
    assert all(p.distinctive == tuple(x for x in p.accepted if len(x.words) > 1 or x.text[0].isupper())
               for p in checker.patterns.values())


def test_untranslated_segments_are_counted_not_checked(checker):
    result = checker.check([Segment(1, "1", "三北工程", ""), Segment(2, "2", "没有术语。", "No term.")])
    summary = result.summary()
    assert summary["untranslated"] == 1 and summary["errors"] == 0 and summary["segments"] == 2
    assert [s["issues"] for s in result.to_dict()["segments"]] == [[], []]


def test_json_keeps_every_segment_in_order_with_the_documented_fields(checker):
    segments = read_aligned("三北工程\n\n天骏计划\n普通句子\n", "Three Norths Project\n\nTianjun Program\nA sentence\n")
    data = checker.check(segments).to_dict()
    assert [(s["n"], s["id"]) for s in data["segments"]] == [(1, "1"), (3, "3"), (4, "4")]
    assert set(data["segments"][0]) == {"n", "id", "source", "target", "issues"}
    assert set(data["segments"][0]["issues"][0]) == {"term", "zh", "kind", "expected", "found"}
    assert data["summary"]["issues"] == {"missing": 0, "deprecated": 1, "unexpected": 0, "not-preferred": 0}
    assert data["summary"]["segments_with_issues"] == 1 and data["summary"]["terms"] == 2


def test_aligned_texts_must_have_as_many_lines():
    with pytest.raises(BilingualFileError, match="the source has 2 lines and the translation 1"):
        read_aligned("一\n二\n", "one\n")


def test_a_nested_term_is_never_missing_but_its_deprecated_rendering_is_reported(varied_glossary):
    import dataclasses

    from glossary.build import Glossary
    from glossary.terms import Rendering

    tianjun = varied_glossary.term("tianjun-program")
    action = dataclasses.replace(tianjun, id="tianjun-action", zh="天骏计划行动", aliases=(),
                                 renderings=(Rendering("Tianjun Listing Action", "proposed", "Test fixture"),))
    glossary = Glossary(varied_glossary.reports, varied_glossary.paragraphs, [*varied_glossary.terms, action],
                        varied_glossary.occurrences, varied_glossary.marks)
    checker = Checker(glossary)
    assert issues(checker, "开展天骏计划行动。", "We ran the Tianjun Listing Action.") == []
    assert issues(checker, "开展天骏计划行动。", "We ran the Tianjun Plan listing action.") == [
        ("missing", "tianjun-action", "Tianjun Listing Action", None),
        ("deprecated", "tianjun-program", "Tianjun Program", "Tianjun Plan")]


def test_a_deprecated_form_that_differs_only_by_inflection_is_told_apart(varied_glossary):
    import dataclasses

    from glossary.build import Glossary
    from glossary.terms import Rendering

    terms = [dataclasses.replace(t, renderings=(Rendering("carbon peaking", "official", "Test"),
                                                Rendering("carbon peak", "deprecated", "Test", note="Use peaking.")))
             if t.id == "warmth-project" else t for t in varied_glossary.terms]
    glossary = Glossary(varied_glossary.reports, varied_glossary.paragraphs, terms, varied_glossary.occurrences,
                        varied_glossary.marks)
    checker = Checker(glossary)
    assert issues(checker, "温暖工程", "achieve carbon peaking") == []
    assert issues(checker, "温暖工程", "achieve carbon peak") == [
        ("deprecated", "warmth-project", "carbon peaking", "carbon peak")]
    assert issues(checker, "温暖工程", "achieve carbon peaks") == []  # neither exactly: the accepted one wins
