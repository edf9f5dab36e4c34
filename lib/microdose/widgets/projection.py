"""Dose planner: from Phase 0 pharmacokinetics to a projected dose and a go/no-go verdict."""

from __future__ import annotations

import math
from typing import Any

import ipywidgets as ipw
import numpy as np
from matplotlib.ticker import NullLocator
from numpy.typing import NDArray

from .. import units
from ..occupancy import fractional_occupancy, ng_per_mL_to_nM, total_to_unbound_conc_nM
from ..pk import half_life_to_rate_constant_per_h, multiple_dose_conc_mg_per_L
from ..plotting import COLORS, LINESTYLES
from ..projection import dose_for_trough_occupancy_mg, go_no_go, trough_occupancy
from ._base import InteractiveFigure
from ._controls import dropdown, log_slider, slider

__all__ = ["DosePlanner"]

_WINDOW_H = 48.0  # steady-state window shown, h
_WINDOW_GRID_H = np.linspace(0.0, _WINDOW_H, 385)
_TARGET_GRID = np.linspace(0.05, 0.95, 181)  # target occupancies for the right panel
_WASHIN_HALF_LIVES = 10.0  # doses given before the window: within 0.1 % of steady state
_DOSE_YLIM_MG = (0.1, 1.0e5)
_WIDTH = "330px"  # of each control


class DosePlanner(InteractiveFigure):
    """Projected dose for a target trough occupancy, and whether one tablet can deliver it.

    Controls: target trough occupancy (fraction), elimination half-life (h),
    oral bioavailability F, K_d (nM), fraction unbound, dosing interval (h),
    absorption half-life (h; 0 means absorption fast enough to treat each dose
    as a bolus, the course's default assumption; a longer value mimics a
    modified-release tablet) and the largest tablet that can be made (mg).
    Fixed class attributes: volume 72 L and molecular weight 400 g/mol (the
    course's example compound).

    Left panel: receptor occupancy over two days at steady state, at the
    projected dose and at one tablet of the maximum strength, with the target
    line. Right panel: projected dose against target occupancy (log axis)
    with the tablet limit; the marker is a circle for GO and a cross for
    NO-GO. Defaults reproduce Lesson 1.7: 50 % at trough once daily needs
    about 91 mg.

    The calculation is :func:`microdose.projection.dose_for_trough_occupancy_mg`
    and :func:`microdose.projection.go_no_go`.
    """

    figsize = (11.0, 4.6)
    volume_L = 72.0
    mw_g_per_mol = 400.0

    def build_controls(self) -> dict[str, ipw.ValueWidget]:
        return {
            "target_occupancy": slider(
                "target trough occupancy",
                value=0.5,
                min=0.1,
                max=0.95,
                step=0.01,
                readout_format=".0%",
                width=_WIDTH,
            ),
            "half_life_h": log_slider(
                "half-life t½ (h)", value=4.0, min=0.0, max=math.log10(48.0), step=0.01, width=_WIDTH
            ),
            "bioavailability": slider("bioavailability F", value=0.5, min=0.05, max=1.0, step=0.05, width=_WIDTH),
            "kd_nM": log_slider("K_d (nM)", value=5.0, min=-1, max=2, step=0.01, width=_WIDTH),
            "fraction_unbound": slider("fraction unbound f_u", value=0.2, min=0.01, max=1.0, step=0.01, width=_WIDTH),
            "tau_h": dropdown(
                "dosing interval",
                options=[
                    ("every 6 h", 6.0),
                    ("every 8 h", 8.0),
                    ("every 12 h (twice daily)", 12.0),
                    ("every 24 h (once daily)", 24.0),
                ],
                value=24.0,
                width=_WIDTH,
            ),
            "absorption_half_life_h": slider(
                "absorption t½ (h; 0 = rapid)", value=0.0, min=0.0, max=12.0, step=0.25, width=_WIDTH
            ),
            "max_tablet_mg": slider("largest tablet (mg)", value=200.0, min=25.0, max=1000.0, step=25.0, width=_WIDTH),
        }

    def build_figure(self) -> None:
        ax_o, ax_d = self.ax_occ, self.ax_dose = self.fig.subplots(1, 2)
        ax_o.set_xlim(0.0, _WINDOW_H)
        ax_o.set_xticks(np.arange(0, _WINDOW_H + 1, 12))
        ax_o.set_ylim(-2, 102)
        ax_o.set_xlabel("time at steady state (h)")
        ax_o.set_ylabel("receptor occupancy (%)")
        (self.occ_projected,) = ax_o.plot(
            [], [], color=COLORS["microdose"], ls=LINESTYLES["microdose"], label="projected dose"
        )
        (self.occ_tablet,) = ax_o.plot(
            [], [], color=COLORS["therapeutic"], ls=LINESTYLES["therapeutic"], label="one largest tablet"
        )
        self.target_line = ax_o.axhline(50.0, color=COLORS["limit"], ls=LINESTYLES["limit"], label="target at trough")
        ax_o.legend(loc="lower left", frameon=True, framealpha=0.9, fontsize=10)

        ax_d.set_yscale("log")
        ax_d.yaxis.set_minor_locator(NullLocator())  # decades only: faster redraw, clearer axis
        ax_d.set_xlim(0, 100)
        ax_d.set_ylim(*_DOSE_YLIM_MG)
        ax_d.set_xlabel("target trough occupancy (%)")
        ax_d.set_ylabel("projected dose per administration\n(mg, log scale)")
        (self.dose_curve,) = ax_d.plot([], [], color=COLORS["model"], ls=LINESTYLES["model"], label="projected dose")
        self.tablet_line = ax_d.axhline(200.0, color=COLORS["limit"], ls=LINESTYLES["limit"], label="tablet limit")
        (self.dose_point,) = ax_d.plot([], [], "o", ms=11, color=COLORS["green"])
        # static legend entries for the two looks of the moving marker
        ax_d.plot([], [], "o", ms=9, color=COLORS["green"], label="your target: GO")
        ax_d.plot([], [], "X", ms=9, color=COLORS["vermillion"], label="your target: NO-GO")
        ax_d.legend(loc="upper left", frameon=True, framealpha=0.9, fontsize=10)
        self.moving_artists = [
            self.occ_projected,
            self.occ_tablet,
            self.target_line,
            self.dose_curve,
            self.tablet_line,
            self.dose_point,
        ]

    def _steady_state_conc_per_mg(
        self, *, half_life_h: float, bioavailability: float, tau_h: float, ka_per_h: float | None
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """Concentration (mg/L) over the window at steady state for 1 mg per dose.

        Linear kinetics: any other dose is this profile times the dose. Enough
        doses are given before the window to be within 0.1 % of steady state.
        """
        clearance = float(half_life_to_rate_constant_per_h(half_life_h)) * self.volume_L
        n_before = math.ceil(_WASHIN_HALF_LIVES * half_life_h / tau_h)
        start = n_before * tau_h
        dose_times = np.arange(n_before + round(_WINDOW_H / tau_h) + 1) * tau_h
        in_window = dose_times[dose_times >= start]
        # the instant just before each dose, so that every trough is drawn exactly
        grid = np.sort(np.concatenate([start + _WINDOW_GRID_H, in_window - 1e-6]))
        # With instantaneous absorption (ka None) the library treats the dose as an IV bolus
        # (F = 1), so the absorbed amount F × 1 mg is passed as the dose.
        absorbed_mg = bioavailability if ka_per_h is None else 1.0
        conc = multiple_dose_conc_mg_per_L(
            grid, dose_times, absorbed_mg, self.volume_L, clearance, ka_per_h=ka_per_h, bioavailability=bioavailability
        )
        return grid - start, conc

    def _occupancy(
        self, conc_mg_per_L: NDArray[np.float64], kd_nM: float, fraction_unbound: float
    ) -> float | np.ndarray:
        total_nM = ng_per_mL_to_nM(conc_mg_per_L * units.NG_PER_ML_PER_MG_PER_L, self.mw_g_per_mol)
        return fractional_occupancy(total_to_unbound_conc_nM(total_nM, fraction_unbound), kd_nM)

    def update(  # type: ignore[override]  # takes this widget's own controls by name
        self,
        *,
        target_occupancy: float,
        half_life_h: float,
        bioavailability: float,
        kd_nM: float,
        fraction_unbound: float,
        tau_h: float,
        absorption_half_life_h: float,
        max_tablet_mg: float,
    ) -> dict[str, Any]:
        """Project the dose, judge it against the tablet, move the artists; returns the numbers shown."""
        ka = None if absorption_half_life_h <= 0 else float(half_life_to_rate_constant_per_h(absorption_half_life_h))
        common: dict[str, Any] = dict(
            kd_nM=kd_nM,
            fraction_unbound=fraction_unbound,
            mw_g_per_mol=self.mw_g_per_mol,
            volume_L=self.volume_L,
            tau_h=tau_h,
            bioavailability=bioavailability,
            half_life_h=half_life_h,
            ka_per_h=ka,
        )
        dose = float(dose_for_trough_occupancy_mg(target_occupancy, **common))
        verdict = go_no_go(dose, max_tablet_mg)
        tablet_trough = float(trough_occupancy(max_tablet_mg, **common))
        doses_on_grid = dose_for_trough_occupancy_mg(_TARGET_GRID, **common)

        # steady-state profile: linear kinetics, so compute 1 mg once and scale
        t, conc_per_mg = self._steady_state_conc_per_mg(
            half_life_h=half_life_h, bioavailability=bioavailability, tau_h=tau_h, ka_per_h=ka
        )
        occ_projected = self._occupancy(dose * conc_per_mg, kd_nM, fraction_unbound)
        occ_tablet = self._occupancy(max_tablet_mg * conc_per_mg, kd_nM, fraction_unbound)

        self.occ_projected.set_data(t, 100 * occ_projected)
        self.occ_tablet.set_data(t, 100 * occ_tablet)
        self.target_line.set_ydata([100 * target_occupancy] * 2)
        self.dose_curve.set_data(100 * _TARGET_GRID, doses_on_grid)
        self.tablet_line.set_ydata([max_tablet_mg] * 2)
        shown = min(max(dose, _DOSE_YLIM_MG[0]), _DOSE_YLIM_MG[1])  # keep the marker on the axes
        self.dose_point.set_data([100 * target_occupancy], [shown])
        self.dose_point.set_marker("o" if verdict.go else "X")
        self.dose_point.set_color(COLORS["green"] if verdict.go else COLORS["vermillion"])
        return {
            "dose_mg": dose,
            "daily_dose_mg": dose * units.HOURS_PER_DAY / tau_h,
            "go": verdict.go,
            "message": verdict.message,
            "tablets_needed": verdict.tablets_needed,
            "peak_occupancy": float(np.max(occ_projected)),
            "trough_occupancy": float(np.min(occ_projected)),
            "tablet_trough_occupancy": tablet_trough,
        }

    def readout_text(self, r: dict[str, Any]) -> str:
        colour = COLORS["green"] if r["go"] else COLORS["vermillion"]
        return (
            f"<b>Projected dose: {r['dose_mg']:.3g} mg</b> per administration "
            f"({r['daily_dose_mg']:.3g} mg/day); occupancy swings from "
            f"{100 * r['trough_occupancy']:.0f} % (trough) to {100 * r['peak_occupancy']:.0f} % (peak) "
            f"&nbsp;|&nbsp; <b style='color:{colour}'>{r['message']}</b> "
            f"&nbsp;|&nbsp; one largest tablet holds {100 * r['tablet_trough_occupancy']:.0f} % at trough"
        )
