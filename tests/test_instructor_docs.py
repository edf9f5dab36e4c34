"""What the README tells instructors about grading agrees with what was measured (text only, instant)."""

from __future__ import annotations

import re

from helpers import ROOT

README = ROOT / "README.md"
GRADING_GUIDE = ROOT / "docs" / "instructor_grading.md"


def _paragraph_after(text: str, marker: str) -> str:
    """The first paragraph of prose after the code block that contains ``marker``."""
    start = text.index(marker)
    after_block = text.index("```", start) + 3
    rest = text[after_block:].lstrip("\n")
    return rest.split("\n\n")[0]


def test_readme_says_that_jobs_2_helps_only_on_an_idle_machine():
    readme = README.read_text(encoding="utf-8")
    assert "autograde_class.py --jobs 2" in readme
    note = " ".join(_paragraph_after(readme, "autograde_class.py --jobs 2").split())
    assert "only on an otherwise idle machine" in note, note
    assert "slower" in note and re.search(r"×\d+\.\d+ faster", note), note  # the measured speed-up


def test_the_readme_quotes_the_measurements_of_the_grading_guide():
    note = " ".join(_paragraph_after(README.read_text(encoding="utf-8"), "autograde_class.py --jobs 2").split())
    guide = " ".join(GRADING_GUIDE.read_text(encoding="utf-8").split())
    numbers = re.findall(r"×\d+(?:\.\d+)?|\d+ s\b", note)
    assert len(numbers) >= 3, note
    for number in numbers:
        assert number in guide, f"the README quotes {number!r}, which docs/instructor_grading.md does not"
