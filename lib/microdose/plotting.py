"""Figure style shared by every lesson: readable on a projector, colour-blind safe.

Colours are the Okabe–Ito palette (Okabe M, Ito K. Color Universal Design:
how to make figures and presentations that are friendly to colorblind people,
2008; recommended by Wong B. Points of view: color blindness. Nat Methods
2011;8:441), always paired with distinct line styles or markers so that a
figure also reads in greyscale.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Any

import matplotlib as mpl
import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.rcsetup import cycler

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType  # for the type checker only

__all__ = ["COLORS", "LINESTYLES", "course_style", "new_figure", "use_course_style"]

#: Okabe–Ito colours by role (Wong 2011).
COLORS = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
    # roles used across lessons
    "microdose": "#0072B2",
    "therapeutic": "#D55E00",
    "model": "#000000",
    "data": "#009E73",
    "limit": "#CC79A7",
    "background": "#E69F00",
}

#: Line styles that pair with the colours above.
LINESTYLES = {"microdose": "-", "therapeutic": "--", "model": "-", "limit": ":", "background": "-."}

_STYLE: dict[RcKeyType, Any] = {
    "figure.figsize": (7.5, 4.5),
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "font.size": 13,
    "axes.titlesize": 14,
    "axes.labelsize": 13,
    "legend.fontsize": 11,
    "xtick.labelsize": 12,
    "ytick.labelsize": 12,
    "lines.linewidth": 2.2,
    "lines.markersize": 7,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": cycler(color=["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]),
}


def use_course_style() -> None:
    """Apply the course figure style (large fonts, Okabe–Ito colours) to matplotlib.

    References
    ----------
    Wong B. Points of view: color blindness. Nat Methods 2011;8:441.
    """
    mpl.rcParams.update(_STYLE)


def course_style() -> AbstractContextManager:
    """The course figure style for a ``with`` block only; matplotlib's settings are restored after it.

    Figures built (and drawn) inside the block get the course style, without
    changing the user's own matplotlib settings, unlike :func:`use_course_style`.

    Returns
    -------
    contextlib.AbstractContextManager
        A :func:`matplotlib.rc_context` applying the course style.

    References
    ----------
    Wong B. Points of view: color blindness. Nat Methods 2011;8:441.

    Examples
    --------
    >>> import matplotlib as mpl
    >>> before = mpl.rcParams["font.size"]
    >>> with course_style():
    ...     print(mpl.rcParams["font.size"])
    13.0
    >>> mpl.rcParams["font.size"] == before
    True
    """
    return mpl.rc_context(_STYLE)


def new_figure(ncols: int = 1, *, width: float = 7.5, height: float = 4.5, **kwargs: Any) -> tuple[Figure, Any]:
    """A figure with ``ncols`` side-by-side axes in the course style.

    Parameters
    ----------
    ncols : int, optional
        Number of axes side by side.
    width, height : float, optional
        Figure size, inches.
    **kwargs
        Passed to :func:`matplotlib.pyplot.subplots`.

    Returns
    -------
    tuple
        ``(fig, ax)`` for one axis and ``(fig, axes)`` for several.

    References
    ----------
    Wong B. Points of view: color blindness. Nat Methods 2011;8:441.
    """
    use_course_style()
    return plt.subplots(1, ncols, figsize=(width, height), layout="constrained", **kwargs)
