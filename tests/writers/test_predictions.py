"""Where extract writes: file names from document names, and outputs it must not write over."""
from joint_ner_re.writers.names import FileStems
from joint_ner_re.writers.predictions import output_problem


def test_file_stems_are_safe_and_never_taken_twice():
    stems = FileStems()
    assert [stems.stem(n) for n in ["a", "sub/b", "A", "../x y?", "", "a", "sub//b"]] == [
        "a", "sub/b", "A-2", "_/x_y_", "_", "a-3", "sub/b-2"]


def test_output_problems(tmp_path):
    (tmp_path / "out.jsonl").write_text("x")
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "f").write_text("x")
    (tmp_path / "empty").mkdir()
    assert "--force" in output_problem("jsonl", str(tmp_path / "out.jsonl"), force=False)
    assert output_problem("jsonl", str(tmp_path / "out.jsonl"), force=True) is None
    assert output_problem("jsonl", "-", force=False) is None
    assert "not -" in output_problem("brat", "-", force=False)
    assert "--force" in output_problem("brat", str(tmp_path / "full"), force=False)
    assert output_problem("brat", str(tmp_path / "empty"), force=False) is None
    assert "is not a folder" in output_problem("brat", str(tmp_path / "out.jsonl"), force=True)
    assert "is not a file" in output_problem("jsonl", str(tmp_path / "empty"), force=True)
    assert "ending in .html" in output_problem("html", str(tmp_path / "view"), force=False)
    assert output_problem("html", str(tmp_path / "pages"), force=False, per_document=True) is None
    assert output_problem("spacy", str(tmp_path / "new.spacy"), force=False) is None
    assert output_problem("spacy", str(tmp_path / "empty"), force=False) is None
