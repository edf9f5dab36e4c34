"""Interactive figures used by the lessons, one module per topic.

Each class's ``update(**values)`` is a plain function of the control values
(tested directly in ``tests/test_widgets.py``); in a notebook, display an
instance to get its sliders, read-out and figure::

    from microdose.widgets.occupancy import OccupancyExplorer
    OccupancyExplorer()
"""

import importlib
import inspect
import pkgutil

from ._base import InteractiveFigure

__all__ = ["InteractiveFigure", "widget_classes"]


def widget_classes() -> list[type]:
    """Every concrete :class:`InteractiveFigure` subclass of the course, by module name.

    Imports each topic module (``occupancy``, ``pk``, ...) on the first call only, so
    ``import microdose.widgets`` stays cheap. Used by the tests and the course benchmark
    to cover every widget, including ones added later.

    Returns
    -------
    list of type
        The widget classes, grouped by module in alphabetical order.
    """
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, InteractiveFigure) and not inspect.isabstract(cls) and cls.__module__ == module.__name__:
                found.append(cls)
    return found
