"""The domain: reports and their paragraphs, glossary terms, and where terms occur.

This package knows nothing of the search index or the web app; both build on it.
"""
