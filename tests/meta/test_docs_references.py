"""The project cites its own pages: the theory and the layout live in
docs/explanation/, and no file points at notes users never see."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEXT = [p for pattern in ("arcot/**/*.py", "docs/**/*.md", "tests/**/*.py",
                          "proofs/*.md", "proofs/*.py", "*.md")
        for p in ROOT.glob(pattern)]


def test_no_file_cites_the_team_notes():
    here = Path(__file__).name
    for path in TEXT:
        if path.name == here:
            continue
        text = path.read_text(encoding="utf-8")
        for note in ("THEORY" + ".md", "DESIGN" + ".md"):
            assert note not in text, f"{path.relative_to(ROOT)} cites {note}"


def test_the_cited_pages_exist_and_are_linked():
    index = (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
    for page in ("theory.md", "layout.md", "certificates.md", "notation.md"):
        assert (ROOT / "docs" / "explanation" / page).is_file()
        assert f"explanation/{page}" in index
