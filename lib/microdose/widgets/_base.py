"""A small base class for the course's interactive figures.

Each widget is a class whose ``update(**values)`` method is a plain function
of the control values: it computes with the library, moves the figure's
artists and returns the numbers it showed, so tests (and the speed benchmark,
``benchmarks/bench_course.py``) call it directly without a browser. In a
notebook the class displays its controls, its figure and a read-out line;
moving a control calls ``update`` and redraws the figure in place.

Speed: a slider move should cost well under 100 ms. Most of a full redraw is
spent on what never changes (axes, ticks, labels, legends), so a subclass
that lists the artists its ``update`` changes in ``self.moving_artists`` gets
*blitting*: the static part is drawn once into a cached background, and each
update only pastes that background back, draws the moving artists and pastes
the legends (also drawn once) back on top of them before the PNG is encoded.
"""

from __future__ import annotations

import io
from typing import Any

import ipywidgets as ipw
import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from PIL import Image

from ..plotting import use_course_style


class _Sprite:
    """A pre-rendered artist (a legend) that is painted over the frame instead of being redrawn.

    ``rgba`` is the canvas after drawing only that artist on a fully
    transparent background (non-premultiplied RGBA, as Agg stores it); only
    the smallest block holding the artist's pixels is kept.
    """

    def __init__(self, rgba: np.ndarray) -> None:
        rows = np.flatnonzero(rgba[..., 3].any(axis=1))
        cols = np.flatnonzero(rgba[..., 3].any(axis=0))
        if rows.size == 0:
            rows = cols = np.array([0, -1])  # nothing drawn: an empty block
        self.where = (slice(rows[0], rows[-1] + 1), slice(cols[0], cols[-1] + 1))
        block = rgba[self.where].astype(np.uint16)
        alpha = block[..., 3:]
        # the "over" operator onto an opaque frame, in integers:
        # out = (colour·alpha + below·(255 − alpha)) / 255, both terms together at most 255²
        self.premultiplied = block[..., :3] * alpha
        self.keep = 255 - alpha

    def paint(self, frame: np.ndarray) -> bool:
        """Paint over ``frame`` (the canvas's RGBA buffer) in place; False if the frame is not opaque there."""
        below = frame[self.where]
        if not np.all(below[..., 3] == 255):
            return False  # translucent figure: let matplotlib draw it
        mixed = self.premultiplied + below[..., :3].astype(np.uint16) * self.keep
        below[..., :3] = (mixed + 127) // 255
        return True


class InteractiveFigure:
    """Controls + one matplotlib figure + a read-out, updated in place.

    Subclasses implement :meth:`build_controls` (return a dict name -> widget),
    :meth:`build_figure` (create the artists on ``self.fig``) and
    :meth:`update` (compute from keyword values, update artists, return a dict
    of the numbers displayed). ``readout_text(result)`` formats the read-out.

    For fast redraws, ``build_figure`` should also set ``self.moving_artists``
    to the list of artists that ``update`` changes (lines, markers, patches,
    texts; an ``Axis`` too if its limits move). Everything else must then stay
    fixed after the first draw; a subclass that changes a static element
    calls :meth:`invalidate_background`. Without ``moving_artists`` the whole
    figure is redrawn on every update (correct, but slower).
    """

    #: figure size in inches
    figsize = (8.0, 4.2)
    #: artists redrawn on every update (set in ``build_figure``); None = redraw everything
    moving_artists: list[Artist] | None = None

    def __init__(self, **initial: Any) -> None:
        use_course_style()
        self.controls: dict[str, ipw.ValueWidget] = self.build_controls()
        for name, value in initial.items():
            if name not in self.controls:
                raise TypeError(
                    f"{type(self).__name__} has no control named {name!r}; controls are {sorted(self.controls)}"
                )
            self.controls[name].value = value
        # A bare Figure (not pyplot): never auto-displayed, no global state.
        self.fig = Figure(figsize=self.figsize, layout="constrained")
        self.canvas = FigureCanvasAgg(self.fig)
        self._layout_frozen = False
        self._background = None
        self._sprites: dict[int, _Sprite] = {}
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

        Speed matters here (every slider move). The constrained layout is
        solved on the first draw and then frozen, so later draws skip the
        layout solver: subclasses therefore fix axis labels and limits wide
        enough for every control value. With ``moving_artists`` set, only
        those artists and the legends are redrawn over a cached background
        (see :meth:`_blit`). The image is encoded with light compression,
        as RGB when the figure is opaque.
        """
        if self.moving_artists is None:
            self.canvas.draw()
            self._freeze_layout()
        else:
            self._blit()
        rgba = np.asarray(self.canvas.buffer_rgba())
        image = Image.fromarray(rgba)
        if rgba[..., 3].min() == 255:  # opaque (the course style): RGB is smaller, faster
            image = image.convert("RGB")
        buffer = io.BytesIO()
        image.save(buffer, format="png", compress_level=1)
        return buffer.getvalue()

    def invalidate_background(self) -> None:
        """Forget the cached background: the next render redraws the static part too."""
        self._background = None

    def _freeze_layout(self) -> None:
        if not self._layout_frozen:
            self.fig.set_layout_engine("none")
            self._layout_frozen = True

    def _layered_artists(self) -> list[Artist]:
        """What is drawn over the background, in drawing order (zorder, then list order).

        The moving artists, plus what a full redraw would paint over them: the
        axes' spines (cheap lines) and every legend.
        """
        spines = [spine for ax in self.fig.axes for spine in ax.spines.values()]
        legends = [ax.get_legend() for ax in self.fig.axes if ax.get_legend() is not None]
        layered = list(self.moving_artists) + spines + legends + list(self.fig.legends)
        return sorted(layered, key=lambda artist: artist.get_zorder())  # stable sort

    def _blit(self) -> None:
        """Redraw the moving artists over the cached static background.

        The background (everything except the moving artists and the legends)
        is drawn once. Legends must stay on top of the moving lines, but
        drawing one costs as much as the rest of an update (its text), so each
        legend is also drawn once, alone on a transparent canvas, and then
        alpha-composited onto the frame at every update (a few hundred
        microseconds, and the same pixels as drawing it, to rounding).
        """
        layered = self._layered_artists()
        if self._background is None:
            self._draw_background(layered)
        else:
            np.copyto(np.asarray(self.canvas.buffer_rgba()), self._background)
        for artist in layered:
            if not artist.get_visible():
                continue
            sprite = self._sprites.get(id(artist))
            if sprite is None or not sprite.paint(np.asarray(self.canvas.buffer_rgba())):
                self.fig.draw_artist(artist)

    def _draw_background(self, layered: list[Artist]) -> None:
        """Solve and freeze the layout; cache the static background and the legend images."""
        if not self._layout_frozen:
            # solve the layout with every artist present (a legend outside the axes
            # needs room), then freeze it
            engine = self.fig.get_layout_engine()
            if engine is not None:
                engine.execute(self.fig)
            self._freeze_layout()
        visible = [artist.get_visible() for artist in layered]
        for artist in layered:
            artist.set_visible(False)
        try:
            self.canvas.draw()
            # a plain copy of the pixels (Agg's copy_from_bbox misses the top row)
            self._background = np.asarray(self.canvas.buffer_rgba()).copy()
        finally:
            for artist, was_visible in zip(layered, visible):
                artist.set_visible(was_visible)
        renderer = self.canvas.get_renderer()
        self._sprites = {}
        for artist, was_visible in zip(layered, visible):
            if was_visible and isinstance(artist, Legend):
                renderer.clear()  # fully transparent canvas
                self.fig.draw_artist(artist)
                self._sprites[id(artist)] = _Sprite(np.asarray(self.canvas.buffer_rgba()))
        np.copyto(np.asarray(self.canvas.buffer_rgba()), self._background)

    def refresh(self) -> dict[str, Any]:
        """Recompute from the current control values and redraw everything."""
        self.result = self.update(**self.values)
        self.readout.value = self.readout_text(self.result)
        self.image.value = self.render_png()
        return self.result

    def _on_change(self, change) -> None:
        self.refresh()

    def close(self) -> None:
        """Close the controls, read-out and image and free the cached pixels.

        ipywidgets keeps every widget alive until it is closed; call this when
        an interactive figure is no longer needed (the tests and the speed
        benchmark build many).
        """
        for widget in [*self.controls.values(), self.readout, self.image]:
            widget.close()
        self._background = None
        self._sprites = {}

    @property
    def widget(self) -> ipw.Widget:
        """The whole interactive panel: controls, read-out, figure."""
        controls = ipw.HBox(list(self.controls.values()), layout=ipw.Layout(flex_flow="row wrap"))
        return ipw.VBox([controls, self.readout, self.image])

    def _ipython_display_(self) -> None:
        from IPython.display import display

        display(self.widget)
