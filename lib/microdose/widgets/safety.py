"""Radiation dose explorer: a ¹⁴C tracer's effective dose beside everyday exposures."""

from __future__ import annotations

from typing import Any

import ipywidgets as ipw
import numpy as np
from matplotlib.ticker import NullLocator

from ..ams import kilobecquerel_to_microcurie
from ..plotting import COLORS
from ..safety import (
    ANNUAL_NATURAL_BACKGROUND_USV,
    BANANA_USV,
    C14_INGESTION_DOSE_COEFFICIENT_SV_PER_BQ,
    CHEST_XRAY_PA_USV,
    DAILY_NATURAL_BACKGROUND_USV,
    ICRP62_CATEGORIES,
    ICRP62_CATEGORY_I_MAX_USV,
    ICRP62_CATEGORY_IIA_MAX_USV,
    ICRP62_CATEGORY_IIB_MAX_USV,
    LOW_DOSE_LIMIT_USV,
    NOMINAL_RISK_PER_SV_ADULT,
    NOMINAL_RISK_PER_SV_WHOLE_POPULATION,
    US_TRANSCONTINENTAL_FLIGHT_USV,
    committed_effective_dose_uSv,
    compare_with_everyday_exposures,
    icrp62_category,
    radiation_risk,
)
from ._base import InteractiveFigure
from ._controls import dropdown, log_slider

__all__ = ["RadiationDoseExplorer"]

_XLIM_USV = (1.0e-3, 1.0e5)  # covers every control value (0.1 kBq × 1e-11 Sv/Bq to 10 MBq × 1e-8 Sv/Bq)
_BAR_BASE_USV = _XLIM_USV[0]  # bars start at the left edge of the log axis
_REFERENCES = (  # label, dose in µSv (sources in microdose.safety)
    ("one banana (approx.)", BANANA_USV),
    ("one day of natural background", DAILY_NATURAL_BACKGROUND_USV),
    ("chest X-ray (PA)", CHEST_XRAY_PA_USV),
    ("4 h flight across the USA", US_TRANSCONTINENTAL_FLIGHT_USV),
    ("one year of natural background", ANNUAL_NATURAL_BACKGROUND_USV),
)
_BANDS = (  # ICRP 62 category, lower and upper bound in µSv
    ("I", _XLIM_USV[0], ICRP62_CATEGORY_I_MAX_USV),
    ("IIa", ICRP62_CATEGORY_I_MAX_USV, ICRP62_CATEGORY_IIA_MAX_USV),
    ("IIb", ICRP62_CATEGORY_IIA_MAX_USV, ICRP62_CATEGORY_IIB_MAX_USV),
    ("III", ICRP62_CATEGORY_IIB_MAX_USV, _XLIM_USV[1]),
)
_WIDTH = "360px"  # of each control


def _fmt(x: float, digits: int = 3) -> str:
    """A number rounded to ``digits`` significant figures, with thousands separators (3,700 not 3.7e+03)."""
    return f"{float(f'{x:.{digits}g}'):,.15g}"


class RadiationDoseExplorer(InteractiveFigure):
    """Effective dose of an oral ¹⁴C dose on a log scale with familiar exposures and ICRP 62 bands.

    Controls: administered activity (kBq), the committed effective dose
    coefficient (Sv/Bq; default the ICRP 72 adult ingestion value for organic
    ¹⁴C, which a real protocol replaces with compound-specific dosimetry) and
    the ICRP 103 nominal risk coefficient (adult or whole population).

    The figure shows one horizontal bar for the tracer and fixed bars for a
    banana, a day of natural background, a chest X-ray, a 4 h flight and a
    year of natural background, over the shaded ICRP 62 categories. The
    read-out gives the dose, its category, everyday comparisons and the
    nominal risk. Calculations: :mod:`microdose.safety`.
    """

    figsize = (9.5, 4.4)

    def build_controls(self) -> dict[str, ipw.ValueWidget]:
        return {
            "activity_kBq": log_slider(
                "¹⁴C activity (kBq)", value=3.7, min=-1, max=4, step=0.01, readout_format=".3g", width=_WIDTH
            ),
            "dose_coefficient_Sv_per_Bq": log_slider(
                "dose coefficient (Sv/Bq)",
                value=C14_INGESTION_DOSE_COEFFICIENT_SV_PER_BQ,
                min=-11,
                max=-8,
                step=0.01,
                readout_format=".2e",
                width=_WIDTH,
            ),
            "risk_per_Sv": dropdown(
                "ICRP 103 risk coefficient",
                options=[
                    (f"adults ({NOMINAL_RISK_PER_SV_ADULT:g} per Sv)", NOMINAL_RISK_PER_SV_ADULT),
                    (
                        f"whole population ({NOMINAL_RISK_PER_SV_WHOLE_POPULATION:g} per Sv)",
                        NOMINAL_RISK_PER_SV_WHOLE_POPULATION,
                    ),
                ],
                value=NOMINAL_RISK_PER_SV_ADULT,
                width=_WIDTH,
            ),
        }

    def build_figure(self) -> None:
        ax = self.ax = self.fig.add_subplot()
        ax.set_xscale("log")
        ax.xaxis.set_minor_locator(NullLocator())
        ax.set_xlim(*_XLIM_USV)
        ax.set_xlabel("effective dose (µSv, log scale)")
        ax.grid(axis="y", visible=False)
        shades = ("#FFFFFF", "#F2F2F2", "#E0E0E0", "#CCCCCC")
        n = len(_REFERENCES) + 1
        for (name, low, high), shade in zip(_BANDS, shades):
            ax.axvspan(low, high, color=shade, zorder=0)
            centre = np.sqrt(max(low, _XLIM_USV[0]) * min(high, _XLIM_USV[1]))
            level = ICRP62_CATEGORIES[name][0]
            text = f"ICRP 62 category {name}\n{level}" if name == "I" else f"{name}\n{level}"
            ax.text(centre, n - 0.45, text, ha="center", va="bottom", fontsize=9)
        labels = ["your ¹⁴C dose"] + [label for label, _ in _REFERENCES]
        widths = [1.0] + [dose - _BAR_BASE_USV for _, dose in _REFERENCES]
        bars = ax.barh(
            np.arange(n)[::-1],
            widths,
            left=_BAR_BASE_USV,
            height=0.6,
            color=[COLORS["microdose"]] + [COLORS["background"]] * (n - 1),
            edgecolor="black",
            zorder=2,
        )
        bars[0].set_hatch("//")
        self.tracer_bar = bars[0]
        ax.set_yticks(np.arange(n)[::-1], labels)
        ax.set_ylim(-0.6, n + 0.5)
        self.tracer_label = ax.text(1.0, n - 1, "", va="center", ha="left", fontsize=11, zorder=3)
        self.moving_artists = [self.tracer_bar, self.tracer_label]

    def update(  # type: ignore[override]  # takes this widget's own controls by name
        self,
        *,
        activity_kBq: float,
        dose_coefficient_Sv_per_Bq: float,
        risk_per_Sv: float,
    ) -> dict[str, Any]:
        """Recompute dose, category, comparisons and risk; move the tracer bar; returns the numbers shown."""
        dose = float(committed_effective_dose_uSv(activity_kBq, dose_coefficient_Sv_per_Bq))
        comparisons = compare_with_everyday_exposures(dose)
        risk = float(radiation_risk(dose, risk_per_Sv)) if dose <= LOW_DOSE_LIMIT_USV else float("nan")
        shown = min(max(dose, _BAR_BASE_USV * 1.001), _XLIM_USV[1])
        self.tracer_bar.set_width(shown - _BAR_BASE_USV)
        inside = shown > 1.0e3  # near the right edge: write the value inside the bar
        self.tracer_label.set_position((shown / 1.3 if inside else shown * 1.3, self.tracer_label.get_position()[1]))
        self.tracer_label.set_horizontalalignment("right" if inside else "left")
        self.tracer_label.set_color("white" if inside else "black")
        self.tracer_label.set_backgroundcolor(COLORS["microdose"] if inside else "none")
        self.tracer_label.set_text(f"{_fmt(dose)} µSv")
        return {
            "activity_kBq": float(activity_kBq),
            "activity_uCi": float(kilobecquerel_to_microcurie(activity_kBq)),
            "effective_dose_uSv": dose,
            "category": icrp62_category(dose),
            "days_of_natural_background": float(comparisons["days_of_natural_background"]),
            "us_flights": float(comparisons["us_transcontinental_flight"]),
            "chest_xrays": float(comparisons["chest_xray_pa"]),
            "bananas": float(comparisons["bananas"]),
            "risk": risk,
        }

    def readout_text(self, r: dict[str, Any]) -> str:
        category = r["category"]
        if np.isfinite(r["risk"]):
            risk = f"nominal risk {r['risk']:.2g} (about 1 in {_fmt(1 / r['risk'], 2)})"
        else:
            risk = "above 100 mSv: the nominal risk coefficients do not apply"
        return (
            f"{_fmt(r['activity_kBq'])} kBq ({_fmt(r['activity_uCi'])} µCi) → "
            f"<b>{_fmt(r['effective_dose_uSv'])} µSv</b>, ICRP 62 category <b>{category}</b> "
            f"({ICRP62_CATEGORIES[category][0]}) &nbsp;|&nbsp; "
            f"{_fmt(r['days_of_natural_background'])} days of natural background, "
            f"{_fmt(r['us_flights'])} × a 4 h US flight, {_fmt(r['bananas'])} bananas &nbsp;|&nbsp; {risk}"
        )
