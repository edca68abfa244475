"""What the tests of build_tools/serve.py share: a server of a folder in a thread, and one request to it."""

from __future__ import annotations

import http.client
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from build_tools.serve import make_server


@contextmanager
def serving(root: Path, base: str = "/") -> Iterator[tuple[str, int]]:
    """``root`` served under ``base`` on 127.0.0.1 while the block runs; yields (host, port)."""
    httpd = make_server(root, base=base)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        host, port = httpd.server_address[:2]
        yield str(host), int(port)
    finally:
        httpd.shutdown()
        thread.join()
        httpd.server_close()


def get(server: tuple[str, int], path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    """GET ``path``: status, headers (lower-case names) and body."""
    connection = http.client.HTTPConnection(*server, timeout=30)
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body
