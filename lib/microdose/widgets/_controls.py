"""Control factories shared by the interactive figures: one look for every slider.

Every control shows its whole description (``description_width: "initial"``,
so a long label is not cut off); ``width`` fixes the width of the whole control
(label, track and value together), for a row of controls that lines up.
Use these in :meth:`~microdose.widgets.InteractiveFigure.build_controls`::

    from ._controls import log_slider, slider

    def build_controls(self):
        return {
            "kd_nM": log_slider("K_d (nM)", value=5.0, min=-2, max=3, step=0.05),
            "fraction_unbound": slider("fraction unbound", value=0.1, min=0.01, max=1.0, step=0.01),
        }

Any other keyword (``readout_format``, ``continuous_update``, ...) is passed to
the ipywidgets class unchanged.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as ipw

__all__ = ["DESCRIPTION_STYLE", "checkbox", "dropdown", "int_slider", "log_slider", "slider"]

#: Style of every control: the description keeps its natural width.
DESCRIPTION_STYLE = {"description_width": "initial"}


def _look(width: str | None) -> dict[str, Any]:
    """The keyword arguments shared by every control: style, and a layout when a width is given."""
    look: dict[str, Any] = {"style": dict(DESCRIPTION_STYLE)}
    if width is not None:
        look["layout"] = ipw.Layout(width=width)
    return look


def slider(
    description: str, *, value: float, min: float, max: float, step: float, width: str | None = None, **options: Any
) -> ipw.FloatSlider:
    """A linear slider for a float.

    Parameters
    ----------
    description : str
        The label, with its unit, e.g. ``"sample volume (µL)"``.
    value, min, max, step : float
        Initial value, range and step.
    width : str, optional
        CSS width of the whole control, e.g. ``"320px"``; None keeps the ipywidgets default.
    **options
        Passed to :class:`ipywidgets.FloatSlider` (``readout_format``, ``continuous_update``, ...).

    Returns
    -------
    ipywidgets.FloatSlider
    """
    return ipw.FloatSlider(value=value, min=min, max=max, step=step, description=description, **_look(width), **options)


def log_slider(
    description: str,
    *,
    value: float,
    min: float,
    max: float,
    step: float,
    base: float = 10,
    width: str | None = None,
    **options: Any,
) -> ipw.FloatLogSlider:
    """A slider for a float on a log scale.

    Parameters
    ----------
    description : str
        The label, with its unit, e.g. ``"K_d (nM)"``.
    value : float
        Initial value (not its logarithm).
    min, max, step : float
        Range and step as exponents of ``base``, as in :class:`ipywidgets.FloatLogSlider`:
        ``min=-2, max=3`` spans 0.01 to 1000.
    base : float, optional
        Base of the exponents.
    width : str, optional
        CSS width of the whole control, e.g. ``"320px"``; None keeps the ipywidgets default.
    **options
        Passed to :class:`ipywidgets.FloatLogSlider` (``readout_format``, ``continuous_update``, ...).

    Returns
    -------
    ipywidgets.FloatLogSlider
    """
    return ipw.FloatLogSlider(
        value=value, base=base, min=min, max=max, step=step, description=description, **_look(width), **options
    )


def int_slider(
    description: str, *, value: int, min: int, max: int, step: int = 1, width: str | None = None, **options: Any
) -> ipw.IntSlider:
    """A slider for an integer.

    Parameters
    ----------
    description : str
        The label, with its unit, e.g. ``"days of dosing"``.
    value, min, max, step : int
        Initial value, range and step.
    width : str, optional
        CSS width of the whole control, e.g. ``"320px"``; None keeps the ipywidgets default.
    **options
        Passed to :class:`ipywidgets.IntSlider`.

    Returns
    -------
    ipywidgets.IntSlider
    """
    return ipw.IntSlider(value=value, min=min, max=max, step=step, description=description, **_look(width), **options)


def dropdown(description: str, *, options: list, value: Any, width: str | None = None, **kwargs: Any) -> ipw.Dropdown:
    """A drop-down list of choices.

    Parameters
    ----------
    description : str
        The label.
    options : list
        The choices: values, or ``(label, value)`` pairs.
    value : object
        The initial value (one of the values in ``options``).
    width : str, optional
        CSS width of the whole control; None keeps the ipywidgets default.
    **kwargs
        Passed to :class:`ipywidgets.Dropdown`.

    Returns
    -------
    ipywidgets.Dropdown
    """
    return ipw.Dropdown(options=options, value=value, description=description, **_look(width), **kwargs)


def checkbox(description: str, *, value: bool, indent: bool = False, **kwargs: Any) -> ipw.Checkbox:
    """A check box, its label next to the box (not indented to line up with slider labels).

    Parameters
    ----------
    description : str
        The label.
    value : bool
        Initially checked or not.
    indent : bool, optional
        Indent the box as ipywidgets does by default.
    **kwargs
        Passed to :class:`ipywidgets.Checkbox`.

    Returns
    -------
    ipywidgets.Checkbox
    """
    return ipw.Checkbox(value=value, description=description, indent=indent, **_look(None), **kwargs)
