"""Text from the archive made safe to print on a terminal.

Article text is whatever the site served: it may hold escape sequences (``ESC [ 2 J`` clears
the screen, ``OSC 52`` writes the clipboard) or C1 controls. Tables drop every control
character but newline and tab; JSON output keeps the data exact and writes C1 controls and DEL
as ``\\u`` escapes (``json`` already escapes C0), so both are inert on a terminal.
"""

from __future__ import annotations

import json
import re
from typing import Any

_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_JSON_UNESCAPED_CONTROLS = re.compile(r"[\x7f-\x9f\u2028\u2029]")


def printable(text: str) -> str:
    """``text`` without control characters (newline and tab kept)."""
    return _CONTROLS.sub("", text)


def json_text(value: Any) -> str:
    """``value`` as indented JSON (UTF-8 kept) with no raw control character in it."""
    encoded = json.dumps(value, ensure_ascii=False, indent=2)
    return _JSON_UNESCAPED_CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", encoded)
