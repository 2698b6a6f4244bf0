"""The `glossary` command line: build, search, show, export (and later serve)."""
