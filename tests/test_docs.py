"""The documentation stands alone: its relative links resolve inside the repository, and nothing that ships cites
the documents of the team folder beside the clone (``../shared``), which users do not have."""
import json
import re
from pathlib import Path

import _jsonnet
import pytest

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md"] + sorted((ROOT / "docs").glob("*.md"))
SHIPPED = [ROOT / "README.md", ROOT / "docs", ROOT / "joint_ner_re", ROOT / "training_config"]

_FENCED = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
_INLINE_CODE = re.compile(r"`[^`\n]*`")
_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*$", re.MULTILINE)
TEAM_FOLDER = ROOT.parent / "shared"


def _unreachable() -> "re.Pattern":
    """The names of the team folder's documents that the repository does not have itself (its corpora under
    ``data/`` are read by tests and benchmarks, and may be named): files as ``NAME``, folders as ``NAME/``."""
    if not TEAM_FOLDER.is_dir():
        pytest.skip(f"{TEAM_FOLDER} is absent: no team documents to look for")
    names = [
        re.escape(entry.name) + ("/" if entry.is_dir() else r"\b")
        for entry in sorted(TEAM_FOLDER.iterdir())
        if entry.name != "data" and not entry.name.startswith(".") and not (ROOT / entry.name).exists()
    ]
    if not names:
        pytest.skip(f"{TEAM_FOLDER} holds no documents besides data/")
    return re.compile(r"(?<![\w.-])(?:" + "|".join(names) + ")")


def _prose(text: str) -> str:
    """The Markdown without code blocks and inline code, where brackets are not links."""
    return _INLINE_CODE.sub("", _FENCED.sub("", text))


def _anchors(page: Path) -> set:
    """GitHub's heading anchors: lower case, punctuation other than '-' dropped, spaces as '-'."""
    headings = _HEADING.findall(_FENCED.sub("", page.read_text(encoding="utf-8")))
    return {re.sub(r"[^\w\- ]", "", heading.replace("`", "").lower()).replace(" ", "-") for heading in headings}


def _relative_links(page: Path):
    for target in _LINK.findall(_prose(page.read_text(encoding="utf-8"))):
        if re.match(r"^[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto:
            continue
        yield target


def test_the_docs_pages_exist_and_the_readme_links_each_of_them():
    linked = {target.split("#")[0] for target in _relative_links(ROOT / "README.md")}
    for name in ("installation", "model", "corpora", "evaluation", "configuration", "extending", "paper"):
        assert (ROOT / "docs" / f"{name}.md").is_file(), name
        assert f"docs/{name}.md" in linked, name


@pytest.mark.parametrize("page", PAGES, ids=[str(page.relative_to(ROOT)) for page in PAGES])
def test_every_relative_link_points_at_an_existing_file_and_heading(page):
    links = list(_relative_links(page))
    for target in links:
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        assert file.exists(), f"{page.relative_to(ROOT)}: link {target!r}: {file} does not exist"
        assert ROOT in file.parents or file == ROOT, f"{page.relative_to(ROOT)}: link {target!r} leaves the repository"
        if anchor and file.suffix == ".md":
            assert anchor in _anchors(file), f"{page.relative_to(ROOT)}: link {target!r}: no such heading"


def test_links_are_found_at_all():
    assert len(list(_relative_links(ROOT / "README.md"))) >= 6


def test_nothing_shipped_cites_the_team_folders_documents():
    unreachable, offending = _unreachable(), []
    for place in SHIPPED:
        files = [place] if place.is_file() else [p for p in place.rglob("*") if p.is_file()]
        for file in files:
            if "__pycache__" in file.parts:
                continue
            try:
                text = file.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                continue
            for number, line in enumerate(text.splitlines(), start=1):
                if unreachable.search(line):
                    offending.append(f"{file.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not offending, "cites a document users do not have:\n" + "\n".join(offending)


def test_the_own_corpus_template_evaluates_to_the_recipe():
    """docs/corpora.md's config for a user's corpus, evaluated as a file in the repository root would be."""
    text = (ROOT / "docs" / "corpora.md").read_text(encoding="utf-8")
    block = re.search(r"```jsonnet\n(\s*// my_corpus\.jsonnet.*?)```", text, re.DOTALL)
    assert block, "the template block of 'Bring your own corpus' is gone"
    ext_vars = {"JNR_ENCODER": "", "JNR_DATA": "", "JNR_FOLD": ""}
    config = json.loads(_jsonnet.evaluate_snippet(str(ROOT / "my_corpus.jsonnet"), block[1], ext_vars=ext_vars))
    assert config["train_data_path"] == "my_corpus/train" and config["dataset_reader"]["type"] == "brat"
    model = config["model"]
    assert model["relation_targets"]["type"] == "predicted_and_gold" and model["pair_context"]["type"] == "between"
    assert config["trainer"]["num_epochs"] == 10 and "batch_sampler" in config["data_loader"]
