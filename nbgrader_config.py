"""nbgrader configuration for the course.

Instructors run nbgrader from this folder (see README, "For instructors"):
``solutions/`` is the source (instructor) directory, ``exercises/`` the
release directory students receive. Tests load this very file, so what is
tested is what instructors use.
"""

import os
import sys

c = get_config()  # noqa: F821  (provided by traitlets when nbgrader loads this file)

# nbgrader 0.9's gradebook code builds SubmittedAssignment/SubmittedNotebook objects before adding
# them to the SQLAlchemy session, and SQLAlchemy 2 warns "Object of type <...> not in session, add
# operation along '...' will not proceed" several times per submission. nbgrader adds the objects
# itself right after, so nothing is lost (the grading tests compare every score); the warnings
# would only bury the lines an instructor must read.
import warnings  # noqa: E402

warnings.filterwarnings("ignore", message=r"Object of type <\w+> not in session, add operation along")

_ROOT = os.path.dirname(os.path.abspath(__file__))

# The course's nbgrader extensions live in nbgrader_ext/ next to this file (not in the student
# library lib/microdose, which must not depend on nbgrader); make them importable.
if _ROOT not in sys.path:
    sys.path.insert(0, _ROOT)
from nbgrader_ext.autograde import autograde_preprocessors, sanitize_preprocessors  # noqa: E402
from nbgrader_ext.export import CourseCsvExportPlugin  # noqa: E402
from nbgrader_ext.feedback import CourseFeedbackExporter, feedback_preprocessors  # noqa: E402

c.CourseDirectory.course_id = "microdosing-in-drug-development"
c.CourseDirectory.root = _ROOT
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "exercises"
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(_ROOT, "gradebook.db")

# A student's notebook gets at most this long per cell when autograded (the default is 30 s);
# an infinite loop inside an answer then scores zero instead of hanging the class run.
c.ExecutePreprocessor.timeout = 60
# nbgrader makes nbclient raise, and give up on the whole submission, when a cell's last outputs
# arrive more than iopub_timeout seconds after its reply (default 4 s): a loaded grading server,
# or a cell that prints megabytes, can take longer. Waiting longer costs nothing otherwise.
c.ExecutePreprocessor.iopub_timeout = 30
# The grading kernel's own log (not the student's output): ipykernel >= 7 warns "Kernel is running
# over TCP without encryption" at every start, once per submission. Its warnings are about the
# kernel's transport, never about the notebook, so only errors are printed. The first argument is
# nbgrader's default for Python kernels (no IPython history file).
c.Execute.extra_arguments = ["--HistoryManager.hist_file=:memory:", "--IPKernelApp.log_level=ERROR"]

# Autograde: run each submission in a scratch copy of its folder, so that a relative path such as
# ../../gradebook.db cannot reach the course, report files of the course changed while student
# code ran, and cap every output at 100 000 characters (nbgrader's LimitOutput counts only lines).
# nbgrader runs student code with the grader's own permissions: see nbgrader_ext/autograde.py
# for what this does and cannot prevent.
c.Autograde.autograde_preprocessors = autograde_preprocessors()
c.LimitOutputSize.max_chars = 100_000

# Feedback: nbgrader 0.9.6 shows hidden tests (markers included) in the feedback HTML; remove
# them from sources and redact hidden-test lines quoted in outputs (nbgrader_ext/feedback.py).
# The answer-key cell shows one placeholder line instead of thousands of characters of base64.
# The page names each graded cell after its question instead of "Test cell", says "awaiting
# manual grading" (and that the total is provisional) instead of "0.0 / 4.0" for an answer not yet
# graded by hand, and wraps long messages (template nbgrader_ext/templates/course_feedback/).
c.GenerateFeedback.preprocessors = feedback_preprocessors()
c.GenerateFeedback.exporter_class = CourseFeedbackExporter

# A student who deletes a graded test cell gets it back at autograde instead of "needs manual grade".
c.OverwriteCells.add_missing_cells = True
# ... one who renames a test cell's grade_id, or copies and pastes a graded or read-only cell (two
# cells with one grade_id), no longer crashes autograde (nbgrader 0.9.6 bugs, KeyError 'grade_id'):
# one copy stays graded and the others run as ordinary cells (KeepOneGradedCopy,
# RobustOverwriteCells in nbgrader_ext/autograde.py); and an untouched test cell with hidden tests no
# longer logs a false "checksum has changed" warning, while a real edit of a read-only cell does.
c.Autograde.sanitize_preprocessors = sanitize_preprocessors()

# Export (`nbgrader export`, tools/instructor/export_grades.py): nbgrader's CSV columns plus
# autograde (ok / failed / not submitted), awaiting_manual_grade, cells_awaiting_manual_grade,
# manual_grades_under_review, cells_manual_grades_under_review, final (yes / no) and
# not_final_because, so that a failed autograde, an ungraded answer or a missing submission is not
# mistaken for a 0, nor a hand grade flagged for review by a new autograde for a final one.
c.ExportApp.plugin_class = CourseCsvExportPlugin

# What students see in place of a solution region.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
