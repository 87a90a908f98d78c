"""Document names as file paths: one per document, safe on any file system, never two alike."""
import re
from typing import Set

_UNSAFE = re.compile(r"[^\w.\-]+")


class FileStems:
    """``stem(name)``: the name's ``/``-separated parts with every run of other characters than letters, digits,
    ``_``, ``.`` and ``-`` made ``_`` (no part left empty or made of dots), and ``-2``, ``-3`` ... added where an
    earlier document already has that stem (compared without case, for case-insensitive file systems)."""

    def __init__(self) -> None:
        self._used: Set[str] = set()

    def stem(self, name: str) -> str:
        parts = [_UNSAFE.sub("_", part).strip(".") or "_" for part in str(name).split("/") if part]
        base = "/".join(parts) or "_"
        stem, number = base, 1
        while stem.lower() in self._used:
            number += 1
            stem = f"{base}-{number}"
        self._used.add(stem.lower())
        return stem
