"""fixtures/formats is what fixtures/make_fixtures.py writes: the files and their one definition cannot drift apart."""
import importlib.util

from tests.conftest import FIXTURES


def test_make_fixtures_writes_exactly_the_committed_format_samples(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    make_fixtures = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_fixtures)
    monkeypatch.setattr(make_fixtures, "FORMATS", str(tmp_path))
    make_fixtures.write_formats()
    committed = FIXTURES / "formats"
    written = sorted(path.relative_to(tmp_path) for path in tmp_path.rglob("*") if path.is_file())
    assert written == sorted(path.relative_to(committed) for path in committed.rglob("*") if path.is_file())
    for relative in written:
        assert (tmp_path / relative).read_bytes() == (committed / relative).read_bytes(), relative
