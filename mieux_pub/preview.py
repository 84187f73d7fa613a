"""Preview the HTML edition on this machine: build it, then serve it on the loopback until interrupted."""

from __future__ import annotations

import functools
import http.server
from pathlib import Path

from .build import Options, Result, build


def serve(root: Path, languages: tuple[str, ...], port: int, announce) -> Result:
    """Build the site of the given languages (drafts included when named) and serve it on 127.0.0.1."""
    result = build(root, Options(languages=languages, formats=("html",)))
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(result.out))
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as server:
        first = languages[0] if languages else ""
        announce(f"serving {result.out} at http://127.0.0.1:{server.server_address[1]}/{first + '/' if first else ''}"
                 " (Ctrl-C to stop)")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass
    return result
