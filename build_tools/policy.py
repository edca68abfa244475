"""The one definition of what a host sends with the site (issue 12): its Content-Security-Policy, the other security
headers, and which files may be cached for good.

Everything that publishes these headers is generated from here, so that the hosts cannot drift apart:

* ``build_tools/serve.py`` (``make serve`` and the browser tests) sends :func:`headers_for` with every response;
* ``site/_headers`` (Netlify, Cloudflare Pages) is :func:`netlify_headers`, written by ``build_tools/publish_hook.py``;
* ``deploy/nginx.conf`` is :func:`nginx_conf`; ``python -m build_tools.policy nginx > deploy/nginx.conf`` rewrites it,
  and tests/serve checks that the committed file is what this module generates.

The policy allows scripts from the site itself and the compilation of WebAssembly (Pyodide, Pagefind), nothing inline:
build_tools/publish_hook.py moves every inline script of the pages into a file. The one inline style the site needs
is the report's (``scoring/report.css``, in the ``<style>`` of the report that the calculator prints from a
``srcdoc`` frame, which inherits the page's policy): it is allowed by its SHA-256, computed here from the file.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import re
import sys
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPORT_CSS = ROOT / "scoring" / "report.css"

# The sub-path deploy/nginx.conf serves the site under (the README's example: https://example.org/tbsc55/).
NGINX_PREFIX = "/tbsc55/"
# A base path: "/", or "/" and path segments each ending in "/" (letters, digits, "-", "_", ".", "~").
_BASE = re.compile(r"/(?:[A-Za-z0-9_~-][A-Za-z0-9._~-]*/)*")
NGINX_ROOT = "/srv/www"  # site/ is copied to /srv/www/tbsc55/
NGINX_LISTEN = "80"

LONG_CACHE = "public, max-age=31536000, immutable"
NO_CACHE = "no-cache"

# Paths (from the site's root) of files whose name carries a hash of their content: a new content is a new name,
# so a browser may keep them for a year without asking. Everything else is revalidated on each use (ETag, 304).
# Each entry: the Netlify/Cloudflare path pattern, and the same set as a regular expression on the path.
HASHED = (
    ("/pyodide/pyodide-*", r"pyodide/pyodide-[0-9a-f]{12}/pyodide\.(?:mjs|asm\.mjs|asm\.wasm)"),  # a folder's name
    ("/pyodide/python_stdlib-*", r"pyodide/python_stdlib-[0-9a-f]{12}\.zip"),
    ("/pyodide/scoring-*", r"pyodide/scoring-[0-9a-f]{12}\.zip"),
    ("/*/assets/inline/*", r"[a-z]+/assets/inline/[0-9a-f]{16}\.js"),
    ("/*/assets/javascripts/bundle.*", r"[a-z]+/assets/javascripts/bundle\.[0-9a-f]{8}\.min\.js(\.map)?"),
    ("/*/assets/stylesheets/main.*", r"[a-z]+/assets/stylesheets/main\.[0-9a-f]{8}\.min\.css(\.map)?"),
    ("/*/assets/stylesheets/palette.*", r"[a-z]+/assets/stylesheets/palette\.[0-9a-f]{8}\.min\.css(\.map)?"),
    ("/*/pagefind/fragment/*", r"[a-z]+/pagefind/fragment/[^/]+\.pf_fragment"),
    ("/*/pagefind/index/*", r"[a-z]+/pagefind/index/[^/]+\.pf_index"),
)
# Never kept without asking: the service worker (a browser checks it for updates, and must see a new build at once).
SERVICE_WORKER = "sw.js"


def base_path(value: str) -> str:
    """``value`` if it is a base path the site can be published under (``/``, ``/tbsc55/``, ``/a/b/``): it starts and
    ends with ``/`` and its segments are plain names, so that it can be written into a page as it is. Anything else
    (``tbsc55``, ``//host/``, ``/a/../``, quotes, spaces) is refused with ``ValueError``."""
    if not _BASE.fullmatch(value) or any(part in {".", ".."} for part in value.split("/")):
        raise ValueError(f"not a base path (/ or /name/…/, names of letters, digits, -, _, ., ~): {value[:80]!r}")
    return value


def report_style_hash() -> str:
    """The CSP source that allows the report's own ``<style>`` (its text is ``scoring/report.css`` as it is)."""
    digest = hashlib.sha256(REPORT_CSS.read_bytes()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def csp_directives() -> dict[str, str]:
    """The Content-Security-Policy, directive by directive: only what the site uses."""
    return {
        "default-src": "'none'",
        # Pyodide and Pagefind compile WebAssembly; no inline script and no eval.
        "script-src": "'self' 'wasm-unsafe-eval'",
        # The site's style sheets, and the report's inline <style> in the print frame.
        "style-src": f"'self' {report_style_hash()}",
        # The theme's icons are data: SVG images in its style sheet.
        "img-src": "'self' data:",
        # Pyodide's files, the form model, Pagefind's index; the service worker's fetches.
        "connect-src": "'self'",
        # The engine's worker, Pagefind's worker, the service worker.
        "worker-src": "'self'",
        "manifest-src": "'self'",
        # The report is printed from a frame of the page (srcdoc); nothing else is framed.
        "frame-src": "'self'",
        "frame-ancestors": "'self'",
        "object-src": "'none'",
        "base-uri": "'none'",
        # The search form never submits (its script answers it in place).
        "form-action": "'none'",
    }


def csp() -> str:
    return "; ".join(f"{name} {value}" for name, value in csp_directives().items())


# The PDFs of the specification (downloads/*.pdf) are not pages: Chromium shows a PDF in its own viewer, an
# <embed> in a page it makes, which the site's object-src 'none' (and default-src 'none') would block
# (crbug.com/271452): a PDF's response keeps only the rule on who may frame it.
DOCUMENT_SUFFIXES = (".pdf",)
DOCUMENT_CSP = "frame-ancestors 'self'"


def security_headers(path: str = "") -> dict[str, str]:
    """Headers sent with every response of the site (``path``: the file's, from the site's root)."""
    return {
        "Content-Security-Policy": DOCUMENT_CSP if path.endswith(DOCUMENT_SUFFIXES) else csp(),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "SAMEORIGIN",
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Resource-Policy": "same-origin",
        "Permissions-Policy": "camera=(), geolocation=(), microphone=(), payment=(), usb=()",
    }


_HASHED = re.compile("|".join(f"(?:{pattern})" for _, pattern in HASHED))


def cache_control(path: str) -> str:
    """``Cache-Control`` for a path relative to the site's root (``zh/index.html``, ``pyodide/…``)."""
    return LONG_CACHE if _HASHED.fullmatch(path.lstrip("/")) else NO_CACHE


def headers_for(path: str) -> dict[str, str]:
    """Every header of :mod:`policy` for one file of the site (a path relative to its root)."""
    return {**security_headers(path), "Cache-Control": cache_control(path)}


def netlify_headers() -> str:
    """``site/_headers`` for Netlify and Cloudflare Pages (both read this format from the published folder).

    No ``Cache-Control`` on ``/*``: both hosts join the values of every rule that matches a path, and the default
    they send (revalidate each time) is the one wanted for the rest.
    """
    lines = ["# Generated by build_tools/policy.py: edit that file, not this one.", "/*"]
    lines += [f"  {name}: {value}" for name, value in security_headers().items()]
    for pattern, _ in HASHED:
        lines += [pattern, f"  Cache-Control: {LONG_CACHE}"]
    lines += [f"/{SERVICE_WORKER}", f"  Cache-Control: {NO_CACHE}"]
    # Cloudflare Pages detaches a header with "! Name" (Netlify joins the two policies, which keeps the PDF viewer
    # blocked there: see README, "Publishing").
    for lang in ("zh", "en"):  # one splat a rule
        for suffix in DOCUMENT_SUFFIXES:
            detach = "  ! Content-Security-Policy"
            lines += [f"/{lang}/downloads/*{suffix}", detach, f"  Content-Security-Policy: {DOCUMENT_CSP}"]
    return "\n".join(lines) + "\n"


def nginx_conf(prefix: str = NGINX_PREFIX, root: str = NGINX_ROOT, listen: str = NGINX_LISTEN) -> str:
    """deploy/nginx.conf: a ``map`` and a ``server`` block, for the ``http`` context (``sites-enabled/``)."""
    if not (prefix.startswith("/") and prefix.endswith("/")):
        raise ValueError("the prefix starts and ends with /")
    p = re.escape(prefix)
    hashed = "|".join(f"(?:{pattern})" for _, pattern in HASHED)
    add = "\n".join(f'    add_header {name} "{value}" always;' for name, value in security_headers().items())
    documents = "|".join(suffix.lstrip(".") for suffix in DOCUMENT_SUFFIXES)
    document_headers = "\n".join(
        f'            add_header {name} "{value}" always;' for name, value in security_headers("x.pdf").items()
    )
    return f"""\
# CTS TBSC55-2026 B/0 site under {prefix} (see README.md, "Publishing").
# Generated by build_tools/policy.py (`python -m build_tools.policy nginx > deploy/nginx.conf`): edit that file,
# not this one. Include it in nginx's http context (e.g. /etc/nginx/sites-enabled/), copy site/ to
# {root}{prefix}, and change server_name, listen, root and the prefix {prefix} to yours.

# Files whose name holds a hash of their content are kept for a year; all else is revalidated (ETag, 304).
map $uri $tbsc55_cache {{
    default "{NO_CACHE}";
    "~^{p}(?:{hashed})$" "{LONG_CACHE}";
}}

server {{
    listen {listen};
    server_name example.org;
    root {root};
    server_tokens off;

    # The .br and .gz files that `make site` writes next to each compressible file: sent as they are, never
    # compressed again. (With the brotli module, libnginx-mod-http-brotli-static, add: brotli_static on;)
    gzip_static on;
    gzip_vary on;
    # Anything without a .gz beside it (the 404 pages below) is compressed on the fly.
    gzip on;
    gzip_comp_level 6;
    gzip_types text/css text/javascript application/javascript application/json application/wasm image/svg+xml;

    charset utf-8;
    charset_types text/css text/javascript application/javascript application/json image/svg+xml;

{add}
    add_header Cache-Control $tbsc55_cache always;

    location {prefix} {{
        # A missing page gets the site's own 404 page, in the language of its path.
        error_page 404 {prefix}zh/404.html;
        location {prefix}en/ {{
            error_page 404 {prefix}en/404.html;
        }}
        # Modules are JavaScript; a browser compiles WebAssembly as it streams only when served as application/wasm.
        location ~ \\.mjs$ {{
            types {{ }}
            default_type text/javascript;
        }}
        location ~ \\.wasm$ {{
            types {{ }}
            default_type application/wasm;
        }}
        # The PDFs: the policy of a document (a location's add_header replaces the server's, so all are repeated).
        location ~ \\.({documents})$ {{
{document_headers}
            add_header Cache-Control $tbsc55_cache always;
        }}
    }}
    # The 404 pages of a site built for the server's root (`make site`, BASE=/) name their files from there
    # (/zh/assets/…): put the prefix in front. Built with BASE={prefix}, they name them from the prefix already.
    location ~ ^{p}(zh|en)/404\\.html$ {{
        gzip_static off;
        sub_filter_once off;
        sub_filter '"/zh/' '"{prefix}zh/';
        sub_filter '"/en/' '"{prefix}en/';
    }}
}}
"""


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Print a host configuration generated from the site's policy.")
    parser.add_argument("what", choices=["nginx", "headers", "csp"])
    args = parser.parse_args(argv)
    text = {"nginx": nginx_conf(), "headers": netlify_headers(), "csp": csp() + "\n"}[args.what]
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
