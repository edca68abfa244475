"""build_tools/serve.py, the server of `make serve`: compression, types, revalidation, only 127.0.0.1."""

from __future__ import annotations

import gzip
import http.client
from collections.abc import Iterator
from pathlib import Path

import pytest

from build_tools import policy
from build_tools.serve import accepts_gzip, make_server
from tests.serve.support import get, serving

WASM = b"\0asm\1\0\0\0" + bytes(range(256)) * 64
FILES = {
    "pyodide/pyodide.asm.wasm": WASM,
    "pyodide/pyodide.mjs": b"export const x = 1;\n" * 200,
    "pyodide/python_stdlib-0123456789ab.zip": b"PK\3\4" + b"import os\n" * 500,
    "pyodide/runtime.json": b'{"a": 1}\n' * 100,
    "zh/index.html": "<!doctype html><p>卓越绩效</p>\n".encode() * 100,
    "zh/assets/site.css": b"body { margin: 0 }\n" * 100,
    "zh/assets/logo.png": b"\x89PNG\r\n\x1a\n" + bytes(200),
    "zh/downloads/cts-tbsc55-2026-b0-zh.pdf": b"%PDF-1.7\n" + bytes(300),
    "zh/404.html": "<!doctype html><h1>404 找不到此页</h1>\n".encode(),
    "en/404.html": b"<!doctype html><h1>404 Page not found</h1>\n",
}


def site_tree(root: Path) -> Path:
    for name, data in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    with serving(site_tree(tmp_path_factory.mktemp("site"))) as address:
        yield address


def test_it_listens_on_127_0_0_1_only(server: tuple[str, int]) -> None:
    assert server[0] == "127.0.0.1"


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/pyodide/pyodide.asm.wasm", "application/wasm"),
        ("/pyodide/pyodide.mjs", "text/javascript"),
        ("/pyodide/python_stdlib-0123456789ab.zip", "application/zip"),
        ("/pyodide/runtime.json", "application/json"),
        ("/zh/", "text/html"),
        ("/zh/assets/site.css", "text/css"),
    ],
)
def test_text_code_and_webassembly_are_gzipped_with_their_exact_type(
    server: tuple[str, int], path: str, content_type: str
) -> None:
    status, headers, body = get(server, path, **{"Accept-Encoding": "gzip, deflate, br"})
    assert status == 200
    assert headers["content-type"].split(";")[0] == content_type
    assert headers["content-encoding"] == "gzip"
    assert headers["vary"] == "Accept-Encoding"
    assert int(headers["content-length"]) == len(body)
    name = path.removeprefix("/") + ("index.html" if path.endswith("/") else "")
    assert gzip.decompress(body) == FILES[name]
    assert len(body) < len(FILES[name]) / 2


@pytest.mark.parametrize("accept", [None, "identity", "gzip;q=0", "br", "*;q=0"])
def test_a_client_that_does_not_accept_gzip_gets_the_file_as_is(server: tuple[str, int], accept: str | None) -> None:
    status, headers, body = get(server, "/pyodide/pyodide.asm.wasm", **({"Accept-Encoding": accept} if accept else {}))
    assert status == 200
    assert "content-encoding" not in headers
    assert headers["content-type"] == "application/wasm"
    assert body == WASM


def test_a_pdf_is_sent_as_a_document_that_the_browsers_viewer_may_show(server: tuple[str, int]) -> None:
    """The site's policy blocks Chromium's PDF viewer (object-src 'none'): a PDF gets the policy of a document."""
    status, headers, body = get(server, "/zh/downloads/cts-tbsc55-2026-b0-zh.pdf")
    assert (status, headers["content-type"]) == (200, "application/pdf")
    assert headers["content-security-policy"] == policy.DOCUMENT_CSP == "frame-ancestors 'self'"
    assert headers["x-content-type-options"] == "nosniff"
    assert body == FILES["zh/downloads/cts-tbsc55-2026-b0-zh.pdf"]
    assert get(server, "/zh/")[1]["content-security-policy"] == policy.csp()


def test_images_are_not_compressed_again(server: tuple[str, int]) -> None:
    status, headers, body = get(server, "/zh/assets/logo.png", **{"Accept-Encoding": "gzip"})
    assert (status, headers.get("content-encoding"), body) == (200, None, FILES["zh/assets/logo.png"])


def test_an_unchanged_file_is_revalidated_without_a_body(server: tuple[str, int]) -> None:
    _, first, _ = get(server, "/pyodide/pyodide.asm.wasm", **{"Accept-Encoding": "gzip"})
    assert first["cache-control"] == "no-cache"
    status, headers, body = get(
        server, "/pyodide/pyodide.asm.wasm", **{"Accept-Encoding": "gzip", "If-None-Match": first["etag"]}
    )
    assert (status, body, headers["etag"]) == (304, b"", first["etag"])
    status, _, body = get(server, "/pyodide/pyodide.asm.wasm", **{"If-None-Match": '"something-else"'})
    assert (status, body) == (200, WASM)


@pytest.mark.parametrize(
    ("since", "status"),
    [
        ("Tue, 30 Nov 2100 00:00:00 GMT", 304),  # after the file's time: the client's copy is current
        ("Sat, 01 Jan 2000 00:00:00 GMT", 200),  # before it: changed since
        ("yesterday", 200),  # not a date: ignored
        ("Tue, 30 Nov 2100 00:00:00", 200),  # no zone: not an HTTP date, ignored
        ("Tue, 99 Nov 2100 99:99:99 GMT", 200),  # out of range: ignored
    ],
)
def test_a_client_without_the_etag_is_answered_by_date(server: tuple[str, int], since: str, status: int) -> None:
    got, _, body = get(server, "/pyodide/runtime.json", **{"If-Modified-Since": since})
    assert (got, body) == (status, b"" if status == 304 else FILES["pyodide/runtime.json"])


def test_the_etag_decides_over_the_date(server: tuple[str, int]) -> None:
    later = "Tue, 30 Nov 2100 00:00:00 GMT"
    status, _, body = get(server, "/pyodide/runtime.json", **{"If-None-Match": '"other"', "If-Modified-Since": later})
    assert (status, body) == (200, FILES["pyodide/runtime.json"])


def test_it_answers_in_http_1_1_and_keeps_the_connection(server: tuple[str, int]) -> None:
    """A browser revalidates with the ETag only for an HTTP/1.1 server; several requests share one connection."""
    connection = http.client.HTTPConnection(*server, timeout=30)
    try:
        for path in ("/zh/", "/zh/nothing.js", "/zh", "/pyodide/runtime.json"):
            connection.request("GET", path)
            response = connection.getresponse()
            response.read()
            assert response.version == 11, path
    finally:
        connection.close()


def test_a_directory_without_its_slash_is_redirected_and_a_missing_file_is_404(server: tuple[str, int]) -> None:
    status, headers, _ = get(server, "/zh")
    assert (status, headers["location"]) == (301, "/zh/")
    assert get(server, "/zh/nothing.js")[0] == 404
    assert get(server, "/../etc/passwd")[0] == 404


@pytest.mark.parametrize(
    ("path", "page"),
    [
        ("/en/spec/chapter-9/", "en/404.html"),
        ("/en/nothing.js", "en/404.html"),
        ("/zh/spec/chapter-9/", "zh/404.html"),
        ("/nothing/at/all", "zh/404.html"),  # under no language: the authoritative (Chinese) site's page
        ("/../en/nothing", "en/404.html"),
        ("/fr/page/", "zh/404.html"),
        ("/en/?q=1", None),  # a folder without index.html: the site's page too
    ],
)
def test_a_missing_path_gets_the_sites_404_page_in_its_language(
    server: tuple[str, int], path: str, page: str | None
) -> None:
    status, headers, body = get(server, path, **{"Accept-Encoding": "identity"})
    assert status == 404
    assert headers["content-type"].split(";")[0] == "text/html"
    assert body == FILES[page or "en/404.html"]
    # Asked again with its ETag, it is still a 404 with its body, never a "304 not modified".
    again = get(server, path, **{"If-None-Match": headers["etag"]})
    assert again[0] == 404


@pytest.mark.parametrize(
    ("header", "accepted"),
    [("gzip", True), ("deflate, gzip;q=0.5", True), ("*", True), ("gzip;q=0", False), ("x-gzip", True), ("", False)],
)
def test_accept_encoding_is_read_with_its_weights(header: str, accepted: bool) -> None:
    assert accepts_gzip(header) is accepted


def test_a_reader_who_hangs_up_is_not_reported_as_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    httpd = make_server(tmp_path)
    try:
        for error in (BrokenPipeError(32, "Broken pipe"), ConnectionResetError(104, "reset"), ValueError("a bug")):
            try:
                raise error
            except Exception:
                httpd.handle_error(None, ("127.0.0.1", 50000))  # what socketserver calls when a request fails
    finally:
        httpd.server_close()
    err = capsys.readouterr().err
    assert "ValueError: a bug" in err
    assert "BrokenPipeError" not in err and "ConnectionResetError" not in err


# --- under a sub-path (--base), as a host that publishes the site at https://example.org/tbsc55/ ---------------


@pytest.fixture(scope="module")
def under_base(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    with serving(site_tree(tmp_path_factory.mktemp("site-under-base")), base="/tbsc55/") as address:
        yield address


def test_under_a_base_path_the_site_is_there_and_nowhere_else(under_base: tuple[str, int]) -> None:
    status, _, body = get(under_base, "/tbsc55/zh/", **{"Accept-Encoding": "identity"})
    assert (status, body) == (200, FILES["zh/index.html"])
    for outside in ("/zh/", "/zh/index.html", "/tbsc55x/zh/", "/", "/pyodide/runtime.json"):
        status, _, body = get(under_base, outside)
        assert status == 404, outside
        assert body not in FILES.values()


@pytest.mark.parametrize(("path", "location"), [("/tbsc55", "/tbsc55/"), ("/tbsc55/zh", "/tbsc55/zh/")])
def test_under_a_base_path_folders_redirect_within_it(under_base: tuple[str, int], path: str, location: str) -> None:
    status, headers, _ = get(under_base, path)
    assert (status, headers["location"]) == (301, location)


@pytest.mark.parametrize(
    ("path", "page"),
    [
        ("/tbsc55/en/spec/chapter-9/", "en/404.html"),
        ("/tbsc55/en/a/b/c/d/e/", "en/404.html"),
        ("/tbsc55/zh/nothing.js", "zh/404.html"),
        ("/tbsc55/nothing", "zh/404.html"),
    ],
)
def test_under_a_base_path_a_missing_path_gets_the_404_page_of_its_language(
    under_base: tuple[str, int], path: str, page: str
) -> None:
    status, _, body = get(under_base, path, **{"Accept-Encoding": "identity"})
    assert (status, body) == (404, FILES[page])


@pytest.mark.parametrize(
    "base", ["tbsc55", "/tbsc55", "tbsc55/", "//example.org/", "/a/../", "/./", '/a"b/', "/a b/", "/é/", ""]
)
def test_a_base_that_is_not_a_plain_path_is_refused(tmp_path: Path, base: str) -> None:
    with pytest.raises(ValueError, match="not a base path"):
        make_server(tmp_path, base=base)
