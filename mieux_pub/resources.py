"""The resolver: files reach a renderer only from inside the project, after symbolic links are followed."""

from __future__ import annotations

import base64
import mimetypes
from pathlib import Path

from . import tree
from .diagnostics import MieuxError, error

CONTENT_DIR = "content"


def project_file(root: Path, relative: str) -> Path:
    """A file of the project's content/ folder, refused when it (or a link on the way) leads outside."""
    content = (root / CONTENT_DIR).resolve()
    path = (content / relative).resolve()
    if not path.is_relative_to(content) or not path.is_file():
        raise MieuxError([error(f"{CONTENT_DIR}/{relative}", None, "outside-project",
                                "not a file inside the project's content/ folder: it is not used")])
    return path


def embed_images(doc: dict, root: Path) -> dict:
    """A copy of a document whose images ('../<path in content/>', as the transforms leave them) are data URIs,
    so that a sandboxed pandoc needs to read nothing."""
    doc = tree.clone(doc)
    for node in tree.walk(doc["blocks"]):
        if node["t"] == "Image" and node["c"][2][0].startswith("../"):
            path = project_file(root, node["c"][2][0][3:])
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            node["c"][2][0] = f"data:{kind};base64," + base64.b64encode(path.read_bytes()).decode("ascii")
    return doc
