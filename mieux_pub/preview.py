"""Preview the HTML edition on this machine while it is written: serve it, watch the project, rebuild, reload.

serve builds into a folder of its own (a temporary one, never the build folder), with the translator view's
marks and without the coverage reports; each save rebuilds only the jobs it affects (the build's cache), and
the pages it serves wait for the next build and reload themselves. A build that fails shows its diagnostics
in the terminal and as the page, and the next good save recovers.
"""

from __future__ import annotations

import functools
import http.server
import json
import signal
import socket
import threading
import time
from http import HTTPStatus
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from . import view
from .build import Options, build
from .diagnostics import MieuxError, error, unexpected
from .output import temporary

POLL = 0.2          # seconds between two looks at the project's files
SETTLE = 0.1        # a save is over when the files have stayed as they are this long (editors write in steps)
LONG_POLL = 25      # seconds a page's wait for the next build is held open before it asks again
WATCHED = ("content", "templates")   # the chapters, images, publication.yml, templates and every catalog


def free_port() -> int:
    """A port of the loopback that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Session:
    """What serve shows now: the number of the last build and, when it failed, its diagnostics."""

    def __init__(self):
        self.generation = 0
        self.problems: tuple = ()
        self._changed = threading.Condition()

    def publish(self, problems=()) -> None:
        """Tell the waiting pages that a build ended (with the diagnostics that stopped it, if any)."""
        with self._changed:
            self.generation += 1
            self.problems = tuple(problems)
            self._changed.notify_all()

    def now(self) -> tuple[int, tuple]:
        with self._changed:
            return self.generation, self.problems

    def wait(self, since: int, timeout: float) -> int:
        """The generation once it differs from since, or as it is after timeout seconds."""
        with self._changed:
            self._changed.wait_for(lambda: self.generation != since, timeout)
            return self.generation


class Handler(http.server.SimpleHTTPRequestHandler):
    """The files of one folder, and nothing a symbolic link in it leads to outside it (404, as for a missing file).

    With a session (serve), pages get the translator view and live reload, and are the build's diagnostics
    while it fails.
    """

    def __init__(self, *args, session: Session | None = None, **kwargs):
        self.session = session
        super().__init__(*args, **kwargs)

    def do_GET(self):
        if self.session is not None:
            if urlsplit(self.path).path == view.WAIT:
                return self._wait()
            if self._page():
                return
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

    def _wait(self) -> None:
        since = parse_qs(urlsplit(self.path).query).get("since", ["0"])[0]
        generation = self.session.wait(int(since) if since.isdigit() else 0, LONG_POLL)
        self._send(HTTPStatus.OK, str(generation).encode(), "text/plain")

    def _page(self) -> bool:
        """Send a page with the translator view, or the build's diagnostics; False when the path is not a page."""
        generation, problems = self.session.now()   # before reading the page: a newer page only reloads once more
        if not urlsplit(self.path).path.endswith(("/", ".html")):
            return False   # a file of the site, or a folder's address the parent class redirects to
        if problems:   # even when no build has succeeded yet
            self._send(HTTPStatus.INTERNAL_SERVER_ERROR, view.error_page(problems, generation), "text/html")
            return True
        folder = Path(self.directory).resolve()
        file = Path(self.translate_path(self.path))
        file = (file / "index.html" if file.is_dir() else file).resolve()
        if not file.is_relative_to(folder) or not file.is_file():
            return False
        parts = file.relative_to(folder).parts
        code = parts[0] if len(parts) == 2 else None   # the chooser, out/index.html, is no language's
        data = None
        if code is not None and (folder / code / view.FIGURES).is_file():
            data = json.loads((folder / code / view.FIGURES).read_text(encoding="utf-8"))
        self._send(HTTPStatus.OK, view.inject(file.read_bytes(), code, data, generation, parts[-1] == "index.html"),
                   "text/html")
        return True

    def _send(self, status: HTTPStatus, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", f"{kind}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        if self.session is None:
            super().log_message(format, *args)   # serve's terminal is for the builds and their problems


def server(folder: Path, port: int, session: Session | None = None) -> http.server.ThreadingHTTPServer:
    """A server of a folder on 127.0.0.1 (port 0: any free one), not yet serving."""
    handler = functools.partial(Handler, directory=str(folder), session=session)
    try:
        return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    except OSError as exc:
        raise MieuxError([error(f"127.0.0.1:{port}", None, "port-in-use", f"cannot serve there ({exc.strerror}): "
                                                                        f"try --port {free_port()}")]) from None


def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """Each file of content/ and templates/ (every catalog included), with its modification time and size."""
    found = {}
    for folder in WATCHED:
        for path in (root / folder).rglob("*"):
            if path.name.startswith(".") or path.name.endswith("~"):
                continue   # editors' swap, lock and backup files
            try:
                stat = path.stat()
            except OSError:
                continue   # removed meanwhile
            if not path.is_dir():
                found[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return found


def changes(root: Path):
    """Wait for the project's files to change and settle, again and again: one yield per save."""
    last = snapshot(root)
    while True:
        time.sleep(POLL)
        now = snapshot(root)
        if now == last:
            continue
        while True:
            time.sleep(SETTLE)
            settled = snapshot(root)
            if settled == now:
                break
            now = settled
        last = now
        yield


def rebuild(root: Path, options: Options, session: Session) -> tuple[str, tuple]:
    """Build, tell the pages, and say what happened: a line for the terminal and the diagnostics to print."""
    start = time.perf_counter()
    try:
        result = build(root, options)
    except MieuxError as exc:
        session.publish(exc.diagnostics)
        return "the build failed; the browser shows why until the next good save", exc.diagnostics
    except Exception as exc:   # a template that fails, the system's refusal: shown the same way, serving goes on
        problem = unexpected(exc)
        session.publish([problem])
        return "the build failed; the browser shows why until the next good save", (problem,)
    session.publish()
    made = ", ".join(job for job in result.made) or "nothing changed"
    return f"built in {time.perf_counter() - start:.1f} s: {made}", result.diagnostics


def serve(root: Path, languages: tuple[str, ...], port: int, pdf: bool, announce, report) -> None:
    """Build the HTML edition (and the PDF) of the given languages, serve it on 127.0.0.1 and rebuild it on each
    save until interrupted; announce(line) and report(diagnostics) tell the terminal."""
    root = root.resolve()
    session = Session()
    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _stop) if main else None
    try:
        with temporary("serve") as scratch, server(Path(scratch) / "site", port, session) as running:
            options = Options(out=Path(scratch) / "site", languages=languages,
                              formats=("html", "pdf") if pdf else ("html",), marks=True, reports=False)
            threading.Thread(target=running.serve_forever, daemon=True).start()
            try:
                shown = _tell(rebuild(root, options, session), (), announce, report)
                first = f"{languages[0]}/" if languages else ""
                announce(f"serving at http://127.0.0.1:{running.server_address[1]}/{first}; each save in content/ "
                         "or templates/ rebuilds it and reloads the page (Ctrl-C to stop)")
                for _ in changes(root):
                    shown = _tell(rebuild(root, options, session), shown, announce, report)
            except KeyboardInterrupt:
                announce("stopped")
            finally:
                running.shutdown()
    finally:
        if main:
            signal.signal(signal.SIGTERM, previous)


def _tell(outcome: tuple[str, tuple], shown: tuple, announce, report) -> tuple:
    """Print a build's line, and its diagnostics unless they are the ones printed last time."""
    line, diagnostics = outcome
    if diagnostics != shown:
        report(diagnostics)
    announce(line)
    return diagnostics


def _stop(signum, frame):
    raise KeyboardInterrupt("terminated")
