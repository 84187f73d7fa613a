import shutil
from pathlib import Path

import lxml.html
import pytest

from mieux_pub.build import Options, build

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


def html_page(path: Path):
    return lxml.html.parse(str(path)).getroot()


def language_of(element) -> str | None:
    """The language an element is in: its own lang or its nearest ancestor's."""
    while element is not None:
        if element.get("lang"):
            return element.get("lang")
        element = element.getparent()
    return None


@pytest.fixture(scope="session")
def mieux_build(tmp_path_factory):
    """The MIEUX publication of this repository, built in every release language and format."""
    out = tmp_path_factory.mktemp("mieux")
    return build(REPO, Options(out=out)).out
