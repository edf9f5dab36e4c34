"""Widget callbacks are plain functions: call them directly, check numbers and artists.

The tests at the end run over every widget (``widget_classes()``): building one
leaves the user's matplotlib settings alone, and moving a slider redraws the
figure and the read-out promptly.
"""

import statistics
import time

import matplotlib as mpl
import numpy as np
import pytest

from microdose.widgets import widget_classes
from microdose.widgets.occupancy import OccupancyExplorer

WIDGETS = widget_classes()
IDS = [cls.__name__ for cls in WIDGETS]
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_occupancy_explorer_defaults_reproduce_course_example():
    w = OccupancyExplorer()
    assert w.result["unbound_therapeutic_nM"] == pytest.approx(10.0)
    assert w.result["unbound_microdose_nM"] == pytest.approx(0.005)
    assert w.result["occupancy_therapeutic"] == pytest.approx(2 / 3)
    assert w.result["occupancy_microdose"] == pytest.approx(0.001, rel=1e-3)
    assert w.image.value[:8] == PNG_SIGNATURE


def test_moving_a_slider_updates_figure_and_readout():
    w = OccupancyExplorer()
    before_png, before_text = w.image.value, w.readout.value
    y_before = np.array(w.ther_point.get_ydata())
    w.controls["kd_nM"].value = 100.0  # weaker binder -> lower occupancy
    assert w.result["occupancy_therapeutic"] == pytest.approx(10 / 110)
    assert np.array(w.ther_point.get_ydata())[0] < y_before[0]
    assert w.image.value != before_png and w.readout.value != before_text


def test_unknown_initial_control_is_rejected():
    with pytest.raises(TypeError, match="no control named 'kd'"):
        OccupancyExplorer(kd=3.0)


def _rc_snapshot() -> dict:
    return {key: value for key, value in mpl.rcParams.items() if key != "backend"}


def _first_slider(widget):
    """Name and control of the widget's first slider (a control with a range)."""
    return next((name, c) for name, c in widget.controls.items() if hasattr(c, "min") and hasattr(c, "max"))


def _sweep(control, n: int) -> list:
    """``n`` values across the slider's whole range (log sliders evenly in the logarithm)."""
    if hasattr(control, "base"):  # FloatLogSlider: min/max are exponents
        values = np.geomspace(control.base**control.min, control.base**control.max, n)
    else:
        values = np.linspace(control.min, control.max, n)
    return [type(control.value)(v) for v in values]


@pytest.mark.parametrize("cls", WIDGETS, ids=IDS)
def test_building_and_using_a_widget_leaves_matplotlib_settings_alone(cls):
    # The user's own settings (here a small font) stay as they are; the widget still
    # draws in the course style (13 pt axis labels), applied only while it builds and draws.
    with mpl.rc_context({"font.size": 7.0, "axes.labelsize": "medium", "lines.linewidth": 0.5}):
        before = _rc_snapshot()
        widget = cls()
        _, control = _first_slider(widget)
        control.value = _sweep(control, 3)[0]
        widget.render_png()
        assert _rc_snapshot() == before
        labels = [ax.xaxis.label for ax in widget.fig.axes if ax.get_xlabel()]
        assert labels and all(label.get_fontsize() == 13.0 for label in labels)
        widget.close()


@pytest.mark.parametrize("cls", WIDGETS, ids=IDS)
def test_slider_moves_redraw_figure_and_readout_promptly(cls):
    # Correctness first: every move recomputes the result, the read-out and the PNG.
    # The time bound is generous (a slow machine must not fail it); the target, well
    # under 100 ms per move, is measured and reported by benchmarks/bench_course.py.
    widget = cls()
    name, control = _first_slider(widget)
    times, images = [], set()
    for value in _sweep(control, 15):
        start = time.perf_counter()
        control.value = value
        times.append(time.perf_counter() - start)
        assert widget.image.value[:8] == PNG_SIGNATURE
        images.add(widget.image.value)
        assert widget.readout.value == widget.readout_text(widget.result)
        np.testing.assert_equal(widget.result, widget.update(**widget.values))  # NaN == NaN here
    median_ms = 1e3 * statistics.median(times)
    print(f"{cls.__name__}: median {median_ms:.0f} ms per move of {name!r} ({len(times)} moves, update + PNG)")
    assert len(images) > 1, f"moving {name!r} across its range never changed the figure"
    assert median_ms < 500.0
    widget.close()
