"""Issue 12: the release's precompressed copies, the headers that serve.py sends, and the host configurations.

The copies are made by build_tools/precompress.py (brotli by Node's zlib, gzip -9) on a small site made here; the
brotli copies are checked by decompressing them with Node's zlib, the gzip ones with Python's.
"""

from __future__ import annotations

import gzip
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from build_tools import policy, precompress
from tests.serve.support import get, serving

ROOT = Path(__file__).resolve().parents[2]
HTML = "<!doctype html><title>t</title><p>卓越绩效服务认证技术规范</p>\n".encode() * 200
FILES = {
    "zh/index.html": HTML,
    "zh/404.html": "<!doctype html><h1>404 找不到此页</h1>\n".encode(),
    "zh/small.css": b"p{margin:0}\n",  # under 1 KB: no copies
    "zh/assets/logo.png": b"\x89PNG\r\n\x1a\n" + bytes(4000),  # not a compressible kind
    "pyodide/python_stdlib-0123456789ab.zip": b"PK\3\4" + b"import os\nimport sys\n" * 800,
    "pyodide/pyodide.asm.wasm": b"\0asm\1\0\0\0" + bytes(range(256)) * 64,
}


def brotli_decompress(data: bytes) -> bytes:
    done = subprocess.run(
        ["node", "-e", "process.stdout.write(require('zlib').brotliDecompressSync(require('fs').readFileSync(0)))"],
        input=data,
        capture_output=True,
        check=True,
    )
    return done.stdout


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("release")
    root = base / "site"
    for name, data in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    (base / "secret.html").write_bytes(b"<p>outside the site</p>" * 100)
    (base / "outside").mkdir()
    (base / "outside" / "index.html").write_bytes(b"<p>outside the site</p>" * 100)
    (base / "outside" / "page.html").write_bytes(b"<p>outside the site</p>" * 100)
    (root / "zh" / "copied.html").write_bytes(HTML)
    precompress.precompress(root)
    # Links made after the copies, so that precompress neither follows nor removes them.
    os.symlink(base / "secret.html", root / "zh" / "link.html")  # leads out of the site
    os.symlink(root / "zh" / "index.html", root / "zh" / "alias.html")  # stays inside
    os.symlink(base / "outside", root / "zh" / "folder")  # a folder out of the site
    os.symlink("../..", root / "zh" / "up")  # the site's parent, through a relative link
    os.symlink("zh", root / "en")  # a folder inside the site
    os.symlink("loop", root / "zh" / "loop")  # a link to itself
    (root / "zh" / "copied.html.br").unlink()
    os.symlink(base / "secret.html", root / "zh" / "copied.html.br")  # a precompressed copy out of the site
    return root


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[tuple[str, int]]:
    with serving(site) as address:
        yield address


COMPRESSIBLE = ["zh/index.html", "pyodide/python_stdlib-0123456789ab.zip", "pyodide/pyodide.asm.wasm"]


@pytest.mark.parametrize("name", COMPRESSIBLE)
def test_compressible_files_get_brotli_and_gzip_copies_that_decompress_to_them(site: Path, name: str) -> None:
    original = (site / name).read_bytes()
    br = (site / f"{name}.br").read_bytes()
    gz = (site / f"{name}.gz").read_bytes()
    assert brotli_decompress(br) == original
    assert gzip.decompress(gz) == original
    assert gz == gzip.compress(original, compresslevel=9, mtime=0)  # gzip -9, no name or time: reproducible
    assert len(br) < len(gz) < len(original)


@pytest.mark.parametrize("name", ["zh/small.css", "zh/404.html", "zh/assets/logo.png"])
def test_small_files_and_images_get_no_copies(site: Path, name: str) -> None:
    assert not (site / f"{name}.br").exists() and not (site / f"{name}.gz").exists()


def test_a_copy_whose_file_is_gone_is_removed(tmp_path: Path) -> None:
    (tmp_path / "a.js").write_bytes(b"let a = 1;\n" * 300)
    precompress.precompress(tmp_path)
    assert (tmp_path / "a.js.br").is_file()
    (tmp_path / "a.js").unlink()
    precompress.precompress(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("accept", "encoding", "suffix"),
    [
        ("gzip, deflate, br", "br", ".br"),
        ("gzip", "gzip", ".gz"),
        ("br;q=0, gzip", "gzip", ".gz"),
        ("identity", None, ""),
    ],
)
def test_the_server_sends_the_copy_the_client_accepts(
    server: tuple[str, int], site: Path, accept: str, encoding: str | None, suffix: str
) -> None:
    for name in COMPRESSIBLE:
        status, headers, body = get(server, f"/{name}", **{"Accept-Encoding": accept})
        assert status == 200
        assert headers.get("content-encoding") == encoding
        assert headers["vary"] == "Accept-Encoding"
        assert body == (site / f"{name}{suffix}").read_bytes()
        # Each encoding has its own ETag: a cache never gets one encoding's 304 for another's body.
        again = get(server, f"/{name}", **{"Accept-Encoding": accept, "If-None-Match": headers["etag"]})
        assert again[0] == 304


def test_every_response_carries_the_policy(server: tuple[str, int]) -> None:
    for path in ("/zh/index.html", "/zh/nothing/", "/pyodide/pyodide.asm.wasm"):
        _, headers, _ = get(server, path)
        for name, value in policy.security_headers().items():
            assert headers[name.lower()] == value
    assert get(server, "/pyodide/python_stdlib-0123456789ab.zip")[1]["cache-control"] == policy.LONG_CACHE
    assert get(server, "/zh/index.html")[1]["cache-control"] == "no-cache"


@pytest.mark.parametrize(
    "path",
    [
        "/zh/link.html",
        "/zh/folder/",
        "/zh/folder/page.html",
        "/zh/folder",  # not even a redirect that tells the folder exists
        "/zh/up/secret.html",
        "/zh/up/outside/page.html",
        "/zh/loop",
        "/zh/loop/",
    ],
)
def test_no_symbolic_link_leads_out_of_the_site(server: tuple[str, int], path: str) -> None:
    status, headers, body = get(server, path, **{"Accept-Encoding": "gzip, br"})
    assert status == 404
    assert "location" not in headers
    assert b"outside the site" not in body


def test_a_symbolic_link_that_stays_inside_is_followed(server: tuple[str, int]) -> None:
    assert get(server, "/zh/alias.html")[2] == HTML
    assert get(server, "/en/index.html")[2] == HTML  # through a linked folder


def test_a_precompressed_copy_that_leads_out_of_the_site_is_not_sent(server: tuple[str, int]) -> None:
    status, headers, body = get(server, "/zh/copied.html", **{"Accept-Encoding": "br"})
    assert status == 200 and "content-encoding" not in headers
    assert body == HTML


# --- the host configurations: one policy ------------------------------------------------------------------


def test_the_policy_allows_no_inline_script_and_no_eval() -> None:
    directives = policy.csp_directives()
    assert directives["script-src"] == "'self' 'wasm-unsafe-eval'"
    assert "unsafe" not in directives["style-src"]
    assert directives["object-src"] == directives["form-action"] == directives["base-uri"] == "'none'"


def test_deploy_nginx_conf_is_generated_from_the_policy() -> None:
    committed = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    assert committed == policy.nginx_conf(), "run: python -m build_tools.policy nginx > deploy/nginx.conf"
    for value in policy.security_headers().values():
        assert value in committed


@pytest.mark.parametrize(
    ("path", "long"),
    [
        ("pyodide/python_stdlib-2b43023816ed.zip", True),
        ("zh/assets/javascripts/bundle.a5f9d56c.min.js", True),
        ("en/assets/inline/26a5c35f23ab67c8.js", True),
        ("zh/pagefind/fragment/zh_3ac8a4a.pf_fragment", True),
        ("pyodide/pyodide.asm.wasm", False),
        ("zh/assets/calculator/calculator.js", False),
        ("zh/index.html", False),
        ("sw.js", False),
    ],
)
def test_only_content_hashed_names_are_kept_for_good(path: str, long: bool) -> None:
    assert (policy.cache_control(path) == policy.LONG_CACHE) is long
