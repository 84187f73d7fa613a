"""Preview the HTML edition on this machine: build it, then serve it on the loopback until interrupted."""

from __future__ import annotations

import functools
import http.server
import socket
from http import HTTPStatus
from pathlib import Path

from .build import Options, Result, build
from .diagnostics import MieuxError, error


def free_port() -> int:
    """A port of the loopback that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Handler(http.server.SimpleHTTPRequestHandler):
    """The files of one folder, and nothing a symbolic link in it leads to outside it (404, as for a missing file)."""

    def do_GET(self):
        if self._inside():
            super().do_GET()

    def do_HEAD(self):
        if self._inside():
            super().do_HEAD()

    def _inside(self) -> bool:
        if Path(self.translate_path(self.path)).resolve().is_relative_to(Path(self.directory).resolve()):
            return True
        self.send_error(HTTPStatus.NOT_FOUND, "File not found")
        return False


def server(folder: Path, port: int) -> http.server.ThreadingHTTPServer:
    """A server of a folder on 127.0.0.1 (port 0: any free one), not yet serving."""
    handler = functools.partial(Handler, directory=str(folder))
    try:
        return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        raise MieuxError([error(f"127.0.0.1:{port}", None, "port-in-use", f"cannot serve there ({exc.strerror}): "
                                                                        f"try --port {free_port()}")]) from None


def serve(root: Path, languages: tuple[str, ...], port: int, announce) -> Result:
    """Build the site of the given languages (drafts included when named) and serve it on 127.0.0.1."""
    result = build(root, Options(languages=languages, formats=("html",)))
    with server(result.out, port) as running:
        first = languages[0] if languages else ""
        announce(f"serving {result.out} at http://127.0.0.1:{running.server_address[1]}/{first + '/' if first else ''}"
                 " (Ctrl-C to stop)")
        try:
            running.serve_forever()
        except KeyboardInterrupt:
            pass
    return result
