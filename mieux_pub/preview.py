"""Preview the HTML edition on this machine: build it, then serve it on the loopback until interrupted."""

from __future__ import annotations

import functools
import http.server
import socket
from pathlib import Path

from .build import Options, Result, build
from .diagnostics import MieuxError, error


def free_port() -> int:
    """A port of the loopback that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(root: Path, languages: tuple[str, ...], port: int, announce) -> Result:
    """Build the site of the given languages (drafts included when named) and serve it on 127.0.0.1."""
    result = build(root, Options(languages=languages, formats=("html",)))
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(result.out))
    try:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        raise MieuxError([error(f"127.0.0.1:{port}", None, "port-in-use", f"cannot serve there ({exc.strerror}): "
                                                                        f"try --port {free_port()}")]) from None
    with server:
        first = languages[0] if languages else ""
        announce(f"serving {result.out} at http://127.0.0.1:{server.server_address[1]}/{first + '/' if first else ''}"
                 " (Ctrl-C to stop)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return result
