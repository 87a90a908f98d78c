"""Tables the README shows between markers, replaced by the scripts that build them from result files, so that no
number in them is typed by hand:

    <!-- table:NAME -->
    ...
    <!-- /table:NAME -->
"""
import re
from pathlib import Path
from typing import Dict

README = Path(__file__).resolve().parent.parent / "README.md"


def replace_block(text: str, name: str, table: str) -> str:
    """``text`` with the block between ``<!-- table:NAME -->`` and ``<!-- /table:NAME -->`` set to ``table``."""
    pattern = re.compile(rf"(<!-- table:{name} -->\n)(?:.*?\n)?(<!-- /table:{name} -->)", re.S)
    if not pattern.search(text):
        raise SystemExit(f"README.md: expected the markers <!-- table:{name} --> ... <!-- /table:{name} -->")
    return pattern.sub(lambda match: match[1] + table + "\n" + match[2], text)


def write_readme(tables: Dict[str, str], readme: Path = README) -> None:
    text = readme.read_text()
    for name, table in tables.items():
        text = replace_block(text, name, table)
    readme.write_text(text)
