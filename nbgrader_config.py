"""nbgrader configuration for the course.

Instructors run nbgrader from this folder (see README, "For instructors"):
``solutions/`` is the source (instructor) directory, ``exercises/`` the
release directory students receive. Tests load this very file, so what is
tested is what instructors use.
"""

import os

c = get_config()  # noqa: F821  (provided by traitlets when nbgrader loads this file)

_ROOT = os.path.dirname(os.path.abspath(__file__))

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

# A student who deletes a graded test cell gets it back at autograde instead of "needs manual grade".
c.OverwriteCells.add_missing_cells = True

# What students see in place of a solution region.
c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
