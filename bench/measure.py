"""Run one command and print, as one JSON line, its wall-clock time, CPU time and peak memory.

    .venv/bin/python bench/measure.py COMMAND...

Run it in a fresh process for each command measured: RUSAGE_CHILDREN covers every child a process
has waited for, so a long-lived parent would report the largest of all its builds.

- peak_rss_mb: the largest resident set of the command or of any of its descendants (ru_maxrss);
- peak_tree_mb: the largest total of the command's process tree at one moment, as proportional set
  sizes (PSS: pages that forked PDF workers share are counted once), sampled every 0.2 s.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

INTERVAL = 0.2


def tree_kb(root: int) -> int:
    """The PSS of a process and all its descendants, in kB (RSS where smaps_rollup cannot be read)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            ppid = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(stat.parent.name))
    total, pending = 0, [root]
    while pending:
        pid = pending.pop()
        pending += children.get(pid, [])
        total += _pss_kb(pid)
    return total


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    try:
        return int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * resource.getpagesize() // 1024
    except (OSError, ValueError, IndexError):
        return 0


def main(command: list[str]) -> dict:
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err)
        peak = 0
        while process.poll() is None:
            peak = max(peak, tree_kb(process.pid))
            time.sleep(INTERVAL)
        seconds = time.perf_counter() - start
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        out.seek(0)
        err.seek(0)
        return {"returncode": process.returncode, "seconds": seconds, "cpu": usage.ru_utime + usage.ru_stime,
                "peak_rss_mb": usage.ru_maxrss / 1024, "peak_tree_mb": peak / 1024,
                "stdout": out.read().decode("utf-8", "replace")[-4000:],
                "stderr": err.read().decode("utf-8", "replace")[-4000:]}


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:])))
