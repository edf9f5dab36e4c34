"""Command line of the problem-set builder.

Examples (from the repository root, environment active)::

    python -m problemsets build                  # solutions/ from problemsets/ (default data, self-checks on)
    python -m problemsets build --check          # exit 1 if solutions/ is not what the sources give
    python -m problemsets list                   # problem sets and their points
    python -m problemsets verify --variant default --variant A
                                                 # every slip named? follow-through right? (no nbgrader)
    python -m problemsets course --variant spring27 --dest ~/classes/spring27
                                                 # a course folder for a class: other data, same questions
    python -m problemsets course --variant spring27 --dest ~/classes/spring27 --no-value-checks
    python -m problemsets verify --course ~/classes/spring27
                                                 # verify a class's variant (its secret is in the folder)

A course folder keeps the variant's name and a random secret in ``problemsets-variant.json``: the
data come from both, so the name alone does not give them away, and ``--force`` rebuilds the same
data. ``make exercises`` runs ``build`` and then releases ``exercises/`` with nbgrader;
``make exercises VARIANT=spring27`` (optionally ``SELFCHECKS=off DEST=... FORCE=1``) runs ``course``.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import os
import secrets
import shutil
import sys
from pathlib import Path

from .build import (
    DEFAULT_VARIANT,
    ROOT,
    Solved,
    _plain,
    check_variant_name,
    problem_set_names,
    source_path,
    stale_sources,
    write_sources,
)


def _names(requested: list[str]) -> list[str]:
    known = problem_set_names()
    unknown = sorted(set(requested) - set(known))
    if unknown:
        raise SystemExit(f"unknown problem set(s) {unknown}; the sources in problemsets/ are: {', '.join(known)}")
    return requested or known


def cmd_build(args) -> int:
    names = _names(args.names)
    if args.check:
        stale = stale_sources(ROOT, names)
        for name in stale:
            print(
                f"stale: {source_path(ROOT, name).relative_to(ROOT)} is not what problemsets/{name}/ gives; "
                "run `make exercises` (or python -m problemsets build) and commit the result"
            )
        if not stale:
            print(f"up to date: solutions/ matches problemsets/ for {', '.join(names)}")
        return 1 if stale else 0
    for path in write_sources(ROOT, names):
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


def cmd_list(args) -> int:
    for name in _names(args.names):
        solved = Solved(name, args.variant)
        auto = sum(c.points for c in solved.checks)
        print(
            f"{name}: {len(solved.checks)} checked cells, {auto:g} autograded points, "
            f"{len(solved.answers())} answers, {sum(len(a.slips) for _, a in solved.answers())} known slips"
        )
    return 0


def cmd_verify(args) -> int:
    """Run every slip of every question through the self-checks and hidden tests (problemsets/verify.py)."""
    from .verify import verify

    failed = False
    runs = [(variant, "") for variant in args.variant or ([] if args.course else [DEFAULT_VARIANT])]
    if args.course:
        runs.append(read_course(args.course))
    for name in _names(args.names):
        for variant, secret in runs:
            report = verify(name, variant, secret=secret)
            print(
                f"{name} ({variant}): {report.slips_named}/{report.slips_tried} known slips named, "
                f"{report.generic_named}/{report.generic_tried} generic slips named, {report.follow_through_checked} "
                f"slipped answers carried forward ({report.follow_through_blocked} later answers made unusable by "
                "the carried value: they fail their own form checks)"
            )
            if report.public_checked:
                print(f"  pasted public answers: every check holding one fails; {report.public_checked} say 'public'")
            for note in report.notes:
                print(f"  note: {note}")
            for problem in report.problems:
                print(f"  PROBLEM {problem}")
            failed = failed or bool(report.problems)
    return 1 if failed else 0


VARIANT_FILE = "problemsets-variant.json"
"""In a class's course folder: the variant's name and the random secret its data are drawn with."""

COURSE_README = """# Course folder: variant {variant!r}

Made by `python -m problemsets course` from the course repository ({repo}).
It holds the problem sets with this class's own data (same questions, other numbers
than the public course), released and ready to grade:

- `solutions/` — the nbgrader source notebooks (model answers and hidden tests);
- `exercises/` — the release students receive;
- `nbgrader_config.py` — this folder's nbgrader settings (yours to edit: set a
  `course_id` of your own when several classes share one JupyterHub exchange);
  a rebuild never overwrites it;
- `nbgrader_ext/` and `tools/instructor/` — the course's grading extensions and
  instructor scripts (refreshed on every rebuild);
- `{variant_file}` — the variant's name and the random secret its data are drawn
  with. Keep it private and keep a copy elsewhere: a rebuild reads it to reproduce
  exactly the same data, and a new folder holding only a copy of it is built with
  the same data; without it the data cannot be made again.

Work from this folder, with the course's environment active:

    cd {dest}
    python tools/instructor/release.py          # release again after a change
    python tools/instructor/autograde_class.py  # docs/instructor_grading.md in {repo}
    nbgrader autograde ps1_occupancy --force    # re-grade after a resubmission
    jupyter lab                                  # the Formgrader, from here

To rebuild after the course repository changed (same data, same secret, same
self-check setting; it stops if the update would change the data of a problem set):

    cd {repo}
    python -m problemsets course --variant {variant} --dest {dest} --force
    python -m problemsets verify --course {dest}     # every slip named, from the repository

This folder is readable by you only: `solutions/`, `gradebook.db` and `autograded/`
hold the answers. Release to students through the exchange or your LMS.
"""


def _course_state(dest: Path, variant: str, force: bool) -> dict:
    """The variant and secret of the course folder ``dest``: read back on a rebuild, drawn for a new folder."""
    state_file = dest / VARIANT_FILE
    if state_file.is_file():
        state = json.loads(state_file.read_text(encoding="utf-8"))
        if state.get("variant") != variant:
            raise SystemExit(
                f"{dest} is the course folder of variant {state.get('variant')!r}, not {variant!r}: "
                "its students have that variant's data. Give the new variant a folder of its own "
                "(another --dest)."
            )
        if not force and (dest / "solutions").exists():
            raise SystemExit(
                f"{dest} already holds variant {variant!r}; pass --force (make: FORCE=1) to rebuild its "
                "problem sets (the same data again; gradebook, submissions and feedback are kept)"
            )
        if "secret" not in state:
            raise SystemExit(f"{state_file} has no secret: restore it from your copy")
        return state  # a rebuild, or a folder restored from a copy of the file
    if (dest / "solutions").exists():
        raise SystemExit(
            f"{dest} already holds solutions/ but no {VARIANT_FILE}, so its data cannot be made "
            "again: it is not a course folder this command made (or an older version made it). "
            "Choose an empty folder for --dest."
        )
    return {
        "variant": variant,
        "secret": secrets.token_hex(16),
        "created": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
    }


def _write_state(dest: Path, state: dict) -> None:
    path = dest / VARIANT_FILE
    path.write_text(json.dumps(state, indent=2) + "\n", encoding="utf-8")
    os.chmod(path, 0o600)  # the secret: readable by the instructor only


def data_fingerprint(data: dict) -> str:
    """A short hash of a problem set's data, to notice a rebuild that would change them."""
    text = json.dumps({k: _plain(v) for k, v in data.items()}, sort_keys=True, default=repr)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def read_course(dest) -> tuple[str, str]:
    """(variant, secret) of a course folder made by ``course`` (for ``verify --course``)."""
    path = Path(dest).expanduser().resolve() / VARIANT_FILE
    if not path.is_file():
        raise SystemExit(
            f"--course {path.parent}: no {VARIANT_FILE} there; point it at a folder made by "
            "`python -m problemsets course`"
        )
    state = json.loads(path.read_text(encoding="utf-8"))
    return state["variant"], state["secret"]


def cmd_course(args) -> int:
    """Write a complete nbgrader course folder for one variant and release it there."""
    names = _names(args.names)
    variant = check_variant_name(args.variant)
    if variant == DEFAULT_VARIANT:
        print(
            "note: variant 'default' is the public course's data: its worked answers are in the course "
            "repository (solutions/). Choose another word to give a class data of its own."
        )
    dest = Path(args.dest).expanduser().resolve()
    if dest == ROOT or (ROOT in dest.parents and dest.parent.name in ("solutions", "exercises")):
        raise SystemExit(
            "--dest must be a folder of its own, not this repository: a class's course folder holds "
            "its own solutions/, exercises/ and gradebook"
        )
    state = _course_state(dest, variant, args.force)
    value_checks = state.get("value_checks", True) if args.value_checks is None else args.value_checks
    fingerprints = {name: data_fingerprint(Solved(name, variant, state["secret"]).data) for name in names}
    changed = [name for name in names if state.get("data", {}).get(name) not in (None, fingerprints[name])]
    if changed and not args.new_data:
        raise SystemExit(
            f"rebuilding would change the data of {', '.join(changed)} in {dest}: the problem-set "
            "sources now draw this variant's data differently. Students who have the release have the "
            "old numbers, and autograde would grade them against the new ones. Keep this folder as "
            "it is (name only the other problem sets to rebuild them), or, if nobody has the release "
            "yet, pass --new-data (make: NEW_DATA=1)."
        )
    if not dest.exists():
        dest.mkdir(parents=True)
        os.chmod(dest, 0o700)  # solutions/, the gradebook and the secret: the instructor's only
    state["value_checks"] = value_checks
    state.setdefault("data", {}).update(fingerprints)
    _write_state(dest, state)
    if not (dest / "nbgrader_config.py").exists():
        shutil.copy(ROOT / "nbgrader_config.py", dest / "nbgrader_config.py")
    else:
        print(
            f"kept {dest / 'nbgrader_config.py'} (yours; compare with {ROOT / 'nbgrader_config.py'} after "
            "a course update)"
        )
    ignore = shutil.ignore_patterns("__pycache__")
    shutil.copytree(ROOT / "nbgrader_ext", dest / "nbgrader_ext", dirs_exist_ok=True, ignore=ignore)
    shutil.copytree(ROOT / "tools" / "instructor", dest / "tools" / "instructor", dirs_exist_ok=True, ignore=ignore)
    readme = dest / "README.md"
    if not readme.exists():
        readme.write_text(
            COURSE_README.format(variant=variant, repo=ROOT, dest=dest, variant_file=VARIANT_FILE), encoding="utf-8"
        )
    for path in write_sources(dest, names, variant, values_checked=value_checks, secret=state["secret"]):
        print(f"wrote {path}")
    sys.path.insert(0, str(dest / "tools" / "instructor"))
    import release

    ok = release.main([*names, "--course", str(dest)]) == 0
    checks = "value self-checks on" if value_checks else "value self-checks off: form checks only"
    print(
        f"\ncourse folder for variant {variant!r} ({checks}): {dest}\n"
        f"Work from there: cd {dest} (its README.md says what is where; docs/instructor_grading.md how to "
        "grade)."
    )
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m problemsets", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    build = sub.add_parser("build", help="write solutions/ from problemsets/ (the committed default variant)")
    build.add_argument("names", nargs="*", metavar="NAME", help="problem sets (default: all)")
    build.add_argument("--check", action="store_true", help="do not write; exit 1 if solutions/ is stale")
    build.set_defaults(func=cmd_build)
    verify = sub.add_parser("verify", help="check that every slip is named and follow-through works (no nbgrader)")
    verify.add_argument("names", nargs="*", metavar="NAME")
    verify.add_argument("--variant", action="append", help="variant(s) to verify (default: the committed data)")
    verify.add_argument("--course", metavar="DIR", help="verify the variant of this course folder (made by `course`)")
    verify.set_defaults(func=cmd_verify)
    listing = sub.add_parser("list", help="list the problem sets and their checks")
    listing.add_argument("names", nargs="*", metavar="NAME")
    listing.add_argument("--variant", default=DEFAULT_VARIANT)
    listing.set_defaults(func=cmd_list)
    course = sub.add_parser("course", help="a course folder for a class: a variant of every problem set, released")
    course.add_argument("names", nargs="*", metavar="NAME", help="problem sets (default: all)")
    course.add_argument(
        "--variant",
        required=True,
        help="variant name (any word); the data come from it and a random secret kept in --dest",
    )
    course.add_argument("--dest", required=True, help="the class's course folder (created if missing)")
    course.add_argument(
        "--value-checks",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="--no-value-checks releases checks of the answers' form only (the values are checked "
        "by the hidden tests); a rebuild keeps the folder's setting unless one is given "
        "(default for a new folder: value checks on)",
    )
    course.add_argument(
        "--new-data",
        action="store_true",
        help="allow a rebuild that changes the data (only before students have the release)",
    )
    course.add_argument(
        "--force",
        action="store_true",
        help="rebuild the problem sets of an existing course folder of the same variant (same data)",
    )
    course.set_defaults(func=cmd_course)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
