"""The guides in ``docs/`` agree with the repository they describe.

* every relative link in ``docs/*.md`` resolves to an existing file;
* the instructor guide covers every lesson and problem set, with the minutes each notebook states
  in its first cell ("**Estimated time:** 30 minutes", "60–80 minutes"; the start page says
  "**How long:** about 10 minutes");
* the agenda tables add up: each row's clock times span exactly its minutes, rows follow each
  other without gaps, a lesson gets exactly its stated time and a problem set a time within its
  stated range, and the "Totals:" line under each table is the sum of its rows;
* every ``make`` command in a ```bash block names a real Makefile target, every ``nbgrader``
  command a real nbgrader subcommand, and every repository path in those commands exists;
* the pages suit the course website (Jupyter Book 1, MyST): one ``# `` title, no skipped heading
  levels, no raw HTML besides ``<details>``/``<summary>``;
* ``environment.yml`` is usable by repo2docker (Binder, JupyterHub images), as docs/jupyterhub.md
  states.

Agenda table format (docs/instructor_guide.md)::

    | Time | Activity | Minutes | Format |
    |---|---|---|---|
    | 09:10–09:40 | Lesson 1.1 — What a microdose is | 30 | talk + widget demo |
    ...
    Totals: 370 min teaching + 90 min breaks = 460 min (09:00–16:40).

Plain text parsing only (no notebook is executed, nbgrader is not imported): well under a second.
"""

from __future__ import annotations

import ast
import functools
import importlib.util
import itertools
import json
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import ROOT

DOCS = ROOT / "docs"
DOC_FILES = sorted(DOCS.glob("*.md"))
INSTRUCTOR_GUIDE = DOCS / "instructor_guide.md"
START_PAGE = ROOT / "lessons" / "00_start_here.ipynb"


def _notebooks(folder: str, pattern: str) -> list[Path]:
    return sorted(p for p in (ROOT / folder).glob(pattern) if ".ipynb_checkpoints" not in p.parts)


LESSONS = _notebooks("lessons", "ch*/*.ipynb")
PROBLEM_SETS = _notebooks("exercises", "ps*/ps*.ipynb")

#: the formats an agenda row may combine with " + "
AGENDA_FORMATS = {"talk", "widget demo", "live demo", "pair work", "discussion", "break"}
AGENDA_HEADER = ["Time", "Activity", "Minutes", "Format"]
GLANCE_HEADER = ["Part", "Minutes", "Interactive figure"]
#: a link target with a scheme is external and not checked
EXTERNAL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def _rel(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


# -- what the notebooks say about themselves -------------------------------------------------------


def _first_markdown(path: Path) -> str:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            return "".join(cell["source"])
    raise AssertionError(f"{_rel(path)} has no markdown cell")


_STATED_TIME = re.compile(r"\*\*(?:Estimated time|How long):\*\*\s*(?:about\s+)?(\d+)(?:\s*[–-]\s*(\d+))?\s*min")


def stated_minutes(path: Path) -> tuple[int, int]:
    """(lowest, highest) minutes a notebook states in its first cell; equal for a single number."""
    match = _STATED_TIME.search(_first_markdown(path))
    assert match, f"{_rel(path)}: its first cell states no time ('**Estimated time:** N minutes')"
    low = int(match.group(1))
    return low, int(match.group(2) or low)


def lesson_number(path: Path) -> str:
    match = re.match(r"#\s+Lesson\s+(\d+\.\d+)\b", _first_markdown(path))
    assert match, f"{_rel(path)}: the title should read '# Lesson X.Y — ...'"
    return match.group(1)


def problem_set_number(path: Path) -> str:
    match = re.match(r"#\s+Problem set\s+(\d+)\b", _first_markdown(path))
    assert match, f"{_rel(path)}: the title should read '# Problem set N — ...'"
    return match.group(1)


def problem_set_points(path: Path) -> float:
    notebook = json.loads(path.read_text(encoding="utf-8"))
    return sum(
        cell["metadata"]["nbgrader"].get("points", 0)
        for cell in notebook["cells"]
        if cell.get("metadata", {}).get("nbgrader", {}).get("grade")
    )


@functools.cache
def lessons_by_number() -> dict[str, Path]:
    return {lesson_number(p): p for p in LESSONS}


@functools.cache
def problem_sets_by_number() -> dict[str, Path]:
    return {problem_set_number(p): p for p in PROBLEM_SETS}


def _format_minutes(low: int, high: int) -> str:
    return str(low) if low == high else f"{low}–{high}"


# -- reading markdown -------------------------------------------------------------------------------


@dataclass
class CodeBlock:
    language: str
    lines: list[str]
    line_number: int  # of the opening fence, 1-based


@dataclass
class Markdown:
    prose: list[tuple[int, str]]  # (line number, text) outside fenced code
    code: list[CodeBlock]


_FENCE = re.compile(r"^\s*(`{3,}|~{3,})\s*([^`\s]*)")


def read_markdown(path: Path) -> Markdown:
    prose: list[tuple[int, str]] = []
    code: list[CodeBlock] = []
    fence = None
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        opening = _FENCE.match(line)
        if fence is None and opening:
            fence = opening.group(1)
            code.append(CodeBlock(opening.group(2).lower(), [], number))
        elif fence is not None:
            if line.strip().startswith(fence) and set(line.strip()) == {fence[0]}:
                fence = None
            else:
                code[-1].lines.append(line)
        else:
            prose.append((number, line))
    assert fence is None, f"{_rel(path)}: a code fence opened on line {code[-1].line_number} is never closed"
    return Markdown(prose, code)


def _without_inline_code(text: str) -> str:
    return re.sub(r"`+[^`]*`+", "", text)


_LINK = re.compile(r"\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


def relative_links(path: Path) -> list[tuple[int, str]]:
    links = []
    for number, line in read_markdown(path).prose:
        for target in _LINK.findall(_without_inline_code(line)):
            if not EXTERNAL.match(target) and not target.startswith("#"):
                links.append((number, target))
    return links


def shell_commands(path: Path) -> list[tuple[int, str]]:
    """The commands of every ```bash block: comments dropped, continuation lines joined."""
    commands = []
    for block in read_markdown(path).code:
        if block.language not in ("bash", "sh", "shell", "console"):
            continue
        pending, start = "", None
        for offset, raw in enumerate(block.lines, start=1):
            line = raw.strip()
            if line.startswith("$ "):
                line = line[2:]
            if not pending and (not line or line.startswith("#")):
                continue
            line = re.split(r"\s+#\s", " " + line, maxsplit=1)[0].strip()
            start = start or block.line_number + offset
            if line.endswith("\\"):
                pending += line[:-1] + " "
                continue
            commands.append((start, pending + line))
            pending, start = "", None
    return commands


def markdown_tables(path: Path) -> list[tuple[int, list[list[str]], list[str]]]:
    """Every pipe table: (line of its header, rows of cells without the separator, the lines after it)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    tables, i = [], 0
    while i < len(lines):
        if lines[i].startswith("|") and i + 1 < len(lines) and re.match(r"^\|[\s:|-]+\|\s*$", lines[i + 1]):
            start = i
            rows = []
            while i < len(lines) and lines[i].startswith("|"):
                if i != start + 1:
                    rows.append([cell.strip() for cell in lines[i].strip().strip("|").split("|")])
                i += 1
            tables.append((start + 1, rows, lines[i : i + 4]))
        else:
            i += 1
    return tables


# -- links ------------------------------------------------------------------------------------------


def test_the_guides_exist():
    for name in ["instructor_guide.md", "student_guide.md", "jupyterhub.md"]:
        assert (DOCS / name).is_file(), f"docs/{name} is missing"


@pytest.mark.parametrize("doc", DOC_FILES, ids=lambda p: p.name)
def test_every_relative_link_resolves_to_a_file(doc):
    broken = []
    for number, target in relative_links(doc):
        path = target.split("#", 1)[0]
        if path and not (doc.parent / path).resolve().is_file():
            broken.append(f"line {number}: {target}")
    assert not broken, f"{_rel(doc)} links to files that do not exist: {broken}"


@pytest.mark.parametrize("doc", DOC_FILES, ids=lambda p: p.name)
def test_links_carry_no_heading_anchors(doc):
    """The website is built without heading anchors (site/_config.yml), so '#section' would break."""
    anchored = [f"line {n}: {t}" for n, t in relative_links(doc) if "#" in t]
    assert not anchored, f"{_rel(doc)}: link to the page instead of a heading: {anchored}"


# -- the instructor guide covers the course, with the stated times ----------------------------------


def test_the_notebooks_state_their_times():
    """The parser below must find a time in every lesson, problem set and the start page."""
    for path in [START_PAGE, *LESSONS, *PROBLEM_SETS]:
        low, high = stated_minutes(path)
        assert 0 < low <= high <= 180, f"{_rel(path)}: implausible stated time {low}–{high} min"
    assert len(lessons_by_number()) == len(LESSONS) and len(problem_sets_by_number()) == len(PROBLEM_SETS)


def _headings(path: Path) -> list[tuple[int, int, str]]:
    """(line, level, text) of every ATX heading outside code."""
    found = []
    for number, line in read_markdown(path).prose:
        match = re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", line)
        if match:
            found.append((number, len(match.group(1)), match.group(2)))
    return found


def test_instructor_guide_has_facilitation_notes_for_every_lesson_and_problem_set():
    headings = [text for _, level, text in _headings(INSTRUCTOR_GUIDE) if level == 3]
    problems = []
    for number, path in lessons_by_number().items():
        wanted = f"({_format_minutes(*stated_minutes(path))} min"
        matching = [h for h in headings if re.match(rf"Lesson {re.escape(number)}\b", h)]
        if not matching:
            problems.append(f"no '### Lesson {number} — ...' note for {_rel(path)}")
        elif wanted not in matching[0]:
            problems.append(f"'{matching[0]}' should state '{wanted})' as the lesson does")
    for number, path in problem_sets_by_number().items():
        wanted_time = f"({_format_minutes(*stated_minutes(path))} min"
        wanted_points = f"{problem_set_points(path):g} points"
        matching = [h for h in headings if re.match(rf"Problem set {re.escape(number)}\b", h)]
        if not matching:
            problems.append(f"no '### Problem set {number} — ...' note for {_rel(path)}")
        elif wanted_time not in matching[0] or wanted_points not in matching[0]:
            problems.append(f"'{matching[0]}' should state '{wanted_time}' and '{wanted_points}'")
    start = [h for h in headings if h.startswith("Start here")]
    if not start or f"({stated_minutes(START_PAGE)[0]} min)" not in start[0]:
        problems.append(f"the start page needs a '### Start here ({stated_minutes(START_PAGE)[0]} min)' note")
    assert not problems, "\n".join(problems)


def _glance_table() -> list[list[str]]:
    tables = [rows for _, rows, _ in markdown_tables(INSTRUCTOR_GUIDE) if rows[0] == GLANCE_HEADER]
    assert len(tables) == 1, f"the instructor guide needs one table with the header {GLANCE_HEADER}"
    return tables[0][1:]


def test_course_at_a_glance_lists_every_notebook_with_its_stated_time_and_widgets():
    listed, problems, chapter_sums = set(), [], {}
    for part, minutes, widgets in _glance_table():
        link = _LINK.search(part)
        chapter = re.fullmatch(r"\*\*Chapter (\d+)\*\*", part)
        if chapter:
            expected = chapter_sums.get(chapter.group(1), 0)
            if minutes != f"**{expected}**":
                problems.append(f"Chapter {chapter.group(1)} total is {minutes}; its lessons add up to {expected}")
            continue
        assert link, f"row '{part}' of the course table links to no notebook"
        path = (DOCS / link.group(1)).resolve()
        listed.add(path)
        low, high = stated_minutes(path)
        if minutes != _format_minutes(low, high):
            problems.append(f"{_rel(path)} states {_format_minutes(low, high)} min; the table says {minutes}")
        if path in LESSONS:
            chapter_number = lesson_number(path).split(".")[0]
            chapter_sums[chapter_number] = chapter_sums.get(chapter_number, 0) + low
            if not part.startswith(f"[Lesson {lesson_number(path)} "):
                problems.append(f"row '{part}' should start with 'Lesson {lesson_number(path)}'")
        source = path.read_text(encoding="utf-8")
        named = re.findall(r"`(\w+)`", widgets)
        if widgets == "none":
            if "microdose.widgets" in source:
                problems.append(f"{_rel(path)} shows a widget, but the table says none")
        for widget in named:
            if f"{widget}(" not in source:
                problems.append(f"{_rel(path)} does not show {widget}")
    missing = {START_PAGE, *LESSONS, *PROBLEM_SETS} - listed
    assert not missing, f"the course table misses {sorted(_rel(p) for p in missing)}"
    assert not problems, "\n".join(problems)


def test_course_totals_sentence_matches_the_notebooks():
    text = INSTRUCTOR_GUIDE.read_text(encoding="utf-8")
    match = re.search(
        r"Altogether: (\d+) minutes of lessons including the start page.*?and\s+(\d+) to (\d+)\s+"
        r"minutes of problem sets",
        text,
        re.S,
    )
    assert match, "the instructor guide should say 'Altogether: N minutes of lessons including the start page ...'"
    lessons = stated_minutes(START_PAGE)[0] + sum(stated_minutes(p)[0] for p in LESSONS)
    low = sum(stated_minutes(p)[0] for p in PROBLEM_SETS)
    high = sum(stated_minutes(p)[1] for p in PROBLEM_SETS)
    assert (int(match.group(1)), int(match.group(2)), int(match.group(3))) == (lessons, low, high)


# -- the agendas add up -----------------------------------------------------------------------------


@dataclass
class AgendaRow:
    start: int  # minutes after midnight
    end: int
    activity: str
    minutes: int
    formats: list[str]


@dataclass
class Agenda:
    line: int
    rows: list[AgendaRow]
    totals: str | None


def _clock(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def agendas() -> list[Agenda]:
    found = []
    for line, rows, after in markdown_tables(INSTRUCTOR_GUIDE):
        if rows[0] != AGENDA_HEADER:
            continue
        parsed = []
        for time, activity, minutes, formats in rows[1:]:
            span = re.fullmatch(r"(\d\d:\d\d)[–-](\d\d:\d\d)", time)
            assert span, f"agenda at line {line}: time '{time}' should read HH:MM–HH:MM"
            assert minutes.isdigit(), f"agenda at line {line}: minutes '{minutes}' should be a whole number"
            parsed.append(
                AgendaRow(
                    _clock(span.group(1)),
                    _clock(span.group(2)),
                    activity,
                    int(minutes),
                    [f.strip() for f in formats.split("+")],
                )
            )
        totals = next((text for text in after if text.strip()), None)
        found.append(Agenda(line, parsed, totals))
    return found


def _sections(path: Path) -> dict[str, tuple[int, int]]:
    """Heading text -> (first line, last line) of the section it opens (up to the next heading of its level)."""
    headings = _headings(path)
    total = len(path.read_text(encoding="utf-8").splitlines())
    spans = {}
    for index, (line, level, text) in enumerate(headings):
        end = next((ln - 1 for ln, lv, _ in headings[index + 1 :] if lv <= level), total)
        spans[text] = (line, end)
    return spans


def _agendas_in(section: str) -> list[Agenda]:
    first, last = _sections(INSTRUCTOR_GUIDE)[section]
    return [agenda for agenda in agendas() if first <= agenda.line <= last]


def test_the_guide_has_a_one_day_and_a_three_session_agenda():
    sections = _sections(INSTRUCTOR_GUIDE)
    assert "One-day workshop" in sections and "Three sessions" in sections
    assert len(_agendas_in("One-day workshop")) == 1
    assert len(_agendas_in("Three sessions")) >= 3


def test_agenda_rows_follow_the_clock_and_use_the_stated_times():
    all_agendas = agendas()
    assert all_agendas
    problems = []
    for agenda in all_agendas:
        where = f"agenda at line {agenda.line}"
        for previous, row in zip([None, *agenda.rows], agenda.rows):
            if row.end - row.start != row.minutes:
                problems.append(
                    f"{where}: {_hhmm(row.start)}–{_hhmm(row.end)} is not {row.minutes} min ({row.activity})"
                )
            if previous and row.start != previous.end:
                problems.append(
                    f"{where}: '{row.activity}' starts at {_hhmm(row.start)}, "
                    f"but the row before ends at {_hhmm(previous.end)}"
                )
            unknown = [f for f in row.formats if f not in AGENDA_FORMATS]
            if unknown:
                problems.append(f"{where}: format {unknown} of '{row.activity}' is not one of {sorted(AGENDA_FORMATS)}")
            lesson = re.match(r"Lesson (\d+\.\d+)\b", row.activity)
            problem_set = re.match(r"Problem set (\d+)\b", row.activity)
            if lesson:
                path = lessons_by_number().get(lesson.group(1))
                if path is None:
                    problems.append(f"{where}: there is no Lesson {lesson.group(1)}")
                elif stated_minutes(path)[0] != row.minutes:
                    problems.append(
                        f"{where}: Lesson {lesson.group(1)} states {stated_minutes(path)[0]} min, "
                        f"the agenda gives it {row.minutes}"
                    )
            elif problem_set:
                path = problem_sets_by_number().get(problem_set.group(1))
                if path is None:
                    problems.append(f"{where}: there is no Problem set {problem_set.group(1)}")
                else:
                    low, high = stated_minutes(path)
                    if not low <= row.minutes <= high:
                        problems.append(
                            f"{where}: Problem set {problem_set.group(1)} states "
                            f"{_format_minutes(low, high)} min, the agenda gives it {row.minutes}"
                        )
            elif row.activity.startswith("Start here") and row.minutes != stated_minutes(START_PAGE)[0]:
                problems.append(f"{where}: the start page states {stated_minutes(START_PAGE)[0]} min")
    assert not problems, "\n".join(problems)


def test_agenda_totals_are_the_sums_of_their_rows():
    problems = []
    for agenda in agendas():
        breaks = sum(r.minutes for r in agenda.rows if r.formats == ["break"])
        teaching = sum(r.minutes for r in agenda.rows) - breaks
        first, last = agenda.rows[0].start, agenda.rows[-1].end
        wanted = (
            f"Totals: {teaching} min teaching + {breaks} min breaks = {teaching + breaks} min "
            f"({_hhmm(first)}–{_hhmm(last)})."
        )
        if (agenda.totals or "").strip() != wanted:
            problems.append(
                f"agenda at line {agenda.line}: the line under the table should read\n    {wanted}\n"
                f"  it reads\n    {agenda.totals}"
            )
    assert not problems, "\n".join(problems)


def test_one_day_and_three_session_agendas_cover_chapter_1_as_they_say():
    chapter_1 = {n for n in lessons_by_number() if n.startswith("1.")}

    def lessons(agendas_: list[Agenda]) -> set[str]:
        return {m.group(1) for a in agendas_ for r in a.rows if (m := re.match(r"Lesson (\d+\.\d+)", r.activity))}

    one_day = _agendas_in("One-day workshop")
    assert chapter_1 <= lessons(one_day), f"the one-day agenda misses Lessons {sorted(chapter_1 - lessons(one_day))}"
    assert any(r.activity.startswith("Problem set") for r in one_day[0].rows)
    sessions = _agendas_in("Three sessions")[:3]
    assert chapter_1 <= lessons(sessions), f"the three sessions miss Lessons {sorted(chapter_1 - lessons(sessions))}"


# -- commands in the guides are real ----------------------------------------------------------------


def makefile_targets() -> set[str]:
    text = (ROOT / "Makefile").read_text(encoding="utf-8")
    return set(re.findall(r"^([A-Za-z][\w.-]*)\s*:(?!=)", text, re.M))


def nbgrader_subcommands() -> set[str]:
    """Read from nbgrader's source (``NbGraderApp.subcommands``) without importing nbgrader (slow)."""
    spec = importlib.util.find_spec("nbgrader")
    if spec is None or not spec.submodule_search_locations:
        pytest.skip("nbgrader is not installed in this environment, so its subcommands cannot be listed")
    source = Path(spec.submodule_search_locations[0], "apps", "nbgraderapp.py").read_text(encoding="utf-8")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ClassDef) and node.name == "NbGraderApp":
            for statement in node.body:
                if isinstance(statement, ast.Assign) and any(
                    getattr(t, "id", None) == "subcommands" for t in statement.targets
                ):
                    return {keyword.arg for keyword in statement.value.keywords}
    raise AssertionError("NbGraderApp.subcommands not found in nbgrader's source")


def test_the_parsers_see_the_real_targets_and_subcommands():
    assert {"lab", "test", "exercises"} <= makefile_targets()
    assert {"generate_assignment", "autograde", "validate", "release_assignment"} <= nbgrader_subcommands()
    assert "formgrader" not in nbgrader_subcommands()


@pytest.mark.parametrize("doc", DOC_FILES, ids=lambda p: p.name)
def test_make_commands_name_real_targets(doc):
    targets, problems = makefile_targets(), []
    for number, command in shell_commands(doc):
        words = shlex.split(command)
        if words and words[0] == "make":
            named = [w for w in words[1:] if "=" not in w and not w.startswith("-")]
            if not named:
                problems.append(f"line {number}: '{command}' names no target")
            problems += [f"line {number}: make has no target '{w}'" for w in named if w not in targets]
    assert not problems, f"{_rel(doc)}:\n" + "\n".join(problems)


@pytest.mark.parametrize("doc", DOC_FILES, ids=lambda p: p.name)
def test_nbgrader_commands_name_real_subcommands(doc):
    subcommands, problems = nbgrader_subcommands(), []
    for number, command in shell_commands(doc):
        words = shlex.split(command)
        if words and words[0] == "nbgrader":
            if len(words) < 2 or words[1] not in subcommands:
                problems.append(f"line {number}: '{command}' is not an nbgrader subcommand")
    assert not problems, f"{_rel(doc)}:\n" + "\n".join(problems)


_REPO_PATH = re.compile(r"^(?:tests|tools|lessons|exercises|solutions|benchmarks|lib|docs|site)/[\w./-]*$")


@pytest.mark.parametrize("doc", DOC_FILES, ids=lambda p: p.name)
def test_repository_paths_in_commands_exist(doc):
    problems = []
    for number, command in shell_commands(doc):
        for word in shlex.split(command):
            if _REPO_PATH.match(word) and not (ROOT / word.rstrip("/")).exists():
                problems.append(f"line {number}: {word} does not exist")
    assert not problems, f"{_rel(doc)}:\n" + "\n".join(problems)


# -- pages fit the course website -------------------------------------------------------------------


@pytest.mark.parametrize("doc", DOC_FILES, ids=lambda p: p.name)
def test_one_title_and_no_skipped_heading_levels(doc):
    headings = _headings(doc)
    assert headings and headings[0][1] == 1, f"{_rel(doc)} must start with a '# ' title"
    titles = [text for _, level, text in headings if level == 1]
    assert len(titles) == 1, f"{_rel(doc)} has {len(titles)} '# ' titles: {titles}"
    for (_, previous, _), (line, level, text) in itertools.pairwise(headings):
        assert level <= previous + 1, f"{_rel(doc)} line {line}: '{text}' skips from level {previous} to {level}"


_ALLOWED_HTML = {"details", "summary"}


@pytest.mark.parametrize("doc", DOC_FILES, ids=lambda p: p.name)
def test_no_raw_html_besides_details(doc):
    problems = []
    for number, line in read_markdown(doc).prose:
        text = _without_inline_code(line)
        text = re.sub(r"<(?:https?|mailto):[^>\s]+>", "", text)  # CommonMark autolinks
        for tag in re.findall(r"</?([A-Za-z][A-Za-z0-9-]*)[^>]*>", text):
            if tag.lower() not in _ALLOWED_HTML:
                problems.append(f"line {number}: <{tag}>")
    assert not problems, f"{_rel(doc)} uses raw HTML (write MyST/CommonMark instead): {problems}"


# -- Binder: environment.yml as repo2docker reads it ------------------------------------------------


def _environment_dependencies() -> tuple[list[str], list[str]]:
    """(conda dependency strings, pip requirement strings) of environment.yml, YAML quotes removed."""

    def value(text: str) -> str:
        text = text.split(" #", 1)[0].strip()
        if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"":
            text = text[1:-1]
        return text

    conda, pip, section = [], [], None
    for line in (ROOT / "environment.yml").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if re.match(r"^\S", line):
            section = "dependencies" if line.startswith("dependencies:") else None
            continue
        if section != "dependencies":
            continue
        if re.match(r"^  - pip:\s*$", line):
            section = "dependencies"
            conda.append("pip:")
            continue
        nested = re.match(r"^\s{4,}- (.+)$", line)
        top = re.match(r"^  - (.+)$", line)
        if (nested and conda and conda[-1] == "pip:") or (nested and pip):
            pip.append(value(nested.group(1)))
        elif top:
            conda.append(value(top.group(1)))
    return [d for d in conda if d != "pip:"], pip


def _repo2docker_local_requirement(line: str) -> bool:
    """repo2docker's rule (``repo2docker.utils.is_local_pip_requirement``) for "this pip line installs
    something from the repository", which makes it install the environment after copying the repository."""
    line = line.split("#", 1)[0].strip()
    if not line:
        return False
    if line.startswith(("-r", "-c", "--requirement", "--constraint")):
        return True
    if line.startswith("--pre"):
        return False
    if line.startswith("--") and "=" in line:
        line = line.split("=", 1)[1]
    if line.startswith("-"):
        parts = line.split(None, 1)
        if len(parts) < 2:
            return False
        line = parts[1]
    if "file://" in line:
        return True
    path = line.split("://", 1)[1] if "://" in line else line
    return path.startswith(".")


def test_repo2docker_rule_as_reimplemented():
    assert _repo2docker_local_requirement("-e .[test]") and _repo2docker_local_requirement("-e .")
    assert not _repo2docker_local_requirement('-e ".[test]"'), "a quoted path is not seen as local"
    assert not _repo2docker_local_requirement("numpy>=1.26")


def test_environment_yml_is_binder_ready():
    """docs/jupyterhub.md: repo2docker needs an exact Python and an unquoted local install."""
    conda, pip = _environment_dependencies()
    pinned = [d for d in conda if re.match(r"python\s*=+\s*([\d.]+)", d)]
    assert pinned, (
        "environment.yml: repo2docker chooses its Python from a line like 'python=3.11' "
        f"and does not understand ranges; found {[d for d in conda if d.startswith('python')]}"
    )
    version = tuple(int(x) for x in re.match(r"python\s*=+\s*([\d.]+)", pinned[0]).group(1).split(".")[:2])
    assert version >= (3, 11), f"environment.yml pins Python {version}; the course needs 3.11 or newer"
    installs_repository = [
        line for line in pip if re.match(r"^-e\s+\S*\.(\[[\w,]+\])?\S*$", line) or _repo2docker_local_requirement(line)
    ]
    assert installs_repository, f"environment.yml installs no local package with pip: {pip}"
    unseen = [
        line
        for line in pip
        if re.search(r"""(^|\s)["']?\.(\[|$|\s|["'])""", line) and not _repo2docker_local_requirement(line)
    ]
    assert not unseen, (
        f"environment.yml: repo2docker does not recognise {unseen} as a local install (quotes?) "
        "and would run pip before the repository is copied into the image; write '-e .[test]'"
    )


def test_no_binder_folder_hides_environment_yml():
    for name in ("binder", ".binder"):
        assert not (ROOT / name).exists(), (
            f"{name}/ exists: repo2docker would read only that folder and "
            "ignore environment.yml at the root (docs/jupyterhub.md)"
        )
