"""The search index: Whoosh schema, analyzers, the build, and search.

Uses the ``glossary`` package; knows nothing of the web app.
"""
