"""Pagefind: the only module that runs it. A static full-text index per language for the HTML edition."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pagefind_bin

from .diagnostics import MieuxError, error
from .formats import Artifact
from .output import die_with_parent, temporary


def search_index(pages: list[Artifact]) -> list[Artifact]:
    """Index the site's pages with Pagefind and return its bundle as artifacts under pagefind/.

    Pagefind reads files, so the pages are staged in a temporary folder: the build still writes
    nothing before everything is ready. It keeps one index per language, from each page's lang.
    """
    with temporary("search") as tmp:
        site, bundle = Path(tmp) / "site", Path(tmp) / "pagefind"
        for page in pages:
            path = site / page.path
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(page.data)
        result = subprocess.run([str(pagefind_bin.get_executable()), "--site", str(site), "--output-path", str(bundle),
                                 "--quiet"], capture_output=True, text=True, check=False, preexec_fn=die_with_parent)
        if result.returncode != 0:
            raise MieuxError([error("build/pagefind", None, "pagefind",
                                    f"pagefind failed: {(result.stderr or result.stdout).strip()}")])
        return [Artifact(f"pagefind/{p.relative_to(bundle).as_posix()}", _stable(p), None, "search")
                for p in sorted(bundle.rglob("*")) if p.is_file()]


def _stable(path: Path) -> bytes:
    """The file's bytes; Pagefind lists the languages of its manifest in any order, so sort them."""
    if path.name != "pagefind-entry.json":
        return path.read_bytes()
    manifest = json.loads(path.read_text(encoding="utf-8"))
    manifest["languages"] = dict(sorted(manifest["languages"].items()))
    return json.dumps(manifest, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
