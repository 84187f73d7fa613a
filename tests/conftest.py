import fcntl
import os
import shutil
import tempfile
from pathlib import Path

import lxml.html
import pytest

from mieux_pub.build import Options, build
from mieux_pub.formats import NAMES

FIXTURE = Path(__file__).parent / "fixtures" / "sample"
REPO = Path(__file__).parent.parent


@pytest.fixture
def sample(tmp_path) -> Path:
    """A fresh copy of the small sample publication, free to be changed by the test."""
    target = tmp_path / "sample"
    shutil.copytree(FIXTURE, target)
    return target


def once(tmp_path_factory, name: str, make):
    """make(folder) run for a build the tests share, one at a time across pytest-xdist's workers, in one folder
    of the test run: the first worker builds, the next ones wait and build again into the same folder, where the
    build cache reuses every job (and reports their diagnostics again)."""
    base = tmp_path_factory.getbasetemp()
    base = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base   # the folder the workers share
    with (base / f"{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return make(base / name)


def copy_of_sample(root: Path) -> Path:
    if not root.exists():
        shutil.copytree(FIXTURE, root)
    return root


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """The sample publication, built once in every language and format."""
    return once(tmp_path_factory, "built", lambda folder: build(copy_of_sample(folder / "sample"), Options()).out)


@pytest.fixture(scope="session")
def draft_build(tmp_path_factory):
    """The sample publication with English as a draft (96 % translated), built in every format with French."""
    def make(folder):
        root, draft = folder / "sample", not (folder / "sample").exists()
        config = copy_of_sample(root) / "content" / "publication.yml"
        if draft:
            config.write_text(config.read_text().replace("- {code: en}", "- {code: en, draft: true}"))
        return build(root, Options(languages=("fr", "en"))).out
    return once(tmp_path_factory, "draft", make)


def html_page(path: Path):
    return lxml.html.parse(str(path)).getroot()


def language_of(element) -> str | None:
    """The language an element is in: its own lang or its nearest ancestor's."""
    while element is not None:
        if element.get("lang"):
            return element.get("lang")
        element = element.getparent()
    return None


# The release languages, and the drafts in a right-to-left and a CJK script, so that every check of the
# outputs (Nu, axe, EPUBCheck, the PDF tests) also runs on Arabic and Chinese.
WORLD = ("fr", "en", "es", "ar", "zh")


@pytest.fixture(scope="session")
def mieux_result(tmp_path_factory):
    """The MIEUX publication of this repository, built in every format but the print PDF (tests/test_typesetting.py
    builds that for French), in the release languages, Arabic and Chinese."""
    formats = tuple(n for n in NAMES if n != "print")
    return once(tmp_path_factory, "mieux", lambda out: build(REPO, Options(out=out, languages=WORLD, formats=formats)))


@pytest.fixture(scope="session")
def mieux_build(mieux_result):
    """The output folder of that build."""
    return mieux_result.out


BUILDS = {"sample_build", "mieux_result", "mieux_build", "draft_build"}


def pytest_collection_modifyitems(items):
    """A test that reads a whole publication's build is slow, whatever its module says: pytest -m "not slow" is
    the quick loop."""
    for item in items:
        if BUILDS & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


def pytest_configure(config):
    """Each pytest-xdist worker has a temporary folder of its own, so that a test that looks for what a build
    left there (WeasyPrint's font folders) sees only its own worker's."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        folder = Path(tempfile.gettempdir()) / f"pytest-worker-{worker}-{os.getpid()}"
        folder.mkdir(exist_ok=True)
        folder.chmod(0o1777)   # like /tmp: the tests that drop root's rights write there too
        os.environ["TMPDIR"] = tempfile.tempdir = str(folder)
        config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
