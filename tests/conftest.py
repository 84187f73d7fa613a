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


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """The sample publication, built once in every language and format."""
    root = tmp_path_factory.mktemp("built") / "sample"
    shutil.copytree(FIXTURE, root)
    result = build(root, Options())
    return result.out


@pytest.fixture(scope="session")
def draft_build(tmp_path_factory):
    """The sample publication with English as a draft (96 % translated), built in every format with French."""
    root = tmp_path_factory.mktemp("draft") / "sample"
    shutil.copytree(FIXTURE, root)
    config = root / "content" / "publication.yml"
    config.write_text(config.read_text().replace("- {code: en}", "- {code: en, draft: true}"))
    return build(root, Options(languages=("fr", "en"))).out


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
    out = tmp_path_factory.mktemp("mieux")
    return build(REPO, Options(out=out, languages=WORLD, formats=tuple(n for n in NAMES if n != "print")))


@pytest.fixture(scope="session")
def mieux_build(mieux_result):
    """The output folder of that build."""
    return mieux_result.out


# Each shared build, and the group of the tests that read it (the most costly build a test reads names it).
BUILDS = {"mieux_result": "mieux", "mieux_build": "mieux", "draft_build": "draft", "sample_build": "sample"}


def pytest_collection_modifyitems(items):
    """A test that reads a whole publication's build is slow, whatever its module says: pytest -m "not slow" is
    the quick loop. The tests that read one build run in one worker (pytest-xdist's loadgroup), which builds it
    once."""
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        group = next((group for name, group in BUILDS.items() if name in fixtures), None)
        if group:
            item.add_marker(pytest.mark.slow)
            item.add_marker(pytest.mark.xdist_group(group))


def pytest_configure(config):
    """Each pytest-xdist worker has a temporary folder of its own, so that a test that looks for what a build
    left there (WeasyPrint's font folders) sees only its own worker's."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        folder = Path(tempfile.gettempdir()) / f"pytest-worker-{worker}-{os.getpid()}"
        folder.mkdir(exist_ok=True)
        os.environ["TMPDIR"] = tempfile.tempdir = str(folder)
        config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
