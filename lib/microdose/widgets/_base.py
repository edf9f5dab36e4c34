"""A small base class for the course's interactive figures.

Each widget is a class whose ``update(**values)`` method is a plain function
of the control values: it computes with the library, moves the figure's
artists and returns the numbers it showed, so tests (and the speed benchmark)
call it directly without a browser. In a notebook the class displays its
controls, its figure and a read-out line; moving a control calls ``update``
and redraws the figure in place.
"""

from __future__ import annotations

import io
from typing import Any

import ipywidgets as ipw
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from ..plotting import use_course_style


class InteractiveFigure:
    """Controls + one matplotlib figure + a read-out, updated in place.

    Subclasses implement :meth:`build_controls` (return a dict name -> widget),
    :meth:`build_figure` (create ``self.fig`` and the artists) and
    :meth:`update` (compute from keyword values, update artists, return a dict
    of the numbers displayed). ``readout_text(result)`` formats the read-out.
    """

    #: figure size in inches
    figsize = (8.0, 4.2)

    def __init__(self, **initial: Any) -> None:
        use_course_style()
        self.controls: dict[str, ipw.ValueWidget] = self.build_controls()
        for name, value in initial.items():
            if name not in self.controls:
                raise TypeError(f"{type(self).__name__} has no control named {name!r}; "
                                f"controls are {sorted(self.controls)}")
            self.controls[name].value = value
        # A bare Figure (not pyplot): never auto-displayed, no global state.
        self.fig = Figure(figsize=self.figsize, layout="constrained")
        self.canvas = FigureCanvasAgg(self.fig)
        self._layout_frozen = False
        self.build_figure()
        self.image = ipw.Image(format="png", layout=ipw.Layout(width="auto"))
        self.readout = ipw.HTML()
        for widget in self.controls.values():
            widget.observe(self._on_change, names="value")
        self.result = self.refresh()

    # -- to be provided by subclasses -------------------------------------------------
    def build_controls(self) -> dict[str, ipw.ValueWidget]:  # pragma: no cover - abstract
        raise NotImplementedError

    def build_figure(self) -> None:  # pragma: no cover - abstract
        raise NotImplementedError

    def update(self, **values: Any) -> dict[str, Any]:  # pragma: no cover - abstract
        raise NotImplementedError

    def readout_text(self, result: dict[str, Any]) -> str:
        return ""

    # -- machinery ---------------------------------------------------------------------
    @property
    def values(self) -> dict[str, Any]:
        """Current control values by name."""
        return {name: w.value for name, w in self.controls.items()}

    def render_png(self) -> bytes:
        """The figure as PNG bytes (what the notebook shows).

        Speed matters here (every slider move): the Agg canvas is drawn
        directly and encoded with light compression, and the constrained
        layout computed on the first draw is then frozen, so later draws skip
        the layout solver. Subclasses should therefore fix axis labels and
        limits wide enough for every control value.
        """
        self.canvas.draw()
        if not self._layout_frozen:
            self.fig.set_layout_engine("none")
            self._layout_frozen = True
        buffer = io.BytesIO()
        Image.fromarray(np.asarray(self.canvas.buffer_rgba())).save(buffer, format="png", compress_level=1)
        return buffer.getvalue()

    def refresh(self) -> dict[str, Any]:
        """Recompute from the current control values and redraw everything."""
        self.result = self.update(**self.values)
        self.readout.value = self.readout_text(self.result)
        self.image.value = self.render_png()
        return self.result

    def _on_change(self, change) -> None:
        self.refresh()

    @property
    def widget(self) -> ipw.Widget:
        """The whole interactive panel: controls, read-out, figure."""
        controls = ipw.HBox(list(self.controls.values()), layout=ipw.Layout(flex_flow="row wrap"))
        return ipw.VBox([controls, self.readout, self.image])

    def _ipython_display_(self) -> None:
        from IPython.display import display
        display(self.widget)
