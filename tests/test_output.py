"""The output folder: a build replaces it whole or not at all, one build at a time, nothing left behind."""

import hashlib
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from mieux_pub.cli import main

pytestmark = pytest.mark.slow   # every test here builds a publication or runs GNU gettext many times


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def snapshot(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".build."))


def test_a_failing_sub_folder_changes_nothing(sample):
    assert run("--project", sample, "build", "--format", "html").exit_code == 0
    out = sample / "build"
    (sample / "content" / "chapters" / "accueil.md").write_text("# Bienvenue\n\nUn texte changé.\n")
    shutil.rmtree(out / "en")
    (out / "en").write_text("a file where the build needs a folder")   # the en pages cannot be written
    before = snapshot(out)
    result = run("--project", sample, "build", "--format", "html")
    assert result.exit_code == 1 and f"{out}/en: cannot-write: File exists" in result.output, result.output
    assert snapshot(out) == before              # not even the fr pages were rewritten
    assert leftovers(sample) == []


def test_files_of_a_removed_chapter_and_old_search_files_go_and_the_users_stay(sample):
    assert run("--project", sample, "build", "--format", "html").exit_code == 0
    out = sample / "build"
    (out / "NOTES.txt").write_text("mine")
    assert (out / "fr" / "pratique.html").is_file() and (out / "fr" / "reparations.html").is_file()
    config = sample / "content" / "publication.yml"
    config.write_text(config.read_text().replace("  - part: pratique\n    chapters: [reparations]\n", ""))
    (sample / "content" / "chapters" / "accueil.md").write_text(
        (sample / "content" / "chapters" / "accueil.md").read_text().replace("(reparations.md#pannes-courantes)", "(#)"))
    old_search = {p for p in snapshot(out) if p.startswith("pagefind/")}
    result = run("--project", sample, "build", "--format", "html")
    assert result.exit_code == 0, result.output
    files = snapshot(out)
    assert not any(p.endswith(("pratique.html", "reparations.html")) for p in files)
    assert (out / "NOTES.txt").read_text() == "mine"
    import json
    listed = {e["path"] for e in json.loads((out / "manifest.json").read_text())["artifacts"]}
    assert {p for p in files if p.startswith("pagefind/")} <= listed       # no search file of an older build
    assert old_search - listed                                              # and some of them were replaced


def test_a_partial_build_keeps_the_other_languages(sample):
    assert run("--project", sample, "build", "--format", "html").exit_code == 0
    fr_pages = {p: h for p, h in snapshot(sample / "build").items() if p.startswith("fr/")}
    assert run("--project", sample, "build", "--format", "html", "--lang", "en").exit_code == 0
    assert {p: h for p, h in snapshot(sample / "build").items() if p.startswith("fr/")} == fr_pages


def test_a_second_build_into_the_same_folder_is_refused_and_a_dead_ones_lock_is_taken_over(sample):
    lock = sample / ".build.lock"
    started = Path(f"/proc/{os.getpid()}/stat").read_text().rsplit(")", 1)[1].split()[19]
    lock.write_text(f"{os.getpid()} {started}\n")                          # a live holder: this process
    result = run("--project", sample, "build", "--format", "html")
    assert result.exit_code == 1
    assert f"build-running: another mieux-pub (process {os.getpid()}) is building into this folder" in result.output
    assert not (sample / "build").exists()
    dead = subprocess.Popen(["true"])
    dead.wait()
    lock.write_text(f"{dead.pid} 1\n")                                     # its holder is gone
    assert run("--project", sample, "build", "--format", "html").exit_code == 0
    assert leftovers(sample) == []


def _build(project: Path) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "mieux_pub", "--project", str(project), "build"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _ours(project: Path) -> list[int]:
    """The processes still running for this project (a build and its workers carry its path)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and str(project).encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def test_killed_at_twenty_random_moments_the_folder_is_the_old_build_or_the_new(sample, tmp_path):
    out = sample / "build"
    assert _build(sample).wait() == 0
    old, saved = snapshot(out), tmp_path / "old"
    shutil.copytree(out, saved)
    chapter = sample / "content" / "chapters" / "reparations.md"
    chapter.write_text(chapter.read_text().replace("Une réparation commence", "Toute réparation commence"))
    start = time.monotonic()
    assert _build(sample).wait() == 0
    duration, new = time.monotonic() - start, snapshot(out)
    assert new != old
    seen, rng = {"old": 0, "new": 0}, random.Random(20)
    for moment in range(20):
        shutil.rmtree(out)
        shutil.copytree(saved, out)
        build = _build(sample)
        time.sleep(rng.uniform(0, duration * 1.1))
        build.send_signal([signal.SIGKILL, signal.SIGTERM, signal.SIGINT][moment % 3])
        build.wait()
        found = snapshot(out)
        assert found in (old, new), f"moment {moment}: the folder is neither the old build nor the new"
        seen["old" if found == old else "new"] += 1
        time.sleep(0.5)   # the kernel's SIGKILL of orphaned workers is asynchronous
        assert _ours(sample) == [], f"moment {moment}: processes outlived the build"
    print(f"\n20 kills: {seen['old']} left the old build, {seen['new']} the new one")
    assert _build(sample).wait() == 0 and snapshot(out) == new
    assert leftovers(sample) == []
    assert not [p for p in Path(tempfile.gettempdir()).glob("mieux-pub-*")
                if not Path(f"/proc/{p.name.split('-')[2]}").exists()]


@pytest.fixture
def small_disk(tmp_path):
    """A 20 MB file system of its own (tmpfs), where the test can fill the disk."""
    folder = tmp_path / "disk"
    folder.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=20m", "tmpfs", str(folder)],
                                           capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    yield folder
    subprocess.run(["umount", str(folder)], check=False)


def test_a_full_disk_changes_nothing(sample, small_disk):
    out = small_disk / "out"
    assert run("--project", sample, "build", "--format", "html", "--out", out).exit_code == 0
    before = snapshot(out)
    free = shutil.disk_usage(small_disk).free
    (small_disk / "filler").write_bytes(b"\0" * (free - 16 * 1024))
    chapter = sample / "content" / "chapters" / "accueil.md"
    chapter.write_text(chapter.read_text().replace("Bienvenue", "Bienvenue encore"))
    result = run("--project", sample, "build", "--format", "html", "--out", out)
    assert result.exit_code == 1 and "cannot-write: No space left on device" in result.output, result.output
    assert snapshot(out) == before
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler", "out"]


def test_a_link_planted_in_the_output_folder_leaks_nothing_into_the_search_index(sample, tmp_path):
    secret = tmp_path / "secret.html"
    secret.write_text('<html lang="fr"><body><main data-pagefind-body><p>SECRETWORD</p></main></body></html>')
    assert run("--project", sample, "build", "--format", "html").exit_code == 0
    page = sample / "build" / "fr" / "accueil.html"
    page.unlink()
    page.symlink_to(secret)                     # in place of a page the manifest lists
    (sample / "build" / ".mieux-pub-cache.json").unlink()   # so that the en pages and the index are made again
    assert run("--project", sample, "build", "--format", "html", "--lang", "en").exit_code == 0
    assert not any(b"SECRETWORD" in readable(p) for p in (sample / "build").rglob("*")
                   if p.is_file() and not p.is_symlink())


def readable(path: Path) -> bytes:
    """A file's bytes, unpacked when it is gzip (as Pagefind writes its index)."""
    import gzip
    data = path.read_bytes()
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
