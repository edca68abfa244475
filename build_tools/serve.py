"""The site's local server (``make serve``): the built ``site/`` on 127.0.0.1, compressed, with the right types.

The standard library's ``http.server`` serves neither compressed responses nor ``.mjs`` as JavaScript, and a
browser compiles ``.wasm`` as it streams only when it is served as ``application/wasm``. This server adds that,
and answers as the host configurations of ``build_tools/policy.py`` make nginx, Netlify or Cloudflare Pages answer:

* the precompressed copy that ``make site`` writes next to a file (``file.br``, ``file.gz``:
  build_tools/precompress.py), brotli first, when the client accepts it; a compressible file without copies is
  gzipped (level 9) here, once, and kept in memory while its size and time stay the same;
* the Content-Security-Policy, the other security headers and the ``Cache-Control`` of ``build_tools/policy.py``
  (so the browser tests run under the policy that the site publishes);
* nothing outside the served folder: a path that leads out of it, through ``..`` or a symbolic link, is missing;
* ``text/javascript`` for ``.js``/``.mjs``, ``application/wasm`` for ``.wasm``;
* an ``ETag`` per file and encoding, over HTTP/1.1: a browser keeps every file and asks each time whether it
  changed (``If-None-Match``, or ``If-Modified-Since`` alone), except the files whose name holds a hash of their
  content, kept for good; so a rebuilt site is never stale and an unchanged file costs a ``304`` without a body;
* a missing path gets the site's own 404 page (status 404) in the language of the path: ``/en/…`` the English
  ``en/404.html``, anything else the Chinese ``zh/404.html``, as a static host set up for the site would answer;
* with ``--base /tbsc55/``, the site under that path, as a host publishing it under a sub-path serves it (build it
  with the same ``make site BASE=/tbsc55/`` for its 404 pages); anything outside that path is missing.

    python -m build_tools.serve [--port 8000] [--base /] [site]
"""

from __future__ import annotations

import argparse
import contextlib
import email.utils
import functools
import gzip
import hashlib
import http.server
import os
import sys
import threading
import urllib.parse
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from build_tools import policy

COMPRESSED_TYPES = ("text/", "application/javascript", "application/json", "application/wasm", "application/zip")
COMPRESSED_SUFFIXES = {".html", ".css", ".js", ".mjs", ".json", ".wasm", ".zip", ".svg", ".xml", ".txt", ".map"}
TYPES = {
    ".js": "text/javascript",
    ".mjs": "text/javascript",
    ".wasm": "application/wasm",
    ".json": "application/json",
    ".zip": "application/zip",
    ".svg": "image/svg+xml",
    ".webmanifest": "application/manifest+json",
}


def accepts_gzip(header: str | None) -> bool:
    """Whether an ``Accept-Encoding`` header allows gzip (``gzip;q=0`` and ``*;q=0`` refuse it)."""
    return accepts(header, "gzip")


def accepts(header: str | None, encoding: str) -> bool:
    """Whether an ``Accept-Encoding`` header allows ``encoding`` (``br;q=0`` and ``*;q=0`` refuse it)."""
    if not header:
        return False
    allowed: dict[str, float] = {}
    for part in header.split(","):
        name, _, params = part.strip().partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        allowed[name.strip().lower()] = quality
    aliases = {"gzip": "x-gzip"}
    return allowed.get(encoding, allowed.get(aliases.get(encoding, encoding), allowed.get("*", 0.0))) > 0


class _Cache:
    """Each file's bytes, ETag and gzip body, read and compressed once per (path, size, mtime)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._locks: dict[str, threading.Lock] = {}
        self._entries: dict[str, tuple[tuple[int, int], str, bytes, bytes | None]] = {}

    def get(self, path: str, compress: bool) -> tuple[str, bytes, bytes | None]:
        with self._lock:
            file_lock = self._locks.setdefault(path, threading.Lock())
        with file_lock:  # two requests for the same big file compress it once
            stat = os.stat(path)
            key = (stat.st_size, stat.st_mtime_ns)
            cached = self._entries.get(path)
            if cached is None or cached[0] != key:
                data = Path(path).read_bytes()
                cached = (key, '"' + hashlib.sha256(data).hexdigest()[:20] + '"', data, None)
            if compress and cached[3] is None:
                cached = (*cached[:3], gzip.compress(cached[2], compresslevel=9, mtime=0))
            self._entries[path] = cached
            return cached[1], cached[2], cached[3]


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with compression, exact types and revalidation (see the module docstring)."""

    # An instance attribute of the base class, given here for every instance (not a ClassVar, which mypy refuses).
    extensions_map: dict[str, str] = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}  # noqa: RUF012
    # HTTP/1.1, as real hosts answer: a browser revalidates with the ETag only for an HTTP/1.1 server (for an
    # HTTP/1.0 one it sends the date alone), and keeps connections open.
    protocol_version = "HTTP/1.1"
    cache: ClassVar[_Cache] = _Cache()
    quiet: ClassVar[bool] = False
    base: ClassVar[str] = "/"  # the path the site is served under

    def send_head(self) -> object:  # type: ignore[override]
        asked = urllib.parse.urlsplit(self.path)
        if asked.path == self.base.rstrip("/") and self.base != "/":
            self._redirect(self.base)
            return None
        if not asked.path.startswith(self.base):
            self.send_error(http.HTTPStatus.NOT_FOUND, "File not found")
            return None
        original, self.path = self.path, "/" + self.path[len(self.base) :]
        try:
            return self._send_site_file()
        finally:
            self.path = original

    def _redirect(self, location: str) -> None:
        self.send_response(http.HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _send_site_file(self) -> object:
        """``send_head`` for ``self.path`` as a path from the site's root."""
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self._inside(path):
            asked = urllib.parse.urlsplit(self.path)
            if not asked.path.endswith("/"):  # the redirect to "dir/", under the base
                location = self.base.rstrip("/") + asked.path + "/"
                self._redirect(urllib.parse.urlunsplit(("", "", location, asked.query, "")))
                return None
            path = os.path.join(path, "index.html")
        status = http.HTTPStatus.OK
        if not self._inside(path) or not os.path.isfile(path):
            page = self._not_found_page()
            if page is None:
                self.send_error(http.HTTPStatus.NOT_FOUND, "File not found")
                return None
            path, status = page, http.HTTPStatus.NOT_FOUND
        content_type = self.guess_type(path)
        compressible = Path(path).suffix in COMPRESSED_SUFFIXES or content_type.startswith(COMPRESSED_TYPES)
        header = self.headers.get("Accept-Encoding")
        # The copies that `make site` wrote (brotli first), as nginx's gzip_static would send them; gzip here else.
        encoding, source = None, path
        for name, suffix in (("br", ".br"), ("gzip", ".gz")):
            if compressible and accepts(header, name) and self._inside(path + suffix) and os.path.isfile(path + suffix):
                encoding, source = name, path + suffix
                break
        gzip_here = encoding is None and compressible and accepts(header, "gzip")
        try:
            etag, data, compressed = self.cache.get(source, gzip_here)
        except OSError:
            self.send_error(http.HTTPStatus.NOT_FOUND, "File not found")
            return None
        if gzip_here and compressed is not None:
            encoding, data = "gzip", compressed
            etag = etag[:-1] + '-gz"'
        if status == http.HTTPStatus.OK and self._not_modified(etag, os.path.getmtime(path)):  # a 404 always is
            self.send_response(http.HTTPStatus.NOT_MODIFIED)
            self._common_headers(path, etag, compressible)
            self.end_headers()
            return None
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        if encoding is not None:
            self.send_header("Content-Encoding", encoding)
        self.send_header("Last-Modified", email.utils.formatdate(os.path.getmtime(path), usegmt=True))
        self._common_headers(path, etag, compressible)
        self.end_headers()
        return data

    def _not_modified(self, etag: str, mtime: float) -> bool:
        """Whether the client's copy is current: its ETag when it sends one, else its date (RFC 9110, 13.2.2)."""
        if "If-None-Match" in self.headers:
            return etag in [tag.strip() for tag in self.headers.get("If-None-Match", "").split(",")]
        try:
            since = email.utils.parsedate_to_datetime(self.headers.get("If-Modified-Since", ""))
        except (TypeError, ValueError):  # absent or not a date: ignored, as the RFC asks
            return False
        return since.tzinfo is not None and int(mtime) <= since.timestamp()

    def _inside(self, path: str) -> bool:
        """Whether ``path``, its symbolic links followed, is in the served folder."""
        root = os.path.realpath(self.directory)
        return os.path.commonpath([root, os.path.realpath(path)]) == root

    def _not_found_page(self) -> str | None:
        """The site's own 404 page for a missing path, in the language the path is under (/en/… → en/404.html);
        the Chinese one for paths under no language. None if the directory has no such page."""
        directory = Path(os.path.realpath(self.directory))
        # translate_path has resolved "..", so the first part is a folder of the served directory, or nothing.
        # (realpath, not Path.resolve: a link that loops is a missing path, not an error.)
        try:
            parts = Path(os.path.realpath(self.translate_path(self.path))).relative_to(directory).parts
        except ValueError:  # a link in the site that leads out of it
            parts = ()
        for lang in (parts[0] if parts else "zh", "zh"):
            page = directory / lang / "404.html"
            if page.is_file() and self._inside(str(page)):
                return str(page)
        return None

    def _common_headers(self, path: str, etag: str, compressible: bool) -> None:
        self.send_header("ETag", etag)
        relative = Path(os.path.realpath(path)).relative_to(os.path.realpath(self.directory)).as_posix()
        for name, value in policy.headers_for(relative).items():
            self.send_header(name, value)
        if compressible:
            self.send_header("Vary", "Accept-Encoding")

    def do_GET(self) -> None:
        body = self.send_head()
        if isinstance(body, bytes):
            self.wfile.write(body)

    def do_HEAD(self) -> None:
        self.send_head()

    def log_message(self, format: str, *args: object) -> None:
        if not self.quiet:
            super().log_message(format, *args)


class _QuietHandler(SiteHandler):
    quiet = True


class SiteServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        # A reader who leaves the page mid-download hangs up: nothing went wrong here, so no traceback.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


def make_server(directory: Path | str, port: int = 0, quiet: bool = True, base: str = "/") -> SiteServer:
    """A server of ``directory`` on 127.0.0.1 (port 0: a free one) under the path ``base``; call ``serve_forever``
    to run it. ``ValueError`` if ``base`` is not a base path (:func:`build_tools.policy.base_path`)."""
    handler = type("Handler", (_QuietHandler if quiet else SiteHandler,), {"base": policy.base_path(base)})
    return SiteServer(("127.0.0.1", port), functools.partial(handler, directory=str(directory)))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Serve the built site on 127.0.0.1, compressed.")
    parser.add_argument("directory", nargs="?", default="site", type=Path)
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--base", default="/", help="the path to serve the site under, e.g. /tbsc55/ (default /)")
    args = parser.parse_args(argv)
    if not args.directory.is_dir():
        print(f"{args.directory}: no such directory (run `make site` first)", file=sys.stderr)
        return 2
    try:
        server = make_server(args.directory, args.port, quiet=False, base=args.base)
    except ValueError as error:
        print(f"--base: {error}", file=sys.stderr)
        return 2
    with server as httpd:
        where = f"http://127.0.0.1:{httpd.server_address[1]}{args.base}"
        print(f"Serving {args.directory}/ at {where} (Ctrl-C stops)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            httpd.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
