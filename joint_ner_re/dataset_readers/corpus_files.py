"""The files of a multi-file corpus on disk: decoded text whose errors name a line, and document-id lists."""
from pathlib import Path
from typing import Iterator, List, Optional, Tuple


def read_text(path: Path, name: Optional[str] = None) -> str:
    """The file as UTF-8 text, line endings untouched (standoff offsets count every character, ``\\r`` included).

    An error names the file as ``name`` where given (the path as the user wrote it, e.g. before ``cached_path``),
    else as ``path``."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ValueError(
            f"{name or path}: line {line}: expected UTF-8 text ({error.reason} at byte {error.start})"
        ) from None


def read_lines(path: Path) -> List[str]:
    """The file's lines, split at ``\\n`` only (as line numbers in annotation files count them); a final newline
    does not start another line."""
    lines = read_text(path).split("\n")
    return lines[:-1] if lines[-1] == "" else lines


def non_blank_lines(path: Path) -> Iterator[Tuple[int, str]]:
    """``(line number, line)`` for each line that holds more than whitespace, the line as ``read_lines`` gives it
    (a ``\\r`` of a CRLF file is still there)."""
    for number, line in enumerate(read_lines(path), start=1):
        if line.strip():
            yield number, line


def read_id_list(path: Path) -> List[Tuple[int, str]]:
    """``(line number, id)`` for each non-blank line of a document-id list (one id per line, e.g. a CV fold)."""
    return [(number, line.strip()) for number, line in non_blank_lines(path)]
