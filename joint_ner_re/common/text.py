"""Wording shared by the messages and pages the package writes."""


def counted(number: int, noun: str) -> str:
    """``1 entity``, ``2 entities``, ``0 documents``."""
    if number == 1:
        return f"1 {noun}"
    return f"{number} {noun[:-1] + 'ies' if noun.endswith('y') else noun + 's'}"
