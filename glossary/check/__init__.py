"""The terminology check of translations against the glossary.

:mod:`glossary.check.segments` reads a translation (two aligned texts or a
bilingual CAT file) into segments; :mod:`glossary.check.english` finds
renderings in English text; :mod:`glossary.check.checker` decides the issues.
"""

from glossary.check.checker import Checker, CheckResult, Issue, IssueKind, SegmentResult
from glossary.check.segments import SUFFIXES, BilingualFileError, Segment, read_aligned, read_file

__all__ = ["SUFFIXES", "BilingualFileError", "CheckResult", "Checker", "Issue", "IssueKind", "Segment",
           "SegmentResult", "read_aligned", "read_file"]
