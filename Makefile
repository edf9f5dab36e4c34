# Two commands set everything up on a fresh machine that has Python 3.11+:
#   make lab    build .venv if missing, open the course in JupyterLab
#   make test   build .venv if missing, run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
START  := lessons/00_start_here.ipynb
# nbgrader calls the `alembic` executable, so the venv's bin/ must be on PATH.
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: lab author lessons lint typecheck format test venv benchmark benchmark-grading benchmark-course exercises site clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11+ is needed; found " + sys.version.split()[0])'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

# JupyterLab refuses to run as root without --allow-root (containers, some cloud machines).
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
LAB_ARGS ?=
lab: $(STAMP)
	$(BIN)/jupyter lab --ip=127.0.0.1 --ServerApp.root_dir=$(CURDIR) --LabApp.default_url=/lab/tree/$(START) $(ROOT_FLAG) $(LAB_ARGS)

# For course authors: JupyterLab opening the lesson sources (lessons_md/*.md, MyST Markdown) as
# notebooks, through jupytext. Run, edit and save them as notebooks; the text is what gets saved.
# Then `make lessons` regenerates the student notebooks in lessons/. See CONTRIBUTING.md.
AUTHOR_SETTINGS := $(VENV)/author-lab-settings
author: $(STAMP)
	$(BIN)/python tools/lessons.py --author-settings $(AUTHOR_SETTINGS)
	JUPYTERLAB_SETTINGS_DIR=$(CURDIR)/$(AUTHOR_SETTINGS) $(BIN)/jupyter lab --ip=127.0.0.1 \
		--ServerApp.root_dir=$(CURDIR) --LabApp.default_url=/lab/tree/lessons_md/00_start_here.md $(ROOT_FLAG) $(LAB_ARGS)

# The student notebooks lessons/**/*.ipynb from their text sources lessons_md/**/*.md, and the start
# page's course map (tools/course_map.py rewrites its cell in the source, then rebuilds).
lessons: $(STAMP)
	$(BIN)/python tools/course_map.py
	$(BIN)/python tools/lessons.py

test: $(STAMP)
	$(BIN)/python -m pytest

# ruff (configured in pyproject.toml): lint and formatting of the Python files and of the code of
# every notebook. ruff reads the generated lesson notebooks (lessons/*.ipynb), so lint first checks
# that they match their text sources (run `make lessons` if not); a finding in
# lessons/<x>.ipynb "cell N" is fixed in lessons_md/<x>.md. tests/test_lint.py runs the same checks.
lint: $(STAMP)
	$(BIN)/python tools/lessons.py --check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# mypy (configured in pyproject.toml): the type hints that lib/microdose/py.typed promises; every
# function of the library is annotated and checked. tests/test_typing.py runs the same command.
typecheck: $(STAMP)
	$(BIN)/python -m mypy --config-file pyproject.toml

# Safe lint fixes and formatting: the Python files in place; the lesson code in its text sources
# (lessons_md/, through tools/lessons.py --format, which then regenerates lessons/).
GENERATED_NOTEBOOKS := --extend-exclude lessons --extend-exclude solutions --extend-exclude exercises
format: $(STAMP)
	$(BIN)/ruff check --fix-only --exit-zero $(GENERATED_NOTEBOOKS) .
	$(BIN)/ruff format $(GENERATED_NOTEBOOKS) .
	$(BIN)/python tools/lessons.py --format

# Regenerate the problem sets from their one source (problemsets/<ps>/notebook.md + questions.py):
# the nbgrader source notebooks in solutions/, then the student release in exercises/ with a
# throw-away gradebook, through tools/instructor/release.py, which first moves any file that nbgrader
# does not generate out of exercises/<ps>/ (to exercises-moved-aside/) and says so (nbgrader's
# generate_assignment --force deletes the whole folder).
# Usage: make exercises                                  (all problem sets, the committed default data)
#        make exercises PS=ps1_occupancy
# A class of your own: a course folder with other data (same questions), released there:
#        make exercises VARIANT=spring27 DEST=../spring27 [SELFCHECKS=off|on] [FORCE=1] [NEW_DATA=1]
# (SELFCHECKS=off releases checks of each answer's form only; the values are checked when graded; a
#  rebuild keeps the folder's setting unless SELFCHECKS is given. FORCE=1 rebuilds an existing course
#  folder of the same variant: the same data, from its secret. NEW_DATA=1 lets a rebuild change the
#  data, only before students have the release. Without DEST the folder is build/course-<variant>.)
PS ?= $(notdir $(patsubst %/,%,$(dir $(wildcard problemsets/ps*/questions.py))))
VARIANT ?=
SELFCHECKS ?=
DEST ?= build/course-$(or $(VARIANT),default)
FORCE ?=
NEW_DATA ?=
exercises: $(STAMP)
ifeq ($(VARIANT)$(SELFCHECKS),)
	$(BIN)/python -m problemsets build $(PS)
	$(BIN)/python tools/instructor/release.py $(PS) --course $(CURDIR) --db sqlite:///$(CURDIR)/.venv/release-gradebook.db
else
	$(BIN)/python -m problemsets course --variant $(or $(VARIANT),default) --dest $(DEST) \
		$(if $(FORCE),--force) $(if $(NEW_DATA),--new-data) \
		$(if $(filter off,$(SELFCHECKS)),--no-value-checks) $(if $(filter on,$(SELFCHECKS)),--value-checks) $(PS)
endif

benchmark: $(STAMP)
	$(BIN)/python benchmarks/bench_library.py

# Autograde a synthetic class sequentially and with 2 workers (default 60 students x 4 sets: long).
# Usage: make benchmark-grading BENCH_ARGS="--students 8"
BENCH_ARGS ?=
benchmark-grading: $(STAMP)
	$(BIN)/python benchmarks/bench_grading.py $(BENCH_ARGS)

# Execute every lesson and solution from a fresh kernel; time every widget callback.
# Usage: make benchmark-course BENCH_ARGS="--only widgets"
benchmark-course: $(STAMP)
	$(BIN)/python benchmarks/bench_course.py $(BENCH_ARGS)

# The course website (Jupyter Book 1) in _build/html/, warnings as errors, internal links checked.
# (The API reference pages docs/api/ are regenerated from the library first.)
site: $(STAMP)
	$(BIN)/python tools/api_pages.py
	$(BIN)/python tools/build_site.py --strict

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
