"""Feeds in a bundle: the Atom feeds, with every link relative to the feed's own file.

Atom resolves a relative reference against `xml:base` or, with none, the address the feed was
fetched from (RFC 4287 §2 and XML Base, RFC 3986 §5.1.3), so an Atom feed whose links are
relative to itself works wherever the bundle is put, as its pages do. RSS 2.0 defines no base for
relative references (readers guess differently, and the RSS Best Practices Profile forbids them)
and JSON Feed's addresses are absolute, so in a copy those two could only lead readers back to
the origin: they stay with the origin (`selection.py`), and pages drop their links to them.

Ids are left as they are: an Atom id must not change when a document is relocated or republished
(RFC 4287 §4.2.6), and it is what tells a reader that an entry of a copy is one already read.
"""

import html
import re
from xml.dom import Node, minidom

from .links import LinkRewriter

ATOM_SUFFIX = ".atom"
# Elements whose attribute is a link (`a`: the XHTML explanation a browser shows the feed with),
# and elements whose text is one.
_LINK_ATTRIBUTES = {"link": "href", "media:content": "url", "a": "href"}
_LINK_TEXTS = {"uri", "icon", "logo"}
_STYLESHEET_HREF = re.compile(r'href="([^"]*)"')


def atom(data: bytes, path: str, rewriter: LinkRewriter) -> bytes:
    """Return an Atom feed of the bundle with its links relative to `path`.

    A link to something the bundle does not hold (an older article left out by `--since`,
    another edition's contributor page) is removed with its element; the escaped HTML of a
    `type="html"` content, summary or title gets the same treatment as a page.
    """
    document = minidom.parseString(data)
    _relocate_stylesheets(document, path, rewriter)
    for element in document.getElementsByTagName("*"):
        name = element.tagName
        if name in _LINK_ATTRIBUTES and element.hasAttribute(_LINK_ATTRIBUTES[name]):
            link = rewriter.relative(element.getAttribute(_LINK_ATTRIBUTES[name]), path)
            if link is None:
                element.parentNode.removeChild(element)
            else:
                element.setAttribute(_LINK_ATTRIBUTES[name], link)
        elif name in _LINK_TEXTS:
            link = rewriter.relative(_text(element), path)
            if link is None:
                element.parentNode.removeChild(element)
            else:
                _set_text(document, element, link)
        elif element.getAttribute("type") == "html":
            _set_text(document, element, rewriter.html(_text(element), path, keep_form=False))
    return document.toxml(encoding="utf-8")


def _relocate_stylesheets(document, path: str, rewriter: LinkRewriter) -> None:
    """Point the feed's stylesheet (what a browser shows it with) at the copy's, or drop it."""
    for node in list(document.childNodes):
        if node.nodeType != Node.PROCESSING_INSTRUCTION_NODE or node.target != "xml-stylesheet":
            continue
        found = _STYLESHEET_HREF.search(node.data)
        link = rewriter.relative(html.unescape(found.group(1)), path) if found else None
        if link is None:
            document.removeChild(node)
        else:
            start, end = found.span(1)
            node.data = node.data[:start] + html.escape(link) + node.data[end:]


def _text(element) -> str:
    return "".join(
        child.data
        for child in element.childNodes
        if child.nodeType in (Node.TEXT_NODE, Node.CDATA_SECTION_NODE)
    )


def _set_text(document, element, text: str) -> None:
    while element.firstChild is not None:
        element.removeChild(element.firstChild)
    element.appendChild(document.createTextNode(text))
