"""Interactive figures used by the lessons, one module per topic.

Each class's ``update(**values)`` is a plain function of the control values
(tested directly in ``tests/test_widgets.py``); in a notebook, display an
instance to get its sliders, read-out and figure::

    from microdose.widgets.occupancy import OccupancyExplorer
    OccupancyExplorer()
"""

from ._base import InteractiveFigure

__all__ = ["InteractiveFigure"]
