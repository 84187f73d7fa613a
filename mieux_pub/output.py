"""The output folder: one build at a time, and each build replaces it whole or leaves it as it was.

A build writes its files into a staging folder beside the output folder, starting from hard links to
the files already there, and then exchanges the two folders in one atomic step (Linux renameat2).
Killed at any moment, it leaves the old folder or the new one, never a mix; what a killed build
left beside it (its staging folder, its lock, its temporary folders) the next build removes.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import shutil
import signal
import tempfile
import threading
import time
from pathlib import Path

from .diagnostics import MieuxError, error

TEMP_PREFIX = "mieux-pub-"
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
_PR_SET_PDEATHSIG = 1

try:
    _libc = ctypes.CDLL(None, use_errno=True)
except OSError:  # not a C library we can call: the fallbacks below are used
    _libc = None


def die_with_parent() -> None:
    """Ask Linux to kill this (child) process when the build that started it dies, even by SIGKILL."""
    if _libc is not None and hasattr(_libc, "prctl"):
        _libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)


def temporary(kind: str) -> tempfile.TemporaryDirectory:
    """A temporary folder named after this process, so that a later build can remove it if this one is killed."""
    return tempfile.TemporaryDirectory(prefix=f"{TEMP_PREFIX}{os.getpid()}-{kind}-")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _started(pid: int) -> str:
    """When a process started (field 22 of /proc/PID/stat), so that a reused PID is not taken for the holder."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return ""


def _sweep_temporary() -> None:
    """Remove the temporary folders of builds that are no longer running."""
    for folder in Path(tempfile.gettempdir()).glob(f"{TEMP_PREFIX}*-*"):
        pid = folder.name[len(TEMP_PREFIX):].split("-", 1)[0]
        if pid.isdigit() and not _alive(int(pid)) and folder.is_dir():
            shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def locked(out: Path):
    """Hold the output folder's lock (<out>.lock beside it: the holder's PID and start time) while building.

    A lock whose holder is gone is taken over; a live holder is a clear error.
    """
    lock = out.parent / f".{out.name}.lock"
    mine = f"{os.getpid()} {_started(os.getpid())}\n"
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        for _ in range(2):
            try:
                fd = os.open(lock, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
                break
            except FileExistsError:
                pid, _, started = lock.read_text().partition(" ")
                if pid.isdigit() and _alive(int(pid)) and started.strip() in ("", _started(int(pid))):
                    raise MieuxError([error(out, None, "build-running", f"another mieux-pub (process {pid}) is "
                                                                        f"building into this folder: wait for it to "
                                                                        f"end, or stop it")]) from None
                lock.unlink(missing_ok=True)  # its holder is gone
        else:
            raise MieuxError([error(lock, None, "build-running", "cannot take the output folder's lock")])
        with os.fdopen(fd, "w") as fh:
            fh.write(mine)
    except OSError as exc:
        raise MieuxError([error(exc.filename or out, None, "cannot-write", f"{exc.strerror}: check that the output "
                                                                           "folder's parent is a writable folder")]) from None
    # SIGTERM ends the build as Ctrl-C does, through every cleanup below and in the stages.
    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminate) if main else None
    try:
        for leftover in out.parent.glob(f".{out.name}.new-*"):  # staging folders of killed builds
            shutil.rmtree(leftover, ignore_errors=True)
        _sweep_temporary()
        yield
    finally:
        if main:
            signal.signal(signal.SIGTERM, previous)
        if lock.is_file() and lock.read_text() == mine:
            lock.unlink()


def _terminate(signum, frame):
    raise KeyboardInterrupt("terminated")


def replace(out: Path, files: dict[str, bytes], stale: set[str]) -> None:
    """Make the output folder hold its files plus these (relative path -> bytes), minus the stale ones, in one step."""
    staging = out.parent / f".{out.name}.new-{os.getpid()}"
    try:
        if out.is_dir():
            # Hard links make the copy cheap; every file is then replaced, never written through.
            shutil.copytree(out, staging, symlinks=True, copy_function=os.link)
        else:
            staging.mkdir()
        for path in stale - files.keys():
            _remove(staging, path)
        for path, data in files.items():
            target = staging / path
            if target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data:
                continue  # unchanged: it keeps its date
            target.parent.mkdir(parents=True, exist_ok=True)
            target.unlink(missing_ok=True)
            target.write_bytes(data)
        _switch(staging, out)
    except OSError as exc:
        # Name the file as it is in the output folder, not in the staging folder beside it.
        where = str(exc.filename or out).replace(str(staging), str(out), 1)
        raise MieuxError([error(where, None, "cannot-write", f"{exc.strerror or exc}: check that the output folder "
                                                             "and what is in it can be written (--out); it was "
                                                             "left as it was")]) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # the old folder, once exchanged


def _switch(staging: Path, out: Path) -> None:
    """Put the staging folder in the output folder's place, atomically."""
    if not out.exists():
        staging.rename(out)
        return
    if not out.is_dir():
        raise NotADirectoryError(20, "the output folder is a file", str(out))
    if _libc is not None and hasattr(_libc, "renameat2"):
        if _libc.renameat2(_AT_FDCWD, os.fsencode(staging), _AT_FDCWD, os.fsencode(out), _RENAME_EXCHANGE) == 0:
            return
        if ctypes.get_errno() not in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: this file system cannot exchange
            raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()), str(out))
    # Without an atomic exchange: two renames, the old folder kept aside until the new one is in place.
    aside = out.parent / f".{out.name}.new-{os.getpid()}-old-{time.monotonic_ns()}"
    out.rename(aside)
    staging.rename(out)
    aside.rename(staging)


def _remove(root: Path, path: str) -> None:
    """Remove a file an earlier build wrote, and the folders that this leaves empty."""
    target = root / path
    target.unlink(missing_ok=True)
    for folder in target.parents:
        if folder == root:
            break
        with contextlib.suppress(OSError):
            folder.rmdir()
