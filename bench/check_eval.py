"""Precision and recall of the terminology check on bench/check-eval.tsv (run: python bench/check_eval.py).

The set pairs sentences of the 2024 report with good and deliberately flawed translations and says which
issues a translator would want reported, against the curated glossary (its deprecated renderings included).
When the glossary changes, terms may appear in or leave the sentences: re-read the false alarms and the
issues not caught that this prints, and update the expected column where the glossary, not the check, moved.
"""

from __future__ import annotations

import sys
from pathlib import Path

from glossary.build import build_glossary
from glossary.check import Checker, Segment

HERE = Path(__file__).resolve().parent


def load_set(path: Path) -> list[tuple[Segment, set[tuple[str, str]]]]:
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        source, target, expected = (line.split("\t") + [""])[:3]
        issues = {tuple(item.split(":", 1)) for item in expected.split()}
        cases.append((Segment(len(cases) + 1, str(len(cases) + 1), source, target), issues))
    return cases


def main() -> int:
    glossary = build_glossary()
    cases = load_set(HERE / "check-eval.tsv")
    result = Checker(glossary).check([segment for segment, _ in cases])
    tp = fp = fn = 0
    errors = {"tp": 0, "fp": 0, "fn": 0}  # the same, for errors only (without not-preferred)
    for (segment, expected), checked in zip(cases, result.segments, strict=True):
        found = {(issue.kind.value, issue.term.id) for issue in checked.issues}
        tp += len(found & expected)
        found_errors = {f for f in found if f[0] != "not-preferred"}
        expected_errors = {e for e in expected if e[0] != "not-preferred"}
        errors["tp"] += len(found_errors & expected_errors)
        errors["fp"] += len(found_errors - expected_errors)
        errors["fn"] += len(expected_errors - found_errors)
        for kind, term in sorted(found - expected):
            fp += 1
            print(f"false alarm  [{segment.n}] {kind}:{term}  {segment.target}")
        for kind, term in sorted(expected - found):
            fn += 1
            print(f"not caught   [{segment.n}] {kind}:{term}  {segment.target}")
    flawed = sum(1 for _, expected in cases if any(k != "not-preferred" for k, _ in expected))
    flagged = [any(i.kind.is_error for i in checked.issues) for checked in result.segments]
    should = [any(k != "not-preferred" for k, _ in expected) for _, expected in cases]
    caught = sum(1 for f, s in zip(flagged, should, strict=True) if f and s)
    false_flags = sum(1 for f, s in zip(flagged, should, strict=True) if f and not s)
    print(f"segments: {len(cases)} ({flawed} flawed); expected issues: {tp + fn}; reported: {tp + fp}")
    precision, recall = tp / max(1, tp + fp), tp / max(1, tp + fn)
    print(f"all issues: precision {tp}/{tp + fp} = {precision:.2f}; recall {tp}/{tp + fn} = {recall:.2f}")
    e_tp, e_fp, e_fn = errors["tp"], errors["fp"], errors["fn"]
    print(f"errors (missing, deprecated, unexpected): precision {e_tp}/{e_tp + e_fp} = "
          f"{e_tp / max(1, e_tp + e_fp):.2f}; "
          f"recall {e_tp}/{e_tp + e_fn} = {e_tp / max(1, e_tp + e_fn):.2f}")
    print(f"segments: flawed ones flagged {caught}/{flawed}; good ones flagged {false_flags}/{len(cases) - flawed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
