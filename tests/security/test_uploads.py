"""Hostile uploads: every file the check and lookup take (XLIFF, TMX, PO, CSV, term lists) and TBX.

Each attack is refused with a 4xx JSON error naming the fault, and nothing is
read from disk or the network: an external entity names a temporary file with
a marker that must never appear in an answer, and a network entity names a
port on which a listening socket must receive no connection. XML goes through
defusedxml (no DTDs, no entity declarations) before translate-toolkit sees it
(glossary/check/segments.py).
"""

from __future__ import annotations

import io
import json
import socket

import pytest
from click.testing import CliRunner
from werkzeug.datastructures import FileStorage
from werkzeug.test import EnvironBuilder, encode_multipart, run_wsgi_app

from cli.main import cli

MARKER = "SECRET-MARKER-7f3a"

XLIFF = """<?xml version="1.0" encoding="UTF-8"?>
{doctype}<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
  <file original="x" source-language="zh-CN" target-language="en" datatype="plaintext"><body>
    <trans-unit id="p1"><source>三北工程</source><target>{target}</target></trans-unit>
  </body></file>
</xliff>
"""
TMX = """<?xml version="1.0" encoding="UTF-8"?>
{doctype}<tmx version="1.4"><header srclang="zh-CN" datatype="plaintext" segtype="sentence" adminlang="en"
  creationtool="t" creationtoolversion="1" o-tmf="t"/><body>
  <tu tuid="1"><tuv xml:lang="zh-CN"><seg>三北工程</seg></tuv><tuv xml:lang="en"><seg>{target}</seg></tuv></tu>
</body></tmx>
"""
LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + "".join(f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">' for n in range(1, 10))
          + "]>\n")
QUADRATIC = '<!DOCTYPE q [<!ENTITY a "' + "x" * 50_000 + '">]>\n'


@pytest.fixture
def secret_file(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text(MARKER, encoding="utf-8")
    return path


@pytest.fixture
def listener():
    """A listening socket on a free local port; yields (port, was_connected)."""
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.setblocking(False)

    def connected() -> bool:
        try:
            conn, _ = server.accept()
        except BlockingIOError:
            return False
        conn.close()
        return True

    yield server.getsockname()[1], connected
    server.close()


def attacks(secret, port):
    """(name, doctype, target) of every XML attack, for XLIFF and TMX alike."""
    return [
        ("billion laughs", LAUGHS, "&lol9;"),
        ("quadratic blowup", QUADRATIC, "&a;" * 2000),
        ("external file entity", f'<!DOCTYPE x [<!ENTITY s SYSTEM "file://{secret}">]>\n', "&s;"),
        ("external parameter entity", f'<!DOCTYPE x [<!ENTITY % p SYSTEM "file://{secret}"> %p;]>\n', "x"),
        ("network entity", f'<!DOCTYPE x [<!ENTITY n SYSTEM "http://127.0.0.1:{port}/e">]>\n', "&n;"),
        ("external DTD (file)", f'<!DOCTYPE xliff SYSTEM "file://{secret}">\n', "x"),
        ("external DTD (network)", f'<!DOCTYPE xliff SYSTEM "http://127.0.0.1:{port}/d.dtd">\n', "x"),
        ("internal DTD", "<!DOCTYPE xliff [<!ELEMENT xliff ANY>]>\n", "x"),
    ]


def post_form(client, path, fields):
    """A multipart POST encoded here: werkzeug's test client would spool a large body to a temporary file
    it never closes (a ResourceWarning that is the test's, not the app's)."""
    boundary, body = encode_multipart({name: FileStorage(*value) if isinstance(value, tuple) else value
                                       for name, value in fields.items()})
    return client.post(path, data=body, content_type=f"multipart/form-data; boundary={boundary}")


def post_file(client, data: bytes, name: str, path="/api/v1/check"):
    return post_form(client, path, {"file": (io.BytesIO(data), name)})


def assert_refused(response, status=400, *words):
    body = response.get_json()
    assert response.status_code == status, body
    assert body["ok"] is False and body["status"] == status
    for word in words:
        assert word.lower() in body["error"].lower(), body["error"]
    return body["error"]


@pytest.mark.parametrize("template,suffix", [(XLIFF, ".xlf"), (TMX, ".tmx"), (XLIFF, ".xliff")])
def test_xml_attacks_are_refused_and_nothing_is_read(client, secret_file, listener, template, suffix):
    port, connected = listener
    for name, doctype, target in attacks(secret_file, port):
        data = template.format(doctype=doctype, target=target).encode("utf-8")
        response = post_file(client, data, "attack" + suffix)
        message = assert_refused(response, 400, "DTDs and entity declarations are not accepted")
        assert MARKER not in response.get_data(as_text=True), name
        assert str(secret_file) not in message, name
        page = post_file(client, data, "attack" + suffix, "/check")
        assert page.status_code == 400 and MARKER not in page.get_data(as_text=True), name
        assert "DTD" in page.get_data(as_text=True)
    assert not connected(), "an entity or DTD was fetched from the network"


def test_the_same_files_are_read_when_harmless(client):
    """The attack templates are valid files once the attack is gone: the refusals above are the attack's."""
    for template, suffix in ((XLIFF, ".xlf"), (TMX, ".tmx")):
        data = template.format(doctype="", target="Three-North Shelterbelt Forest Program").encode("utf-8")
        body = post_file(client, data, "fine" + suffix).get_json()
        assert body["ok"] and body["segments"][0]["source"] == "三北工程"


def test_the_cli_refuses_the_attacks_too(secret_file, listener, tmp_path, index_dir):
    port, connected = listener
    for name, doctype, target in attacks(secret_file, port):
        path = tmp_path / "attack.xlf"
        path.write_text(XLIFF.format(doctype=doctype, target=target), encoding="utf-8")
        result = CliRunner().invoke(cli, ["check", str(path), "--index-dir", str(index_dir)])
        assert result.exit_code != 0 and isinstance(result.exception, SystemExit), (name, result.output)
        assert "DTDs and entity declarations are not accepted" in result.output, (name, result.output)
        assert MARKER not in result.output, name
    assert not connected()


def test_deep_nesting_is_a_clear_error(client):
    depth = 100_000
    data = (XLIFF.format(doctype="", target="<g>" * depth + "x" + "</g>" * depth)).encode("utf-8")
    message = assert_refused(post_file(client, data, "deep.xlf"), 400, "deep.xlf")
    assert "XLIFF" in message or "XML" in message
    deep = ("<a>" * depth + "</a>" * depth).encode()
    assert_refused(post_file(client, deep, "deep.tmx"), 400, "deep.tmx")


@pytest.mark.parametrize("name,data,words", [
    ("latin1.xlf", XLIFF.format(doctype="", target="café").encode().replace("é".encode(), b"\xe9"),
     ("not well-formed XML at line 4",)),
    ("unknown.xlf", XLIFF.format(doctype="", target="x").replace("UTF-8", "X-NO-SUCH").encode(),
     ("declares an encoding that is not known", "X-NO-SUCH")),
    ("utf16-declared.tmx", TMX.format(doctype="", target="x").replace("UTF-8", "UTF-16").encode(),
     ("encoding specified in XML declaration is incorrect",)),
    ("bad.po", b'msgid "\xff\xfe"\nmsgstr "\xc3\x28"\n', ("is not UTF-8 (byte 7)", "names no charset")),
    ("bad.csv", b"\xff\xfe\x00\xd8,x\n", ("cannot be read as CSV",)),
    ("nul.xlf", b"\x00" * 100, ("not well-formed XML at line 1",)),
])
def test_invalid_encodings_are_a_clear_error(client, name, data, words):
    assert_refused(post_file(client, data, name), 400, name, *words)


def test_term_lists_of_invalid_utf8_are_refused(client):
    for path in ("/lookup", "/lookup/download"):
        response = post_file(client, b"\xff\xfe\x00\xd8", "terms.txt", path)
        assert response.status_code == 400 and "not UTF-8 text" in response.get_data(as_text=True), path
    response = post_form(client, "/check", {"source": (io.BytesIO(b"\xc3\x28"), "zh.txt"), "target": "x"})
    assert response.status_code == 400 and "not UTF-8 text" in response.get_data(as_text=True)


def test_tbx_and_other_files_are_refused_by_name(client, secret_file):
    tbx = f'<?xml version="1.0"?><!DOCTYPE martif SYSTEM "file://{secret_file}"><martif/>'.encode()
    message = assert_refused(post_file(client, tbx, "glossary.tbx"), 400, "glossary.tbx", ".tbx")
    assert "XLIFF" in message and MARKER not in message


class Unreadable(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    def readable(self):
        return True

    def readinto(self, buffer):
        raise AssertionError("the body was read")


@pytest.mark.parametrize("path", ["/api/v1/check", "/api/v1/lookup", "/api/v1/recognize", "/check", "/lookup",
                                  "/lookup/download", "/check/issues.csv", "/recognize"])
def test_a_declared_2gb_body_is_refused_before_it_is_read(app, path):
    """Content-Length says 2 GB: the answer is a 413 naming the size and the limit, and no byte is read."""
    kind = "application/json" if path.startswith("/api/") else "multipart/form-data; boundary=x"
    environ = EnvironBuilder(path=path, method="POST", content_type=kind).get_environ()
    environ.update({"wsgi.input": Unreadable(), "CONTENT_LENGTH": str(2 * 1024 ** 3)})
    body, status, headers = run_wsgi_app(app, environ, buffered=True)
    text = b"".join(body).decode()
    assert status.startswith("413"), (path, status, text[:300])
    limit = "241024" if path == "/api/v1/recognize" else "2000000"  # recognize's own, smaller limit
    assert "2147483648" in text, text[:500]
    assert f"the limit is {limit} bytes" in text or f"上限为 {limit} 字节" in text, text[:500]
    if path.startswith("/api/"):
        assert json.loads(text)["status"] == 413


def test_a_body_over_the_limit_is_refused(client):
    big = json.dumps({"segments": [{"source": "三北" * 600_000, "target": "x"}]}).encode()
    response = client.post("/api/v1/check", data=big, content_type="application/json")
    assert response.status_code == 413
    assert "GLOSSARY_CHECK_MAX_BYTES" in response.get_json()["error"]
