"""benchmarks/readme_blocks.py: a README table is replaced between its markers, and nothing else."""
import pytest

from readme_blocks import replace_block, write_readme


def test_readme_blocks_are_replaced_between_their_markers_only():
    text = "a\n<!-- table:ade -->\nold\nrows\n<!-- /table:ade -->\nb\n"
    replaced = "a\n<!-- table:ade -->\nnew\n<!-- /table:ade -->\nb\n"
    assert replace_block(text, "ade", "new") == replaced
    empty = "a\n<!-- table:ade -->\n<!-- /table:ade -->\nb\n"
    assert replace_block(empty, "ade", "new") == replaced
    assert replace_block(replaced, "ade", "new") == replaced
    with pytest.raises(SystemExit, match="expected the markers <!-- table:ablations -->"):
        replace_block(text, "ablations", "new")


def test_every_table_goes_into_the_readme_at_once(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text("<!-- table:a -->\n<!-- /table:a -->\nmiddle\n<!-- table:b -->\nold\n<!-- /table:b -->\n")
    write_readme({"a": "A", "b": "B"}, readme)
    assert readme.read_text() == "<!-- table:a -->\nA\n<!-- /table:a -->\nmiddle\n<!-- table:b -->\nB\n<!-- /table:b -->\n"
