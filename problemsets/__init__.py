"""The one source of every graded problem set: narrative (``notebook.md``) and questions (``questions.py``).

See ``problemsets/README.md``. ``python -m problemsets build`` writes ``solutions/`` from these
sources; ``make exercises`` then releases ``exercises/`` with nbgrader.
"""
