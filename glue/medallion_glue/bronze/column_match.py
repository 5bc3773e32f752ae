"""Does a bronze header belong to a dataset? Names compared loosely, so naming style never decides."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection, Iterable

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def comparable_name(name: str) -> str:
    """``name`` lower-cased, accents stripped, only ASCII letters and digits kept:
    ``"Precio Unitario"``, ``precio_unitario`` and ``PrecioUnitario`` all give ``preciounitario``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return _NON_ALNUM.sub("", ascii_name.lower())


def shares_a_column(header: Iterable[str], expected: Collection[str]) -> bool:
    """Whether some name of ``header`` matches some name of ``expected`` under :func:`comparable_name`;
    True when ``expected`` is empty (nothing to compare with)."""
    known = {comparable_name(name) for name in expected}
    if not known:
        return True
    return any(comparable_name(name) in known for name in header)
