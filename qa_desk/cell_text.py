"""Text cells that Excel must never run as formulas: protected when written, read back as they were.

A text cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
``'`` (numbers are written as they are); text that itself began with ``'`` and one of those
characters gets a second ``'``, so reading removes exactly one and gives every text back exactly.
"""

from __future__ import annotations

import re
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PROTECTED = re.compile(r"'*[=+\-@\t\r]")  # text Excel would run, or text that looks protected


def protect(value: Any) -> Any:
    """A cell Excel will never run as a formula (see the module's docstring)."""
    if isinstance(value, str) and _PROTECTED.match(value):
        return "'" + value
    return value


def unprotect(value: Any) -> Any:
    """A text cell as written before :func:`protect` (``'=x`` → ``=x``)."""
    if isinstance(value, str) and value.startswith("'") and _PROTECTED.match(value, 1):
        return value[1:]
    return value
