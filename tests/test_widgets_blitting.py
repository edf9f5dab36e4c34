"""Fast redraws (blitting) in InteractiveFigure show the same picture as a full redraw.

Every widget lists the artists its update() moves; the rest of the figure is
drawn once into a cached background and the legends are pasted back on top
from a cached image. These tests check, for every widget in
lib/microdose/widgets/, that the frame sent to the browser after moving each
control is the frame a full matplotlib redraw gives, to within anti-aliasing.
"""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from microdose.widgets import widget_classes
from microdose.widgets.occupancy import OccupancyExplorer

WIDGETS = widget_classes()


def _another_value(control):
    """A valid value different from the current one, about a third of the way along the range."""
    options = getattr(control, "options", None)
    if options is not None:
        values = [o[1] if isinstance(o, tuple) else o for o in options]
        return values[(values.index(control.value) + 1) % len(values)]
    if isinstance(control.value, bool):
        return not control.value
    if hasattr(control, "base"):  # FloatLogSlider: min/max are exponents
        low, high = control.base**control.min, control.base**control.max
        return float(np.exp(np.log(low) + (np.log(high) - np.log(low)) / 3))
    value = control.min + (control.max - control.min) / 3
    return type(control.value)(value) if isinstance(control.value, int) else value


def _frame(widget) -> np.ndarray:
    return np.asarray(widget.canvas.buffer_rgba()).astype(int)


def _fraction_of_pixels_that_differ(a: np.ndarray, b: np.ndarray, by: int = 40) -> float:
    assert a.shape == b.shape
    return float(np.mean(np.abs(a - b).max(axis=-1) > by))


def test_every_widget_module_is_found():
    names = {cls.__name__ for cls in WIDGETS}
    assert {"OccupancyExplorer", "MicrodoseLimitCalculator", "DosePlanner"} <= names


@pytest.mark.parametrize("cls", WIDGETS, ids=[cls.__name__ for cls in WIDGETS])
def test_blitted_frames_match_a_full_redraw_after_every_control(cls):
    widget = cls()
    assert widget.moving_artists, f"{cls.__name__} redraws the whole figure on every update (slow)"
    for name, control in widget.controls.items():
        control.value = _another_value(control)
        blitted = _frame(widget)
        # what the browser receives is exactly this frame
        sent = np.asarray(Image.open(io.BytesIO(widget.image.value)).convert("RGB")).astype(int)
        assert np.array_equal(sent, blitted[..., :3]), f"PNG differs from the canvas after moving {name}"
        widget.canvas.draw()  # full redraw of the same state
        full = _frame(widget)
        # Only anti-aliased edges where a static grid line crosses a moving artist may differ.
        assert _fraction_of_pixels_that_differ(blitted, full) < 1e-3, f"after moving {name}"
        assert np.all(blitted[..., 3] == 255), "the frame must be opaque (no pixel left transparent)"


def test_legends_stay_on_top_of_moving_lines():
    # The dose planner's framed legends sit over the occupancy curves' area; after a move
    # the legend box must still hide what is behind it, as in a full redraw.
    from microdose.widgets.projection import DosePlanner

    widget = DosePlanner()
    widget.controls["target_occupancy"].value = 0.9  # curves rise into the legend area
    legend_box = widget.ax_occ.get_legend().get_window_extent()
    height = widget.canvas.get_width_height()[1]
    rows = slice(int(height - legend_box.y1) + 2, int(height - legend_box.y0) - 2)
    cols = slice(int(legend_box.x0) + 2, int(legend_box.x1) - 2)
    blitted = _frame(widget)[rows, cols]
    widget.canvas.draw()
    full = _frame(widget)[rows, cols]
    assert np.abs(blitted - full).max() <= 2


def test_without_moving_artists_the_whole_figure_is_redrawn():
    class FullRedraw(OccupancyExplorer):
        def build_figure(self):
            super().build_figure()
            self.moving_artists = None

    widget = FullRedraw()
    before = widget.image.value
    widget.controls["kd_nM"].value = 50.0
    assert widget.image.value != before
    blitted = _frame(widget)
    widget.canvas.draw()
    assert _fraction_of_pixels_that_differ(blitted, _frame(widget), by=0) == 0.0


def test_invalidate_background_redraws_a_changed_static_element():
    widget = OccupancyExplorer()
    widget.ax.set_xlabel("a new label")  # static: drawn only in the background
    widget.controls["kd_nM"].value = 20.0
    stale = _frame(widget)
    widget.invalidate_background()
    widget.refresh()
    fresh = _frame(widget)
    widget.canvas.draw()
    full = _frame(widget)
    assert _fraction_of_pixels_that_differ(stale, full) > 1e-4  # the old label was still there
    assert _fraction_of_pixels_that_differ(fresh, full) < 1e-3


def test_a_translucent_figure_still_gets_correct_legends():
    # The cached legend image is composited only onto opaque pixels; elsewhere the
    # legend is drawn by matplotlib as usual.
    widget = OccupancyExplorer()
    widget.fig.patch.set_alpha(0.0)
    widget.ax.patch.set_alpha(0.0)
    widget.invalidate_background()
    widget.controls["kd_nM"].value = 0.02  # the curve now passes under the legend
    blitted = _frame(widget)
    widget.canvas.draw()
    full = _frame(widget)
    assert np.any(full[..., 3] < 255)  # really translucent
    assert _fraction_of_pixels_that_differ(blitted, full) < 1e-3


def test_close_releases_the_widgets_and_the_cached_pixels():
    widget = OccupancyExplorer()
    parts = [*widget.controls.values(), widget.readout, widget.image]
    assert all(part.comm is not None for part in parts)
    assert widget.renderer.cache_nbytes > 0  # the background and the legend image
    widget.close()
    assert all(part.comm is None for part in parts)  # ipywidgets no longer holds them
    assert widget.renderer.cache_nbytes == 0
