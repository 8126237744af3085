"""CSV cells that a spreadsheet will not run as formulas (OWASP "CSV injection").

Excel, LibreOffice and Google Sheets evaluate a cell that starts with ``=``, ``+``, ``-`` or
``@`` (and some treat a leading tab or carriage return the same way), so an article title
like ``=HYPERLINK("http://evil", "click")`` would become a live formula. Following the OWASP
rule, such a text cell gets a leading ``'``: spreadsheets show the text as it was, and a
program reading the CSV can strip the one quote. Numbers are not text cells and stay as they
are (a negative number is still a number).
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """``text`` with a leading ``'`` when a spreadsheet would read it as a formula."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def safe_row(values: list[Any]) -> list[Any]:
    """A row for ``csv.writer`` with every text cell neutralised."""
    return [neutralise(value) if isinstance(value, str) else value for value in values]
