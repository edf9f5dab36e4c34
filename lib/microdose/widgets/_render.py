"""Fast PNG rendering of one matplotlib figure, for the course's interactive figures.

:class:`FigureRenderer` turns a :class:`~matplotlib.figure.Figure` into PNG
bytes on every slider move. Most of a full redraw is spent on what never
changes (axes, ticks, labels, legends), so when it is told which artists move
it *blits*: the static part is drawn once into a cached background, and each
render only pastes that background back, draws the moving artists and pastes
the legends (also drawn once, as :class:`_Sprite` images) back on top of them
before the PNG is encoded. :class:`~microdose.widgets.InteractiveFigure` owns
one renderer per widget; nothing here knows about ipywidgets.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from PIL import Image

__all__ = ["FigureRenderer"]


class _Sprite:
    """A pre-rendered artist (a legend) that is painted over the frame instead of being redrawn.

    Parameters
    ----------
    rgba : numpy.ndarray
        The canvas after drawing only that artist on a fully transparent
        background (non-premultiplied RGBA, as Agg stores it); only the
        smallest block holding the artist's pixels is kept.
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

    @property
    def nbytes(self) -> int:
        """Memory held by the cached pixels, bytes."""
        return self.premultiplied.nbytes + self.keep.nbytes

    def paint(self, frame: np.ndarray) -> bool:
        """Paint the sprite over ``frame`` in place.

        Parameters
        ----------
        frame : numpy.ndarray
            The canvas's RGBA buffer.

        Returns
        -------
        bool
            False (and nothing painted) if the frame is not opaque under the sprite.
        """
        below = frame[self.where]
        if not np.all(below[..., 3] == 255):
            return False  # translucent figure: let matplotlib draw it
        mixed = self.premultiplied + below[..., :3].astype(np.uint16) * self.keep
        below[..., :3] = (mixed + 127) // 255
        return True


class FigureRenderer:
    """Draws one figure to PNG bytes, redrawing only its moving artists over a cached background.

    The constrained layout is solved on the first draw and then frozen, so
    later draws skip the layout solver: the figure's axis labels and limits
    must therefore be fixed wide enough for every value the figure will show.
    With a list of moving artists (lines, markers, patches, texts; an ``Axis``
    too if its limits move), everything else must stay fixed after the first
    draw; after changing a static element, call :meth:`invalidate_background`.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to draw. A bare ``Figure`` (not pyplot): the renderer
        attaches its own Agg canvas, so nothing is ever auto-displayed.

    Attributes
    ----------
    fig : matplotlib.figure.Figure
        The figure drawn.
    canvas : matplotlib.backends.backend_agg.FigureCanvasAgg
        Its canvas; after :meth:`render_png` its buffer holds the frame encoded.
    """

    def __init__(self, fig: Figure) -> None:
        self.fig = fig
        self.canvas = FigureCanvasAgg(fig)
        self._layout_frozen = False
        self._background: np.ndarray | None = None
        self._sprites: dict[int, _Sprite] = {}

    @property
    def cache_nbytes(self) -> int:
        """Memory held by the cached background and legend images, bytes (0 after :meth:`release`)."""
        background = 0 if self._background is None else self._background.nbytes
        return background + sum(sprite.nbytes for sprite in self._sprites.values())

    def render_png(self, moving_artists: Sequence[Artist] | None = None) -> bytes:
        """Draw the figure and encode it as PNG.

        Parameters
        ----------
        moving_artists : sequence of matplotlib.artist.Artist, optional
            The artists that changed since the last render (and only those);
            they and the legends are redrawn over the cached background (see
            :meth:`_blit`). None redraws the whole figure (correct, but slower).

        Returns
        -------
        bytes
            The PNG image, encoded with light compression, as RGB when the
            figure is opaque (smaller and faster than RGBA).
        """
        if moving_artists is None:
            self.canvas.draw()
            self._freeze_layout()
        else:
            self._blit(moving_artists)
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

    def release(self) -> None:
        """Free the cached pixels (the next render draws them again)."""
        self._background = None
        self._sprites = {}

    def _freeze_layout(self) -> None:
        if not self._layout_frozen:
            self.fig.set_layout_engine("none")
            self._layout_frozen = True

    def _layered_artists(self, moving_artists: Sequence[Artist]) -> list[Artist]:
        """What is drawn over the background, in drawing order (zorder, then list order).

        The moving artists, plus what a full redraw would paint over them: the
        axes' spines (cheap lines) and every legend.
        """
        spines = [spine for ax in self.fig.axes for spine in ax.spines.values()]
        legends = [legend for ax in self.fig.axes if (legend := ax.get_legend()) is not None]
        layered = list(moving_artists) + spines + legends + list(self.fig.legends)
        return sorted(layered, key=lambda artist: artist.get_zorder())  # stable sort

    def _blit(self, moving_artists: Sequence[Artist]) -> None:
        """Redraw the moving artists over the cached static background.

        The background (everything except the moving artists and the legends)
        is drawn once. Legends must stay on top of the moving lines, but
        drawing one costs as much as the rest of an update (its text), so each
        legend is also drawn once, alone on a transparent canvas, and then
        alpha-composited onto the frame at every update (a few hundred
        microseconds, and the same pixels as drawing it, to rounding).
        """
        layered = self._layered_artists(moving_artists)
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
