"""The resolver: files reach a renderer only from inside the project, after symbolic links are followed."""

from __future__ import annotations

import base64
import io
import mimetypes
from pathlib import Path

from lxml import etree
from PIL import Image

from . import tree
from .diagnostics import MieuxError, error

CONTENT_DIR = "content"
# SVG elements that run code, embed other documents or pull in other files.
UNSAFE_ELEMENTS = {"script", "foreignObject", "iframe", "object", "embed", "handler", "listener"}


def project_file(root: Path, relative: str) -> Path:
    """A file of the project's content/ folder, refused when it (or a link on the way) leads outside."""
    content = (root / CONTENT_DIR).resolve()
    path = (content / relative).resolve()
    if not path.is_relative_to(content) or not path.is_file():
        raise MieuxError([error(f"{CONTENT_DIR}/{relative}", None, "outside-project",
                                "not a file inside the project's content/ folder: it is not used")])
    return path


def image_bytes(root: Path, relative: str) -> bytes:
    """An image of the project as outputs may carry it: an SVG without what could run or fetch, or a raster image
    that Pillow can decode."""
    path, shown = project_file(root, relative), f"{CONTENT_DIR}/{relative}"
    data = path.read_bytes()
    return sanitize_svg(data, shown) if path.suffix == ".svg" else verified_raster(data, shown)


def verified_raster(data: bytes, shown: str) -> bytes:
    """The bytes of a raster image, refused when they are not one (a reader would see a broken image)."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise MieuxError([error(shown, None, "bad-image", f"not an image any reader could show ({exc}): export it "
                                                          "again as PNG, JPEG or SVG")]) from None
    return data


def sanitize_svg(data: bytes, shown: str) -> bytes:
    """Remove scripts, event handlers, embedded documents and references to anything outside the SVG itself."""
    return etree.tostring(safe_svg(data, shown), xml_declaration=True, encoding="UTF-8")


def read_svg(data: bytes, shown: str):
    """An SVG's tree as written (its elements keep their lines), read without entities or the network."""
    try:
        return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise MieuxError([error(shown, exc.lineno, "bad-svg", f"not a well-formed SVG: {exc.msg}")]) from None


def safe_svg(data: bytes, shown: str):
    """An SVG's tree without what could run or fetch."""
    root = read_svg(data, shown)
    for element in list(root.iter()):
        if not isinstance(element.tag, str):
            continue
        if etree.QName(element).localname in UNSAFE_ELEMENTS:
            element.getparent().remove(element)
            continue
        for name, value in list(element.attrib.items()):
            local = etree.QName(name).localname
            if local.lower().startswith("on") or (local == "href" and not value.startswith("#")):
                del element.attrib[name]
    return root


def embed_images(doc: dict, images: dict[str, bytes]) -> dict:
    """A copy of a document whose images ('../<path>', as the transforms leave them) are data URIs of an edition's
    images (path -> bytes), so that a sandboxed pandoc needs to read nothing."""
    doc = tree.clone(doc)
    for node in tree.walk(doc["blocks"]):
        if node["t"] == "Image" and node["c"][2][0].startswith("../"):
            relative = node["c"][2][0][3:]
            kind = mimetypes.guess_type(relative)[0] or "application/octet-stream"
            node["c"][2][0] = f"data:{kind};base64," + base64.b64encode(images[relative]).decode("ascii")
    return doc
