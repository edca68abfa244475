"""Issue 12, point 3: the site as a real nginx serves it with deploy/nginx.conf, under a sub-path (/tbsc55/).

The test starts Debian's nginx (``make test`` installs it, as it does Chromium) as its own process on a free port of
127.0.0.1, with deploy/nginx.conf as it is committed, in an ``http`` block written into a temporary folder (pid,
logs and temporary files there too); only its ``listen`` and ``root`` lines are changed, to that port and to a
folder whose ``tbsc55`` entry is site/. Then a reader's path through it: a specification page, the search, and the
calculator's first result from a shared link, with no policy violation and no console error.
"""

from __future__ import annotations

import grp
import http.client
import json
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from build_tools import policy
from scoring.browser import open_document

from .conftest import Outside, new_context
from .test_calculator import BOOT_MS, RESULT_MS, engine, make_document
from .test_policy import Watched, assert_whole_404_page

ROOT = Path(__file__).resolve().parents[2]
PREFIX = policy.NGINX_PREFIX
HTTP = """\
{user}pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
daemon off;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {tmp}/access.log;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/server.conf;
}}
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def server_block(tmp: Path, port: int) -> str:
    conf = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    listen, root = f"    listen {policy.NGINX_LISTEN};\n", f"    root {policy.NGINX_ROOT};\n"
    assert conf.count(listen) == 1 and conf.count(root) == 1
    return conf.replace(listen, f"    listen 127.0.0.1:{port};\n").replace(root, f"    root {tmp / 'www'};\n")


def worker_user() -> str:
    """nginx's workers run as the user running the test, so that they reach site/ wherever the clone lives: a
    clone under root's home (0700 on Debian) included. The directive counts only when that user is root (nginx's
    default would then be www-data); otherwise the workers are that user already."""
    if os.geteuid() != 0:
        return ""
    return f"user {pwd.getpwuid(os.geteuid()).pw_name} {grp.getgrgid(os.getegid()).gr_name};\n"


@pytest.fixture(scope="module")
def nginx(built_site: Path) -> Iterator[str]:
    with running_nginx(built_site) as url:
        yield url


@contextmanager
def running_nginx(site: Path) -> Iterator[str]:
    """nginx with deploy/nginx.conf serving ``site`` under the prefix; yields the site's URL."""
    executable = shutil.which("nginx") or "/usr/sbin/nginx"
    assert Path(executable).is_file(), "Debian's nginx is missing: `make system` installs it"
    # A folder of its own for nginx's configuration, logs and the prefix's link to site/ (the workers run as this
    # user, worker_user, so site/ may be anywhere this user can read).
    tmp = Path(tempfile.mkdtemp(prefix="tbsc55-nginx-"))
    (tmp / "www").mkdir()
    (tmp / "www" / PREFIX.strip("/")).symlink_to(site.resolve(), target_is_directory=True)
    port = free_port()
    (tmp / "server.conf").write_text(server_block(tmp, port), encoding="utf-8")
    (tmp / "nginx.conf").write_text(HTTP.format(tmp=tmp, user=worker_user()), encoding="utf-8")
    process = subprocess.Popen(
        [executable, "-p", str(tmp), "-c", str(tmp / "nginx.conf"), "-e", str(tmp / "error.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(200):  # up to 20 s for the port to answer
            if process.poll() is not None:
                raise AssertionError(f"nginx exited {process.returncode}: {process.stderr.read().decode()}")  # type: ignore[union-attr]
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}{PREFIX.rstrip('/')}"
    finally:
        process.terminate()
        process.wait(timeout=30)
        errors = (tmp / "error.log").read_text(encoding="utf-8") if (tmp / "error.log").is_file() else ""
        shutil.rmtree(tmp, ignore_errors=True)
        assert "[emerg]" not in errors and "[crit]" not in errors, errors


def head(url: str, path: str, accept: str = "gzip, deflate, br") -> tuple[int, dict[str, str]]:
    host, _, rest = url.removeprefix("http://").partition("/")
    connection = http.client.HTTPConnection(host, timeout=30)
    connection.request("GET", f"/{rest}/{path}", headers={"Accept-Encoding": accept})
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}


def test_nginx_sends_the_precompressed_files_with_their_types_and_the_policy(nginx: str) -> None:
    runtime = json.loads((ROOT / "site" / "pyodide" / "runtime.json").read_text(encoding="utf-8"))
    for path, content_type in [
        (f"pyodide/{runtime['pyodide_folder']}pyodide.asm.wasm", "application/wasm"),
        (f"pyodide/{runtime['pyodide_folder']}pyodide.asm.mjs", "text/javascript"),
        (f"pyodide/{runtime['stdlib']}", "application/zip"),
        ("zh/", "text/html"),
    ]:
        status, headers = head(nginx, path)
        assert status == 200, path
        assert headers["content-type"].split(";")[0] == content_type, path
        assert headers["content-encoding"] == "gzip", path  # gzip_static: the .gz beside it (no brotli module)
        assert headers["content-security-policy"] == policy.csp()
        assert headers["cache-control"] == policy.cache_control(path)
    for name in (runtime["stdlib"], f"{runtime['pyodide_folder']}pyodide.asm.wasm"):  # names that never change
        assert head(nginx, f"pyodide/{name}")[1]["cache-control"] == policy.LONG_CACHE
    status, headers = head(nginx, "en/no-such-page/")
    assert status == 404 and headers["content-security-policy"] == policy.csp()
    # The PDFs (both languages' folders): the policy of a document, which leaves Chromium's PDF viewer alone.
    for lang in ("zh", "en"):
        status, headers = head(nginx, f"{lang}/downloads/cts-tbsc55-2026-b0-{lang}.pdf")
        assert (status, headers["content-type"]) == (200, "application/pdf"), lang
        assert headers["content-security-policy"] == policy.DOCUMENT_CSP, lang
        assert headers["x-content-type-options"] == "nosniff" and headers["cache-control"] == policy.NO_CACHE


def test_a_spec_page_and_the_404_page_under_the_sub_path(page: Page, nginx: str) -> None:
    watched = Watched(page)
    page.goto(f"{nginx}/zh/spec/chapter-5/")
    page.wait_for_load_state("networkidle")
    # The theme's style sheet applies (its header is fixed at the top) and its script ran.
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    assert page.evaluate("typeof __md_scope") == "object"
    watched.assert_clean()
    response = page.goto(f"{nginx}/en/spec/no-such-page/")
    assert response is not None and response.status == 404
    page.wait_for_load_state("networkidle")
    assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
    home = page.get_attribute(".md-header__button.md-logo", "href")
    assert home is not None and home.startswith(f"{PREFIX}en/")


@pytest.mark.parametrize("path", ["en/a/b/c/d/e/", "en/no-such-page", "en/spec/chapter-5/missing/deeper/"])
def test_the_404_page_is_whole_at_any_depth_under_the_sub_path(page: Page, nginx: str, path: str) -> None:
    """A site built for the root: nginx's sub_filter puts the prefix in front of its 404 page's URLs."""
    assert_whole_404_page(page, nginx, path)


def test_a_site_built_for_the_sub_path_has_its_404_page_whole_at_any_depth(page: Page, subpath_site: Path) -> None:
    """A site built with BASE=/tbsc55/: its 404 page names its files from there, and nginx's rewriting finds
    nothing to change."""
    with running_nginx(subpath_site) as url:
        for path in ("en/a/b/c/d/e/", "en/no-such-page"):
            assert_whole_404_page(page, url, path)


def test_search_under_the_sub_path(page: Page, nginx: str) -> None:
    watched = Watched(page)
    page.goto(f"{nginx}/en/")
    page.click(".site-search__open")
    page.fill(".site-search__input", "internal audit")
    page.wait_for_selector(".site-search__results a", timeout=RESULT_MS)
    hrefs = page.eval_on_selector_all(".site-search__results a", "els => els.map(e => e.href)")
    assert hrefs and all(href.startswith(f"{nginx}/en/") for href in hrefs)
    watched.assert_clean()


def test_the_calculators_first_result_from_a_shared_link(browser: Browser, outside: Outside, nginx: str) -> None:
    context = new_context(browser, outside, service_workers="allow")  # a fresh profile, with the service worker
    page = context.new_page()
    watched = Watched(page)
    document = make_document(7, 2)
    result = engine(document)
    vector = json.loads(open_document(json.dumps(document), "json"))["vector"]
    page.goto(f"{nginx}/zh/calculator/#{vector}")
    page.wait_for_function(
        "() => document.querySelector('.calc-summary')?.dataset.state === 'ok'", timeout=BOOT_MS, polling=250
    )
    assert page.get_attribute('[data-testid="stars"]', "data-value") == str(result["certification"]["stars"])
    assert page.get_attribute('[data-testid="service-score"]', "data-value") == result["service"]["score"]
    # The service worker is registered for the site's root under the sub-path, not the server's.
    scope = page.evaluate("async () => (await navigator.serviceWorker.ready).scope")
    assert scope == f"{nginx}/"
    watched.assert_clean()
    context.close()
