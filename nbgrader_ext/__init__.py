"""nbgrader extensions that ship with the course (used by ``nbgrader_config.py``).

Why a separate top-level package?

* The student library ``lib/microdose`` must not depend on nbgrader: students install and
  import it in lessons that have nothing to do with grading.
* ``tests/`` is not shipped to instructors as runtime code.
* nbgrader loads ``nbgrader_config.py`` from the course folder; that file puts the course root
  (the folder holding this package) first on ``sys.path`` and imports the classes below, so the
  extensions work for ``nbgrader ...`` on the command line, for the formgrader, and for the
  tests, without installing anything.

Contents
--------
:mod:`nbgrader_ext.feedback`
    :class:`~nbgrader_ext.feedback.HideHiddenTests`, a ``generate_feedback`` preprocessor that
    removes hidden tests from the feedback a student receives (nbgrader 0.9.6 shows them), and
    :class:`~nbgrader_ext.feedback.HideAnswerKey`, which shows the answer-key cell's base64 text
    as one placeholder line.
:mod:`nbgrader_ext.autograde`
    :class:`~nbgrader_ext.autograde.IsolatedExecute` (runs each submission in a scratch copy
    of its folder and reports files the student's code wrote elsewhere),
    :class:`~nbgrader_ext.autograde.LimitOutputSize` (caps the size of each output, which
    nbgrader's own ``LimitOutput`` only does by number of lines),
    :class:`~nbgrader_ext.autograde.KeepOneGradedCopy` (a copied and pasted graded or read-only
    cell no longer crashes autograde; one copy stays graded) and
    :class:`~nbgrader_ext.autograde.RobustOverwriteCells` (a renamed test-cell id no longer
    crashes autograde; no false "checksum has changed" warnings). The module docstring says what
    nbgrader can and cannot prevent.
:mod:`nbgrader_ext.feedback` (the feedback page)
    :class:`~nbgrader_ext.feedback.NameGradedCells` and
    :class:`~nbgrader_ext.feedback.CourseFeedbackExporter` name each graded cell after its
    question and say which points are provisional, with the template in
    ``templates/course_feedback/``.
:mod:`nbgrader_ext.export`
    :class:`~nbgrader_ext.export.CourseCsvExportPlugin`, the plugin behind ``nbgrader export``:
    nbgrader's columns plus ``autograde``, ``awaiting_manual_grade``,
    ``cells_awaiting_manual_grade``, ``manual_grades_under_review``,
    ``cells_manual_grades_under_review``, ``final`` and ``not_final_because``.
:mod:`nbgrader_ext.leaks`
    :func:`~nbgrader_ext.leaks.find_leaks`, the one check that nothing a student receives
    (released notebooks, feedback) contains a hidden test, a solution or a marker. Before
    releasing feedback, an instructor can run ``python -m nbgrader_ext.leaks`` in the course
    folder: it checks ``exercises/`` and every ``feedback/<student>/<assignment>/`` folder.
:mod:`nbgrader_ext.regions`
    The one reader of the ``### BEGIN SOLUTION`` / ``### BEGIN HIDDEN TESTS`` regions
    (:func:`~nbgrader_ext.regions.split_regions`) and the one rule for which of their lines are
    secret (:func:`~nbgrader_ext.regions.secret_lines`), used by the feedback and the leak checker.
"""
