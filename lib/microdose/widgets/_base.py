"""The base class of the course's interactive figures.

Each widget is a class whose ``update(**values)`` method is a plain function
of the control values: it computes with the library, moves the figure's
artists and returns the numbers it showed, so tests (and the speed benchmark,
``benchmarks/bench_course.py``) call it directly without a browser. In a
notebook the class displays its controls, its figure and a read-out line;
moving a control calls ``update`` and redraws the figure in place.

Speed: a slider move should cost well under 100 ms. Drawing is done by a
``FigureRenderer`` (``microdose.widgets._render``) that each widget owns: a
subclass that lists the artists its ``update`` changes in
``self.moving_artists`` gets *blitting* (the static part of the figure is
drawn once and only the moving artists are redrawn on every update).

Style: the figure is built and drawn in the course style
(:func:`microdose.plotting.course_style`), applied only while the widget
builds or draws, so a widget never changes the user's matplotlib settings.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import Any

import ipywidgets as ipw
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ..plotting import course_style
from ._render import FigureRenderer


class InteractiveFigure(ABC):
    """Controls + one matplotlib figure + a read-out, updated in place.

    Subclasses implement :meth:`build_controls` (return a dict name -> widget,
    built with the factories of ``microdose.widgets._controls``),
    :meth:`build_figure` (create the artists on ``self.fig``) and
    :meth:`update` (compute from keyword values, update artists, return a dict
    of the numbers displayed); they usually override :meth:`readout_text`,
    which formats the read-out (empty by default).

    For fast redraws, ``build_figure`` should also set ``self.moving_artists``
    to the list of artists that ``update`` changes (lines, markers, patches,
    texts; an ``Axis`` too if its limits move). Everything else must then stay
    fixed after the first draw; a subclass that changes a static element
    calls :meth:`invalidate_background`. Without ``moving_artists`` the whole
    figure is redrawn on every update (correct, but slower).

    Parameters
    ----------
    **initial
        Initial control values by name, replacing the defaults of :meth:`build_controls`.

    Attributes
    ----------
    controls : dict of str to ipywidgets.ValueWidget
        The controls by name (the keyword names of :meth:`update`).
    fig : matplotlib.figure.Figure
        The figure (a bare ``Figure``, not pyplot: never auto-displayed).
    renderer : FigureRenderer
        Draws ``fig`` to PNG, redrawing only ``moving_artists`` over a cached background.
    image : ipywidgets.Image
        The figure as shown (PNG).
    readout : ipywidgets.HTML
        The read-out line.
    result : dict
        What the last :meth:`update` returned.

    Raises
    ------
    TypeError
        If ``initial`` names a control the widget does not have.
    """

    #: figure size in inches
    figsize = (8.0, 4.2)
    #: artists redrawn on every update (set in ``build_figure``); None = redraw everything
    moving_artists: list[Artist] | None = None

    def __init__(self, **initial: Any) -> None:
        self.controls: dict[str, ipw.ValueWidget] = self.build_controls()
        for name, value in initial.items():
            if name not in self.controls:
                raise TypeError(
                    f"{type(self).__name__} has no control named {name!r}; controls are {sorted(self.controls)}"
                )
            self.controls[name].value = value
        with course_style():
            self.fig = Figure(figsize=self.figsize, layout="constrained")
            self.renderer = FigureRenderer(self.fig)
            self.build_figure()
        self.image = ipw.Image(format="png", layout=ipw.Layout(width="auto"))
        self.readout = ipw.HTML()
        for widget in self.controls.values():
            widget.observe(self._on_change, names="value")
        self.result = self.refresh()

    # -- to be provided by subclasses -------------------------------------------------
    @abstractmethod
    def build_controls(self) -> dict[str, ipw.ValueWidget]:
        """Create the controls.

        Returns
        -------
        dict of str to ipywidgets.ValueWidget
            The controls by name; each name is a keyword argument of :meth:`update`.
        """

    @abstractmethod
    def build_figure(self) -> None:
        """Create the axes and artists on ``self.fig`` (once), and set ``self.moving_artists``."""

    @abstractmethod
    def update(self, **values: Any) -> dict[str, Any]:
        """Compute from the control values and move the artists.

        Parameters
        ----------
        **values
            One value per control, by name.

        Returns
        -------
        dict
            The numbers the figure and the read-out show.
        """

    def readout_text(self, result: dict[str, Any]) -> str:
        """The read-out line for ``result`` (what :meth:`update` returned).

        Parameters
        ----------
        result : dict
            What :meth:`update` returned.

        Returns
        -------
        str
            HTML for the read-out; empty here (no read-out).
        """
        return ""

    # -- machinery ---------------------------------------------------------------------
    @property
    def values(self) -> dict[str, Any]:
        """Current control values by name."""
        return {name: w.value for name, w in self.controls.items()}

    @property
    def canvas(self) -> FigureCanvasAgg:
        """The figure's Agg canvas; after :meth:`render_png` its buffer holds the frame shown."""
        return self.renderer.canvas

    def render_png(self) -> bytes:
        """The figure as PNG bytes (what the notebook shows), drawn in the course style.

        The layout is solved on the first draw and then frozen, so subclasses
        fix axis labels and limits wide enough for every control value. With
        ``moving_artists`` set, only those artists and the legends are redrawn
        over a cached background (see ``FigureRenderer`` in ``microdose.widgets._render``).

        Returns
        -------
        bytes
            The PNG image.
        """
        with course_style():
            return self.renderer.render_png(self.moving_artists)

    def invalidate_background(self) -> None:
        """Forget the cached background: the next render redraws the static part too."""
        self.renderer.invalidate_background()

    def refresh(self) -> dict[str, Any]:
        """Recompute from the current control values and redraw the figure and the read-out.

        Returns
        -------
        dict
            What :meth:`update` returned (also kept as ``self.result``).
        """
        with course_style():
            self.result = self.update(**self.values)
        self.readout.value = self.readout_text(self.result)
        self.image.value = self.render_png()
        return self.result

    def _on_change(self, change: dict[str, Any]) -> None:
        self.refresh()

    def close(self) -> None:
        """Close the controls, read-out and image and free the cached pixels.

        ipywidgets keeps every widget alive until it is closed; call this when
        an interactive figure is no longer needed (the tests and the speed
        benchmark build many).
        """
        for widget in [*self.controls.values(), self.readout, self.image]:
            widget.close()
        self.renderer.release()

    @property
    def widget(self) -> ipw.Widget:
        """The whole interactive panel: controls, read-out, figure."""
        controls = ipw.HBox(list(self.controls.values()), layout=ipw.Layout(flex_flow="row wrap"))
        return ipw.VBox([controls, self.readout, self.image])

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)
