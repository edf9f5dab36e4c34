"""Microdose-limit calculator: which rule sets the limit, and does a planned dose qualify?

Every number comes from :mod:`microdose.regulatory` (ICH M3(R2) §7; EMEA
CPMP/SWP/2599/02/Rev1, 2004; FDA Exploratory IND guidance, 2006).
"""

from __future__ import annotations

from typing import Any

import ipywidgets as ipw
import numpy as np
from matplotlib.ticker import LogLocator, NullLocator

from .. import units
from ..plotting import COLORS, LINESTYLES
from ..regulatory import PAD_DIVISOR, PROTEIN_CAP_NMOL, microdose_limit, microdose_limit_ug
from ._base import InteractiveFigure
from ._controls import checkbox, log_slider

__all__ = ["MicrodoseLimitCalculator"]

#: Active doses on the x axis, mg (the slider covers the same range).
_PAD_GRID_MG = np.logspace(-2, 4, 241)
#: y axis, µg: wide enough for 1/100 of every active dose and every protein ceiling.
_Y_LIMITS_UG = (0.05, 3e5)
_WIDTH = "340px"  # of each slider


def _fmt_ug(value: float) -> str:
    """A dose in µg for the read-out: thousands separated, three significant digits below 1000."""
    return f"{value:,.0f}" if value >= 1000 else f"{value:.3g}"


class MicrodoseLimitCalculator(InteractiveFigure):
    """The microdose limit against the pharmacologically active dose (PAD).

    Controls: the predicted pharmacologically active dose (mg, log slider),
    whether the compound is a protein, its molecular weight (g/mol, log
    slider; used only for a protein, whose ceiling is 30 nmol) and a planned
    single dose (µg, log slider).

    Figure (log–log): the 1/100-of-PAD rule, the absolute ceiling (100 µg, or
    30 nmol expressed in µg for a protein), the resulting limit (the smaller
    of the two; the region below it is shaded), the kink where the two rules
    cross, the current compound and the planned dose. The read-out gives the
    limit, the rule that binds and whether the planned dose qualifies. All
    numbers come from :func:`microdose.regulatory.microdose_limit`.

    Defaults reproduce the course example: a drug active at 20 mg, whose
    1/100 rule gives 200 µg, is capped at 100 µg; a 50 µg dose qualifies.

    Redrawing: the axes and labels never change, so they are drawn once into
    a cached background and each update only redraws the moving artists and
    the legend on top of it (blitting, see :class:`~microdose.widgets.InteractiveFigure`), which
    keeps a slider move fast.
    """

    figsize = (10.4, 4.6)

    def build_controls(self) -> dict[str, ipw.ValueWidget]:
        return {
            "active_dose_mg": log_slider(
                "active dose (mg)", value=20.0, min=-2, max=4, step=0.02, readout_format=".3g", width=_WIDTH
            ),
            "is_protein": checkbox("protein (30 nmol ceiling)", value=False),
            "mw_g_per_mol": log_slider(
                "MW (g/mol, protein)", value=150_000.0, min=3, max=6, step=0.02, readout_format=",.0f", width=_WIDTH
            ),
            "planned_dose_ug": log_slider(
                "planned dose (µg)", value=50.0, min=-1, max=5, step=0.02, readout_format=".3g", width=_WIDTH
            ),
        }

    def build_figure(self) -> None:
        ax = self.ax = self.fig.add_subplot()
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlim(_PAD_GRID_MG[0], _PAD_GRID_MG[-1])
        ax.set_ylim(*_Y_LIMITS_UG)
        # one tick per decade, no minor ticks: readable, and cheap to draw
        for axis in (ax.xaxis, ax.yaxis):
            axis.set_major_locator(LogLocator(base=10, numticks=12))
            axis.set_minor_locator(NullLocator())
        ax.set_xlabel("pharmacologically active dose (mg, log scale)")
        ax.set_ylabel("dose (µg, log scale)")
        floor = _Y_LIMITS_UG[0]
        self.region = ax.fill_between(
            _PAD_GRID_MG, floor, floor, color=COLORS["sky"], alpha=0.22, lw=0, label="qualifies as a microdose"
        )
        # the 1/100 rule alone (PAD in mg -> µg, divided by 100); it does not depend on any control
        (self.pad_line,) = ax.plot(
            _PAD_GRID_MG,
            _PAD_GRID_MG * units.UG_PER_MG / PAD_DIVISOR,
            color=COLORS["therapeutic"],
            ls=LINESTYLES["therapeutic"],
            lw=1.8,
            label="1/100 of the active dose",
        )
        (self.cap_line,) = ax.plot(
            [],
            [],
            color=COLORS["limit"],
            ls=LINESTYLES["limit"],
            lw=2.6,
            label="absolute ceiling\n(100 µg; 30 nmol for a protein)",
        )
        (self.limit_curve,) = ax.plot(
            [], [], color=COLORS["model"], ls="-", lw=3.0, label="microdose limit\n(smaller of the two)"
        )
        self.guide = ax.axvline(1.0, color="0.45", lw=1, ls=(0, (1, 3)))
        (self.kink,) = ax.plot(
            [], [], "D", ms=9, mfc="white", mec=COLORS["model"], mew=1.8, label="where the rules cross"
        )
        (self.point,) = ax.plot([], [], "o", ms=11, color=COLORS["microdose"], label="limit for this compound")
        (self.planned_ok,) = ax.plot(
            [], [], "^", ms=12, color=COLORS["green"], mec="black", label="planned dose: qualifies"
        )
        (self.planned_over,) = ax.plot(
            [], [], "X", ms=13, color=COLORS["vermillion"], mec="black", label="planned dose: too large"
        )
        self.cap_text = ax.text(0.013, 1.0, "", fontsize=11, color=COLORS["limit"], va="bottom")
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False, fontsize=11)
        # redrawn on every update over the cached background, in this order (bottom to top)
        self.moving_artists = [
            self.region,
            self.pad_line,
            self.cap_line,
            self.limit_curve,
            self.guide,
            self.kink,
            self.point,
            self.planned_ok,
            self.planned_over,
            self.cap_text,
        ]

    def update(  # type: ignore[override]  # takes this widget's own controls by name
        self, *, active_dose_mg: float, is_protein: bool, mw_g_per_mol: float, planned_dose_ug: float
    ) -> dict[str, Any]:
        """Recompute the limit and move the artists; returns the numbers shown."""
        is_protein = bool(is_protein)
        mw = float(mw_g_per_mol) if is_protein else None
        self.controls["mw_g_per_mol"].disabled = not is_protein
        this = microdose_limit(active_dose_mg, is_protein=is_protein, mw_g_per_mol=mw)
        limits = microdose_limit_ug(_PAD_GRID_MG, is_protein=is_protein, mw_g_per_mol=mw)
        cap = this.absolute_cap_ug
        # the 1/100 rule equals the ceiling at an active dose of 100 × ceiling (µg -> mg)
        crossover_mg = cap * PAD_DIVISOR / units.UG_PER_MG
        qualifies = bool(planned_dose_ug <= this.limit_ug * (1 + 1e-12))

        floor = _Y_LIMITS_UG[0]
        verts = np.concatenate(
            [[[_PAD_GRID_MG[0], floor]], np.column_stack([_PAD_GRID_MG, limits]), [[_PAD_GRID_MG[-1], floor]]]
        )
        self.region.set_verts([verts])
        self.cap_line.set_data(_PAD_GRID_MG[[0, -1]], [cap, cap])
        self.limit_curve.set_data(_PAD_GRID_MG, limits)
        self.kink.set_data([crossover_mg], [cap])
        self.point.set_data([active_dose_mg], [this.limit_ug])
        self.guide.set_xdata([active_dose_mg, active_dose_mg])
        shown, hidden = (self.planned_ok, self.planned_over) if qualifies else (self.planned_over, self.planned_ok)
        shown.set_data([active_dose_mg], [planned_dose_ug])
        hidden.set_data([], [])
        if is_protein:
            label = f"ceiling: {PROTEIN_CAP_NMOL:g} nmol × {mw:,.0f} g/mol = {_fmt_ug(cap)} µg"
        else:
            label = f"ceiling: {_fmt_ug(cap)} µg"
        self.cap_text.set_text(label)
        self.cap_text.set_y(cap * 1.25)
        return {
            "limit_ug": this.limit_ug,
            "pad_rule_ug": this.pad_rule_ug,
            "absolute_cap_ug": cap,
            "binding_rule": this.binding_rule,
            "crossover_active_dose_mg": crossover_mg,
            "planned_dose_ug": float(planned_dose_ug),
            "planned_over_limit": float(planned_dose_ug) / this.limit_ug,
            "qualifies": qualifies,
        }

    def readout_text(self, r: dict[str, Any]) -> str:
        if r["qualifies"]:
            verdict = "<span style='color:#009E73'><b>✓ qualifies as a microdose</b></span>"
        else:
            verdict = (
                f"<span style='color:#D55E00'><b>✗ not a microdose</b> "
                f"({r['planned_over_limit']:.3g}× the limit)</span>"
            )
        return (
            f"<b>Microdose limit {_fmt_ug(r['limit_ug'])} µg</b>, set by the {r['binding_rule']} "
            f"(1/100 of the active dose = {_fmt_ug(r['pad_rule_ug'])} µg; ceiling = "
            f"{_fmt_ug(r['absolute_cap_ug'])} µg) &nbsp;|&nbsp; planned "
            f"{_fmt_ug(r['planned_dose_ug'])} µg: {verdict}"
        )
