"""Widget callbacks are plain functions: call them directly, check numbers and artists."""

import numpy as np
import pytest

from microdose.widgets.occupancy import OccupancyExplorer


def test_occupancy_explorer_defaults_reproduce_course_example():
    w = OccupancyExplorer()
    assert w.result["unbound_therapeutic_nM"] == pytest.approx(10.0)
    assert w.result["unbound_microdose_nM"] == pytest.approx(0.005)
    assert w.result["occupancy_therapeutic"] == pytest.approx(2 / 3)
    assert w.result["occupancy_microdose"] == pytest.approx(0.001, rel=1e-3)
    assert w.image.value[:8] == b"\x89PNG\r\n\x1a\n"


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
