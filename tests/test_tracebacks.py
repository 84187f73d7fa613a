"""No fault reaches the user as a traceback: every bad input and every faulty environment ends as a diagnostic
(path:line: code: message) and exit 1; a usage error exits 2, and Ctrl-C 130.

Each row damages a copy of the sample, or its environment, in one way, and names what the user must read.
The rows walk the package's failure paths: its `raise`s, what can raise OSError (reading and writing files,
running pandoc and GNU gettext, starting worker processes), and the lookups driven by user input. None may
print a traceback, nor end in the generic os-error or internal-error.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURE, REPO

from mieux_pub import cli
from mieux_pub.cli import main

EXECUTABLE = REPO / ".venv" / "bin" / "mieux-pub"
CONFIG = "content/publication.yml"
CHAPTER = "content/chapters/accueil.md"
CATALOG = "content/locales/en/LC_MESSAGES/reparations.po"
FIRST_CATALOG = "content/locales/en/LC_MESSAGES/accueil.po"   # the first one extract writes
ENTRY = 33   # the line of reparations.po's entry translated "Common faults"
UI = "templates/locales/fr/LC_MESSAGES/ui.po"
IMAGE = "content/images/etabli.svg"
HTML = ("build", "--format", "html", "--out", "{out}")
NESTED_EMPHASIS = "*a " * 3000 + "b" + "*" * 3000
NOBODY = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]



@dataclass(frozen=True)
class Fault:
    name: str
    damage: Callable[[Path], dict | None] | None   # changes the project; may return environment variables to set
    command: tuple[str, ...]          # after --project <sample>; {out} is a fresh folder, {project} the sample
    expected: str                     # what the user must read; {project} is the sample
    exit_code: int = 1


def write(relpath: str, data: str | bytes | None):
    """Replace a file of the project with this text, these bytes, or (None) an empty folder."""
    def damage(project: Path) -> None:
        path = project / relpath
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        if data is None:
            path.mkdir()
        elif isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return damage


def edit(relpath: str, old: str, new: str):
    def damage(project: Path) -> None:
        path = project / relpath
        text = path.read_text(encoding="utf-8")
        assert old in text, (relpath, old)
        path.write_text(text.replace(old, new), encoding="utf-8")
    return damage


def link(relpath: str, target: str):
    def damage(project: Path) -> None:
        (project / relpath).unlink()
        (project / relpath).symlink_to(target)
    return damage


def tools_only(*names: str):
    """A PATH holding only these programs of GNU gettext, and a new paragraph that extract must merge."""
    def damage(project: Path) -> dict:
        edit(CHAPTER, "Chiffre donné à titre d'exemple.", "Chiffre donné à titre d'exemple.\n\nUn paragraphe neuf.")(
            project)
        folder = project.parent / "bin"
        folder.mkdir()
        for name in names:
            (folder / name).symlink_to(shutil.which(name))
        return {"PATH": str(folder)}
    return damage


def both(*damages):
    def damage(project: Path) -> dict:
        env = {}
        for one in damages:
            env.update(one(project) or {})
        return env
    return damage


FAULTS = [
    # publication.yml
    Fault("publication.yml is a folder", write(CONFIG, None), HTML, f"{CONFIG}: unreadable: "),
    Fault("publication.yml is a symbolic link to itself", link(CONFIG, "publication.yml"), HTML,
          f"{CONFIG}: unreadable: "),
    Fault("publication.yml links to /dev/zero", link(CONFIG, "/dev/zero"), ("check",), f"{CONFIG}: outside-project: "),
    Fault("publication.yml is empty", write(CONFIG, ""), HTML,
          f"{CONFIG}:1: config-type: publication.yml must be a mapping of keys to values"),
    Fault("publication.yml is binary", write(CONFIG, b"\xff\xfe\x00garbage"), HTML,
          f"{CONFIG}: encoding: not UTF-8 text"),
    Fault("publication.yml holds a NUL", write(CONFIG, "id: a\x00b\n"), HTML,
          f"{CONFIG}: config-syntax: not valid YAML: unacceptable character #x0000"),
    Fault("publication.yml nests lists 5000 deep", write(CONFIG, "[" * 5000 + "]" * 5000), HTML,
          f"{CONFIG}:1: config-syntax: "),
    Fault("--project names no folder", None, ("--project", "{project}/nowhere", "check"),
          f"{CONFIG}: config-missing: no publication.yml"),
    Fault("SOURCE_DATE_EPOCH is out of range", lambda project: {"SOURCE_DATE_EPOCH": "9" * 20}, HTML,
          "SOURCE_DATE_EPOCH: bad-value: "),
    # Chapters
    Fault("a chapter is a folder", write(CHAPTER, None), HTML, f"{CONFIG}:13: config-missing-chapter: "),
    Fault("a chapter links to /dev/zero", link(CHAPTER, "/dev/zero"), HTML, f"{CONFIG}:13: config-missing-chapter: "),
    Fault("a chapter is not UTF-8", write(CHAPTER, "# Café\n".encode("latin-1")), HTML,
          f"{CHAPTER}: encoding: not UTF-8 text"),
    Fault("a chapter is empty", write(CHAPTER, ""), HTML, f"{CHAPTER}:1: no-title: "),
    Fault("a chapter nests quotes 3000 deep", write(CHAPTER, "# T\n\n" + "> " * 3000 + "x\n"), HTML,
          f"{CHAPTER}:3: too-deep: "),
    Fault("a chapter nests lists 300 deep", write(CHAPTER, "# T\n\n" + "".join("  " * i + "- a\n" for i in range(300))),
          HTML, f"{CHAPTER}:51: too-deep: "),
    Fault("a chapter nests emphasis 3000 deep", write(CHAPTER, f"# T\n\n{NESTED_EMPHASIS}\n"), HTML,
          f"{CHAPTER}:3: too-deep: "),
    Fault("a number overflows", edit(CHAPTER, "[1234.5]{.number}", "[1e999999]{.number}"), HTML,
          f"{CHAPTER}:3: bad-value: '1e999999' has more than 100 digits"),
    Fault("a date in year 0", edit(CHAPTER, "[2021-03-04]{.date}", "[0000-03-04]{.date}"), HTML,
          f"{CHAPTER}:3: bad-value: '0000-03-04' is not a date"),
    # Catalogs
    Fault("a catalog is a folder", write(CATALOG, None), HTML, f"{CATALOG}: po-not-a-file: "),
    Fault("a catalog is a folder (extract)", write(CATALOG, None), ("extract",), f"{CATALOG}: po-not-a-file: "),
    Fault("ui.po is a folder", write(UI, None), HTML, f"{UI}: po-not-a-file: "),
    Fault("ui.po is a folder (extract)", write(UI, None), ("extract",), f"{UI}: po-not-a-file: "),
    Fault("a catalog is binary", write(CATALOG, bytes(range(256)) * 4), HTML, f"{CATALOG}:3: po-syntax: "),
    Fault("a catalog is binary (coverage)", write(CATALOG, bytes(range(256)) * 4), ("coverage",),
          f"{CATALOG}:3: po-syntax: "),

    Fault("a catalog is empty", write(CATALOG, b""), HTML, " files written to ", exit_code=0),
    Fault("a catalog holds Latin-1 under a UTF-8 header",
          write(CATALOG, b'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "a"\nmsgstr "caf\xe9"\n'),
          HTML, f"{CATALOG}:5: po-syntax: invalid multibyte sequence"),
    Fault("a catalog is a symbolic link to itself", link(CATALOG, "reparations.po"), HTML,
          f"{CATALOG}: unreadable: a symbolic link that leads back to itself"),
    Fault("a catalog links to /dev/zero", link(CATALOG, "/dev/zero"), ("check",), f"{CATALOG}: outside-project: "),
    Fault("a translation nests emphasis 3000 deep", edit(CATALOG, '"Common faults"', f'"{NESTED_EMPHASIS}"'),
          ("check",), f"{CATALOG}:{ENTRY}: rejected-structure: the translation nests too deeply",
          exit_code=0),
    # Templates
    Fault("a template has a syntax error", write("templates/chapter.html", "{% if %}"), HTML,
          "templates/chapter.html:1: template: "),
    Fault("a template has a syntax error (pseudo)", write("templates/chapter.html", "{% if %}"),
          ("pseudo", "--format", "html", "--out", "{out}"), "templates/chapter.html:1: template: "),
    Fault("a template names an undefined variable", write("templates/base.html", "{{ nothing_here.x }}"), HTML,
          "templates/base.html:1: template: "),
    Fault("a template includes a missing template", write("templates/chapter.html", "{% include 'nope.html' %}"),
          HTML, "templates/chapter.html:1: template: "),
    Fault("a template includes itself", write("templates/chapter.html", "{% include 'chapter.html' %}"), HTML,
          "templates/chapter.html:1: template: "),
    Fault("a template is not UTF-8", write("templates/chapter.html", b"\xff\xfe\x00"), HTML,
          "templates/chapter.html: encoding: not UTF-8 text"),
    Fault("a template is not UTF-8 (extract)", write("templates/chapter.html", b"\xff\xfe\x00"), ("extract",),
          "templates/chapter.html: encoding: not UTF-8 text"),
    Fault("print.css is not UTF-8", write("templates/print.css", b"\xff\xfe"),
          ("build", "--format", "pdf", "--lang", "en", "--out", "{out}"), "templates/print.css: encoding: not UTF-8 text"),
    Fault("reference.docx is not a Word file", write("templates/reference.docx", b"PK garbage"),
          ("build", "--format", "docx", "--lang", "en", "--out", "{out}"), "templates/reference.docx: bad-reference: not a Word document"),
    # Images
    Fault("an SVG is not XML", write(IMAGE, b"\x89PNG\r\n\x1a\ngarbage"), HTML, f"{IMAGE}:1: bad-svg: "),
    Fault("an image is a folder", write(IMAGE, None), HTML, "content/chapters/reparations.md:15: missing-image: "),
    Fault("a PNG is garbage", both(write("content/images/x.png", b"\x89PNG\r\n\x1a\n" + bytes(200)),
                                   edit(CHAPTER, "## Pourquoi", "![Dessin](../images/x.png)\n\n## Pourquoi")),
          ("build", "--lang", "en", "--format", "html", "--format", "epub", "--out", "{out}"),
          "content/images/x.png: bad-image: not an image"),
    # The environment
    Fault("no msgfmt on PATH", tools_only(), HTML, ".po: msgfmt: cannot run GNU msgfmt"),   # whichever catalog is read first
    Fault("no msgmerge on PATH", tools_only("msgfmt"), ("extract",), "msgmerge: gettext: cannot run GNU msgmerge"),
    Fault("no msgcat on PATH", tools_only("msgfmt", "msgmerge"), ("extract",), "msgcat: gettext: cannot run GNU msgcat"),
    Fault("the output folder's parent is a file", write("f", "x"), ("build", "--format", "html", "--out", "{project}/f/o"),
          "{project}/f: cannot-write: "),
    # Usage errors
    Fault("--width 0", None, ("extract", "--width", "0"), "Invalid value for '--width'", exit_code=2),
    Fault("an unknown option", None, ("build", "--nope"), "No such option '--nope'", exit_code=2),
    Fault("--project is a file", None, ("--project", "{project}/content/publication.yml", "check"),
          "Invalid value for '--project'", exit_code=2),
]


def judge(fault: Fault, exit_code: int, output: str, **names) -> None:
    """Assert what every fault must give (no traceback), then what this one must say."""
    assert "Traceback" not in output, output
    expected = fault.expected.format(**names)
    assert exit_code == fault.exit_code, output
    assert expected in output, output
    assert "internal-error" not in output and "os-error" not in output, output


def invoke(args, env=None):
    """Run the CLI in this process, as the user would; fail when an exception escapes it (a traceback)."""
    result = CliRunner().invoke(main, [str(a) for a in args], env={cli.DEBUG: None, **(env or {})})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"an uncaught {type(result.exception).__name__} would reach the user") \
            from result.exception
    return result


@pytest.mark.parametrize("fault", FAULTS, ids=lambda fault: fault.name)
def test_a_fault_is_a_diagnostic_never_a_traceback(fault, sample, tmp_path):
    env = fault.damage(sample) if fault.damage else None
    names = {"project": sample, "out": tmp_path / "out"}
    result = invoke(["--project", sample, *(part.format(**names) for part in fault.command)], env)
    judge(fault, result.exit_code, result.output, **names)


# The last line of defence, in the CLI: what no library function turned into a diagnostic.

@pytest.mark.parametrize("raised, code, lines", [
    (KeyboardInterrupt(), 130, ["mieux-pub: interrupted; "]),
    (MemoryError(), 1, ["mieux-pub: out-of-memory: ran out of memory"]),
    (OSError(errno.ENOSPC, "No space left on device", "/media/disk/build/x.html"), 1,
     ["/media/disk/build/x.html: os-error: No space left on device: free some space on that disk"]),
    (OSError(errno.EROFS, "Read-only file system", "/media/cd/x"), 1,
     ["/media/cd/x: os-error: Read-only file system: "]),
    (OSError(errno.EMFILE, "Too many open files"), 1,
     ["mieux-pub: os-error: Too many open files: close some programs or raise the limit (ulimit -n)"]),
    (RuntimeError("the unforeseen"), 1,
     ["mieux-pub: internal-error: RuntimeError: the unforeseen",
      "mieux-pub: this is a bug in mieux-pub: please report it", "MIEUX_PUB_DEBUG=1"]),
])
def test_what_the_library_lets_through_is_a_diagnostic(sample, monkeypatch, raised, code, lines):
    def load(project):
        raise raised
    monkeypatch.setattr(cli, "load", load)
    result = invoke(["--project", sample, "check"])
    assert result.exit_code == code
    assert "Traceback" not in result.output
    for line in lines:
        assert line in result.output


def test_mieux_pub_debug_shows_the_traceback(sample, monkeypatch):
    def load(project):
        raise RuntimeError("the unforeseen")
    monkeypatch.setattr(cli, "load", load)
    result = CliRunner().invoke(main, ["--project", str(sample), "check"], env={cli.DEBUG: "1"})
    assert isinstance(result.exception, RuntimeError)


# Through a real process: what reaches the terminal.

def run(args, cwd: Path, prefix=(), env=None, timeout=120) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if k != cli.DEBUG}
    return subprocess.run([*prefix, str(EXECUTABLE), *map(str, args)], cwd=cwd, capture_output=True, text=True,
                          env={**environ, **(env or {})}, timeout=timeout, check=False)


@pytest.mark.parametrize("name, last", [
    ("a catalog is binary", "nothing was written"),
    ("a template has a syntax error", "failed with 1 error(s)"),
])
def test_stderr_holds_no_traceback(name, last, sample, tmp_path):
    fault = next(f for f in FAULTS if f.name == name)
    fault.damage(sample)
    result = run(["--project", sample, *(part.format(out=tmp_path / "out") for part in fault.command)], tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stderr.splitlines()[-1].endswith(last), result.stderr


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            pass
    return found


def _executable(pid: int) -> str:
    try:
        return os.readlink(f"/proc/{pid}/exe")
    except OSError:
        return ""


def interrupt(project: Path, args, when: str, delay: float = 0.0) -> tuple[int | None, str]:
    """Run the CLI, and press Ctrl-C (SIGINT to its process group) once a child process whose executable holds
    `when` runs, and `delay` seconds more; its exit code (None: it hung, and was killed) and output."""
    process = subprocess.Popen([str(EXECUTABLE), "--project", str(project), *args], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, start_new_session=True,
                               # the shell running the tests may have left SIGINT ignored, which the child would inherit
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # noqa: PLW1509
    deadline = time.monotonic() + 60
    while process.poll() is None and time.monotonic() < deadline:
        if any(when in _executable(child) for child in _children(process.pid)):
            break
        time.sleep(0.005)
    time.sleep(delay)
    os.killpg(process.pid, signal.SIGINT)
    try:
        output = process.communicate(timeout=60)[0]
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        return None, process.communicate()[0].decode("utf-8", "replace")
    return process.returncode, output.decode("utf-8", "replace")


@pytest.mark.slow
def test_ctrl_c_while_pandoc_runs_exits_130_with_one_line(sample, tmp_path):
    code, output = interrupt(sample, ["build", "--lang", "en", "--format", "html", "--out", tmp_path / "out"],
                             "pandoc")
    assert code == 130, output
    assert "Traceback" not in output
    assert output.splitlines()[-1] == "mieux-pub: interrupted; files already written are whole, run the command again " \
                                      "to finish"


def test_ctrl_c_while_python_loads_the_package_prints_no_traceback(sample):
    """Python takes a few tenths of a second to import mieux-pub's modules before any command runs. Each Ctrl-C
    comes once the entry point is imported (as -X importtime tells): before that, Python is still starting."""
    for delay in (0, 0.05, 0.1, 0.15, 0.2, 0.3):
        process = subprocess.Popen([str(EXECUTABLE), "--project", str(sample), "check"], stdout=subprocess.DEVNULL,
                                   stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONPROFILEIMPORTTIME": "1"},
                                   preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # noqa: PLW1509
        assert any(line.rstrip().endswith("| mieux_pub.__main__") for line in process.stderr)
        time.sleep(delay)
        process.send_signal(signal.SIGINT)
        output = process.communicate(timeout=60)[1]
        assert "Traceback" not in output, (delay, output)
        assert process.returncode in (0, 130), (delay, output)   # 0: it was done before the signal came
        assert process.returncode == 0 or output.endswith("mieux-pub: interrupted\n") or \
            "mieux-pub: interrupted; " in output, (delay, output)


@pytest.mark.slow
def test_ctrl_c_while_worker_processes_run_prints_no_traceback(sample, tmp_path):
    # The PDFs: workers that run for a second or more (a small book is assembled in the build's own process).
    outputs = [interrupt(sample, ["build", "--format", "html", "--format", "pdf", "--out", tmp_path / "out"],
                         "python", delay) for delay in (0.05, 0.1, 0.15, 0.2, 0.3)]
    # Workers ignore SIGINT and start with it blocked (editions._start, _map); a failure here is a new window.
    assert all(code == 130 and "Traceback" not in output for code, output in outputs), outputs


@pytest.mark.slow
def test_too_many_open_files_is_a_diagnostic_never_a_hang(tmp_path):
    """With a few file descriptors, the build fails (or succeeds) at once, whatever stage runs out."""
    project = tmp_path / "sample"
    shutil.copytree(FIXTURE, project)
    hung = []
    for limit in range(10, 20):
        try:
            result = run(["build", "--format", "html", "--out", tmp_path / f"out{limit}"], project,
                         prefix=["prlimit", f"--nofile={limit}"], timeout=40)
        except subprocess.TimeoutExpired:
            hung.append(limit)
            continue
        assert "Traceback" not in result.stderr, (limit, result.stderr)
        assert result.returncode in (0, 1), (limit, result.stderr)
        assert result.returncode == 0 or "Too many open files" in result.stderr, (limit, result.stderr)
    assert not hung, f"the build hung with --nofile in {hung}"


@pytest.mark.slow
def test_too_little_memory_prints_no_traceback(tmp_path):
    project = tmp_path / "sample"
    shutil.copytree(FIXTURE, project)
    result = run(["build", "--format", "html", "--lang", "en", "--out", tmp_path / "out"], project,
                 prefix=["prlimit", "--as=200000000"])
    assert result.returncode == 1, result.stderr
    if "Traceback" in result.stderr:
        pytest.fail(f"a traceback reached the user under a memory limit: {result.stderr}")


# Faults only another user or another file system can give: the tests run as root.

@pytest.fixture
def public_sample():
    """A copy of the sample that another user can read but not change (pytest's own temporary folders are private)."""
    folder = Path(tempfile.mkdtemp(prefix="mieux-pub-test-"))
    try:
        folder.chmod(0o755)
        shutil.copytree(FIXTURE, folder / "sample")
        (folder / "home").mkdir()
        (folder / "home").chmod(0o777)   # mkdir's mode goes through the umask
        yield folder / "sample"
    finally:
        shutil.rmtree(folder)


def as_nobody(project: Path, args) -> subprocess.CompletedProcess:
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        pytest.skip("needs root and setpriv to run as another user")
    return run(args, project, prefix=NOBODY, env={"HOME": str(project.parent / "home")})


NOBODY_FAULTS = [
    Fault("extract in a project it may not change", edit(CHAPTER, "## Pourquoi", "Neuf.\n\n## Pourquoi"),
          ("extract",), f"{FIRST_CATALOG}: cannot-write: Permission denied"),
    Fault("build into a folder it may not change", None, ("build", "--format", "html"),
          ": cannot-write: Permission denied"),
    Fault("an unreadable chapter (check)", lambda p: (p / CHAPTER).chmod(0), ("check",),
          f"{CHAPTER}: unreadable: cannot read the chapter: Permission denied"),
    Fault("an unreadable chapter (build)", lambda p: (p / CHAPTER).chmod(0), ("build", "--format", "html", "--out",
                                                                            "{home}/out"),
          f"{CHAPTER}: unreadable: cannot read the chapter: Permission denied"),
    Fault("an unreadable publication.yml", lambda p: (p / CONFIG).chmod(0), ("check",),
          f"{CONFIG}: unreadable: "),
    Fault("an unreadable catalog", lambda p: (p / CATALOG).chmod(0), ("check",),
          f"{CATALOG}: unreadable: cannot read the catalog: Permission denied"),
    Fault("an unreadable catalog folder", lambda p: (p / CATALOG).parent.chmod(0), ("check",),
          "content/locales/en/LC_MESSAGES: unreadable: "),
]


@pytest.mark.slow
@pytest.mark.parametrize("fault", NOBODY_FAULTS, ids=lambda fault: fault.name)
def test_a_permission_denied_is_a_diagnostic(fault, public_sample):
    if fault.damage:
        fault.damage(public_sample)
    home = public_sample.parent / "home"
    result = as_nobody(public_sample, [part.format(home=home) for part in fault.command])
    judge(fault, result.returncode, result.stdout + result.stderr)


@pytest.fixture
def small_disk(tmp_path):
    """A 4 MB file system of its own (tmpfs), holding a copy of the sample."""
    folder = tmp_path / "disk"
    folder.mkdir()
    if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(folder)],
                                           capture_output=True, check=False).returncode != 0:
        pytest.skip("cannot mount a tmpfs here")
    try:
        shutil.copytree(FIXTURE, folder / "sample")
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path) -> None:
    with open(folder / "filler", "wb") as filler:
        try:
            while True:
                filler.write(bytes(1 << 16))
                filler.flush()
        except OSError as exc:
            assert exc.errno == errno.ENOSPC


@pytest.mark.slow
def test_extract_on_a_full_disk_is_a_diagnostic(small_disk):
    project = small_disk / "sample"
    edit(CHAPTER, "## Pourquoi", "Neuf.\n\n## Pourquoi")(project)
    fill(small_disk)
    result = run(["extract"], project)
    judge(Fault("extract on a full disk", None, ("extract",), f"{FIRST_CATALOG}: cannot-write: No space left on device"), result.returncode, result.stdout + result.stderr)


@pytest.mark.slow
@pytest.mark.parametrize("fault", [
    Fault("build on a read-only file system", None, ("build", "--format", "html"),
          ": cannot-write: Read-only file system"),
    Fault("extract on a read-only file system", edit(CHAPTER, "## Pourquoi", "Neuf.\n\n## Pourquoi"), ("extract",),
          f"{FIRST_CATALOG}: cannot-write: Read-only file system"),
], ids=lambda fault: fault.name)
def test_a_read_only_file_system_is_a_diagnostic(fault, small_disk):
    project = small_disk / "sample"
    if fault.damage:
        fault.damage(project)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    result = run(fault.command, project)
    judge(fault, result.returncode, result.stdout + result.stderr)
