"""Occupancy explorer: the binding hyperbola with microdose and therapeutic markers."""

from __future__ import annotations

from typing import Any

import ipywidgets as ipw
import numpy as np

from ..occupancy import fractional_occupancy, total_to_unbound_conc_nM
from ..plotting import COLORS, LINESTYLES
from ._base import InteractiveFigure
from ._controls import log_slider, slider

__all__ = ["OccupancyExplorer"]

_CONC_GRID_nM = np.logspace(-5, 5, 400)


class OccupancyExplorer(InteractiveFigure):
    """Occupancy θ = C_u/(C_u + K_d) against unbound concentration on a log axis.

    Controls: K_d (nM), fraction unbound, and the *total* plasma concentration
    after a microdose and after a therapeutic dose (nM). Defaults reproduce
    the course example: K_d 5 nM, f_u 0.1, totals 0.05 and 100 nM, i.e.
    unbound 0.005 and 10 nM.
    """

    figsize = (8.0, 4.2)

    def build_controls(self) -> dict[str, ipw.ValueWidget]:
        return {
            "kd_nM": log_slider("K_d (nM)", value=5.0, min=-2, max=3, step=0.05),
            "fraction_unbound": slider("fraction unbound", value=0.1, min=0.01, max=1.0, step=0.01),
            "microdose_total_nM": log_slider("microdose total (nM)", value=0.05, min=-4, max=1, step=0.05),
            "therapeutic_total_nM": log_slider("therapeutic total (nM)", value=100.0, min=-1, max=4, step=0.05),
        }

    def build_figure(self) -> None:
        ax = self.ax = self.fig.add_subplot()
        ax.set_xscale("log")
        ax.set_xlim(_CONC_GRID_nM[0], _CONC_GRID_nM[-1])
        ax.set_ylim(-2, 102)
        ax.set_xlabel("unbound concentration $C_u$ (nM, log scale)")
        ax.set_ylabel("receptor occupancy (%)")
        (self.curve,) = ax.plot([], [], color=COLORS["model"], label=r"$\theta = C_u/(C_u + K_d)$")
        self.kd_line = ax.axvline(1.0, color=COLORS["limit"], ls=LINESTYLES["limit"], label=r"$K_d$")
        (self.micro_point,) = ax.plot([], [], "o", ms=10, color=COLORS["microdose"], label="microdose")
        (self.ther_point,) = ax.plot([], [], "s", ms=10, color=COLORS["therapeutic"], label="therapeutic dose")
        self.micro_line = ax.axvline(1.0, color=COLORS["microdose"], ls=LINESTYLES["microdose"], lw=1)
        self.ther_line = ax.axvline(1.0, color=COLORS["therapeutic"], ls=LINESTYLES["therapeutic"], lw=1)
        ax.legend(loc="upper left", frameon=False)
        self.moving_artists = [
            self.curve,
            self.kd_line,
            self.micro_point,
            self.ther_point,
            self.micro_line,
            self.ther_line,
        ]

    def update(  # type: ignore[override]  # takes this widget's own controls by name
        self, *, kd_nM: float, fraction_unbound: float, microdose_total_nM: float, therapeutic_total_nM: float
    ) -> dict[str, Any]:
        """Recompute occupancies and move the artists; returns the displayed numbers."""
        cu_micro = float(total_to_unbound_conc_nM(microdose_total_nM, fraction_unbound))
        cu_ther = float(total_to_unbound_conc_nM(therapeutic_total_nM, fraction_unbound))
        occ_micro = float(fractional_occupancy(cu_micro, kd_nM))
        occ_ther = float(fractional_occupancy(cu_ther, kd_nM))
        self.curve.set_data(_CONC_GRID_nM, 100 * fractional_occupancy(_CONC_GRID_nM, kd_nM))
        self.kd_line.set_xdata([kd_nM, kd_nM])
        self.micro_point.set_data([cu_micro], [100 * occ_micro])
        self.ther_point.set_data([cu_ther], [100 * occ_ther])
        self.micro_line.set_xdata([cu_micro, cu_micro])
        self.ther_line.set_xdata([cu_ther, cu_ther])
        return {
            "unbound_microdose_nM": cu_micro,
            "unbound_therapeutic_nM": cu_ther,
            "occupancy_microdose": occ_micro,
            "occupancy_therapeutic": occ_ther,
            "kd_over_unbound_microdose": kd_nM / cu_micro if cu_micro > 0 else float("inf"),
        }

    def readout_text(self, r: dict[str, Any]) -> str:
        return (
            f"<b>Microdose</b>: C<sub>u</sub> = {r['unbound_microdose_nM']:.3g} nM → "
            f"occupancy {100 * r['occupancy_microdose']:.3g} % "
            f"(K<sub>d</sub> is {r['kd_over_unbound_microdose']:.3g}× higher) &nbsp;|&nbsp; "
            f"<b>Therapeutic</b>: C<sub>u</sub> = {r['unbound_therapeutic_nM']:.3g} nM → "
            f"occupancy {100 * r['occupancy_therapeutic']:.3g} %"
        )
