"""Read pages as UTF-8 when a site declares a single-byte charset but sends UTF-8 bytes.

WordPress sites behind a misconfigured server say ``charset=iso-8859-1`` while their pages
are UTF-8; decoding them as declared turns "fête" into "fÃªte". Bytes that decode as UTF-8
and contain multi-byte sequences are practically never real Latin-1 text, so they win.
"""

from __future__ import annotations

import logging

from scrapy import Request
from scrapy.http import Response, TextResponse

logger = logging.getLogger(__name__)

SINGLE_BYTE = frozenset({"ascii", "latin1", "latin-1", "iso-8859-1", "iso8859-1", "cp1252", "windows-1252", "us-ascii"})


def utf8_despite_declaration(response: TextResponse) -> bool:
    declared = (response.encoding or "").lower().replace("_", "-")
    if declared not in SINGLE_BYTE:
        return False
    body = response.body
    if body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


class CharsetFixMiddleware:
    def process_response(self, request: Request, response: Response) -> Response:
        if isinstance(response, TextResponse) and utf8_despite_declaration(response):
            logger.info("%s declares %s but is UTF-8; reading it as UTF-8", response.url, response.encoding)
            return response.replace(encoding="utf-8")
        return response
