"""Writing the word index (jieba words, for BM25) on both cores, beside the rest of the build.

Cutting paragraphs into words with jieba is most of a build's work (about 0.8 ms
a paragraph, plus a second to load jieba's dictionary). :func:`words_beside`
forks two processes while the builder does everything else: a *writer* that
cuts the first half of the paragraphs itself and writes the Whoosh index, and a
*cutter* that cuts the second half meanwhile and hands the words over through
a pipe, chunk by chunk. The cutter produces exactly the tokens the writer's own
analyzer would (:func:`cut`), which Whoosh indexes as given when a field's
value is a list, so the index is the same as one written by a single process.
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path

from whoosh.index import create_in

from index import schema
from index.analysis import word_analyzer

# Writer memory. 512 MB was needed when a Whoosh index of bigrams was written
# too (its postings spilled to disk at 128 MB and were merged back); literal
# postings are now written by index/grams.py, and the word index alone
# spills little at Whoosh's default pool, for far less memory.
WRITER_MB = 128
CHUNK = 500  # paragraphs per message from the cutter
# Below this many paragraphs the writer cuts them all: a cutter would spend more loading jieba's
# dictionary (about a second of CPU and 60 MB) than it saves.
CUTTER_MIN = 2000


def cut(texts: list[str], user_words: tuple[str, ...]) -> list[list[str]]:
    """The word index's tokens of each text, as its analyzer makes them when Whoosh indexes a text."""
    analyzer = word_analyzer(user_words)
    # Whoosh's Frequency format calls the analyzer with these options (formats.Frequency.word_values).
    return [[token.text for token in analyzer(text, mode="index", boosts=True)] for text in texts]


def write_words(build_dir: Path, documents: list[tuple[str, str]], user_words: tuple[str, ...],
                handover=None) -> None:
    """Write the word index of ``documents`` (id, normalised text), in their order.

    With ``handover`` = (n, connection), only the first n are cut here; the
    words of the others arrive through the connection, in chunks, in order.
    """
    ix = create_in(str(build_dir), schema.words_schema(user_words), indexname=schema.WORDS)
    own = len(documents) if handover is None else handover[0]
    with ix.writer(limitmb=WRITER_MB) as writer:
        for paragraph_id, text in documents[:own]:
            writer.add_document(id=paragraph_id, words=text)
        if handover is not None:
            rest = iter(documents[own:])
            received = 0
            while received < len(documents) - own:
                chunk = handover[1].recv()
                # The chunk first: zip stops at its end without taking a document from ``rest``.
                for words, (paragraph_id, _) in zip(chunk, rest, strict=False):
                    writer.add_document(id=paragraph_id, words=words)
                received += len(chunk)


def _die_with_parent() -> None:
    """In a forked child: be killed with the build (Linux), instead of working on for a build that is gone.

    A build killed with SIGKILL cannot stop its children; without this they would write on into the
    abandoned build folder, holding its files open.
    """
    try:
        import ctypes
        import signal

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the children end when their work or their pipe does
        pass


def _child(task, *args) -> None:
    """A forked child's body: :func:`_die_with_parent`, then ``task(*args)``."""
    _die_with_parent()
    task(*args)


def _send_cuts(connection, texts: list[str], user_words: tuple[str, ...]) -> None:
    for start in range(0, len(texts), CHUNK):
        connection.send(cut(texts[start:start + CHUNK], user_words))
    connection.close()


@contextmanager
def words_beside(build_dir: Path, documents: list[tuple[str, str]], user_words: tuple[str, ...]):
    """Write the word index in forked processes while the block runs; raise if one fails.

    A writer and a cutter (a writer alone under :data:`CUTTER_MIN` paragraphs).
    Forking is only safe in a single-threaded process; otherwise the index is
    written here, after the block.
    """
    if threading.active_count() > 1 or "fork" not in get_all_start_methods():
        yield
        write_words(build_dir, documents, user_words)
        return
    context = get_context("fork")
    if len(documents) < CUTTER_MIN:
        writer = context.Process(target=_child, name="word-writer",
                                 args=(write_words, build_dir, documents, user_words))
        with _running((writer,)):
            yield
        return
    receiving, sending = context.Pipe(duplex=False)
    half = len(documents) // 2
    cutter = context.Process(target=_child, name="word-cutter",
                             args=(_send_cuts, sending, [text for _, text in documents[half:]], user_words))
    writer = context.Process(target=_child, name="word-writer",
                             args=(write_words, build_dir, documents, user_words, (half, receiving)))
    with _running((cutter, writer), receiving, sending):
        yield


@contextmanager
def _running(workers, *parent_ends):
    """Start ``workers``, run the block, wait for them; stop them if the block fails, raise if they did."""
    for worker in workers:
        worker.start()
    # Only the children use the pipe: closing the builder's ends lets a child see the other one die.
    for end in parent_ends:
        end.close()
    try:
        yield
    except BaseException:
        for worker in workers:
            worker.terminate()
        raise
    finally:
        for worker in workers:
            worker.join()
    failed = [f"{worker.name} (exit {worker.exitcode})" for worker in workers if worker.exitcode]
    if failed:
        raise RuntimeError(f"writing the word index failed: {', '.join(failed)}")
