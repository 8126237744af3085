"""Parse a response once into a plain lxml tree.

Plain ``lxml.etree`` elements, not ``lxml.html`` ones: the html flavour looks up a Python class
for every element proxy, which makes each walk over the tree slower. Comments stay in the tree
(dropping them at parse time costs a quarter of the parse); everything that reads text skips
them (their ``tag`` is not a string).
"""

from __future__ import annotations

from functools import lru_cache

from lxml import etree
from scrapy.http import TextResponse


@lru_cache(maxsize=16)
def _parser(encoding: str) -> etree.HTMLParser:
    return etree.HTMLParser(recover=True, encoding=encoding, collect_ids=False)


def parse_html(response: TextResponse) -> etree._Element:
    """The document element of a response (an empty ``<html>`` for an empty body)."""
    body = response.body
    root = None
    if body and not body.isspace():  # body.strip() without copying the page
        try:
            root = etree.fromstring(body, parser=_parser(response.encoding))
        except LookupError:  # an encoding lxml does not know: let Scrapy decode
            root = etree.fromstring(response.text.encode("utf-8"), parser=_parser("utf-8"))
    return (
        root
        if root is not None
        else etree.fromstring(b"<html><body></body></html>", parser=_parser("utf-8"))
    )
