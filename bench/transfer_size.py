"""Transfer size of the heaviest pages, uncompressed and as sent to a browser (issue 11).

Builds the index of the shipped seeds and glossary in a temporary folder (or
uses ``--index-dir``) and asks the app, through Flask's test client, for each
page with ``Accept-Encoding: identity`` (what was sent before compression),
``gzip`` and ``br, gzip`` (what a current browser gets).

    .venv/bin/python bench/transfer_size.py
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PAGES = ["/reports/nmg-2024?lang=zh", "/reports/nmg-2024?lang=en", "/terms?lang=en",
         "/search?q=发展&lang=en", "/api/v1/search?q=发展&limit=100"]


def main() -> int:
    from index.build import build_index
    from web import create_app

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--index-dir", type=Path)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        index_dir = args.index_dir or Path(tmp)
        if args.index_dir is None:
            build_index(index_dir)
        client = create_app({"INDEX_DIR": index_dir, "TESTING": True}).test_client()
        print("| page | uncompressed | gzip | brotli (br) |")
        print("|---|---:|---:|---:|")
        for url in PAGES:
            sizes = [len(client.get(url, headers={"Accept-Encoding": encoding}).data)
                     for encoding in ("identity", "gzip", "br, gzip")]
            print(f"| `{url}` | {sizes[0]:,} B | {sizes[1]:,} B | {sizes[2]:,} B ({sizes[2] / sizes[0]:.0%}) |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
