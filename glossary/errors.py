"""The one error type for bad data files: it names the file, the entry and the fault."""

from __future__ import annotations

from pathlib import Path


class DataError(ValueError):
    """A data file (manifest, glossary, review list) is malformed."""

    def __init__(self, path: Path | str, entry: str | None, problem: str) -> None:
        self.path, self.entry, self.problem = str(path), entry, problem
        where = f"{self.path}: {entry}" if entry else self.path
        super().__init__(f"{where}: {problem}")
