"""Dose-scaling explorer: under linear kinetics a microdose profile scales to any dose."""

from __future__ import annotations

from typing import Any

import ipywidgets as ipw
import numpy as np

from .. import units
from ..pk import (
    auc_inf_mg_h_per_L,
    elimination_rate_constant_per_h,
    oral_conc_mg_per_L,
    rate_constant_to_half_life_h,
    scale_auc_to_dose,
)
from ..plotting import COLORS, LINESTYLES
from ._base import InteractiveFigure
from ._controls import log_slider

__all__ = ["DoseScalingExplorer"]

_TIME_GRID_H = np.linspace(0.0, 72.0, 289)
_WIDTH = "320px"  # of each control


class DoseScalingExplorer(InteractiveFigure):
    """Oral one-compartment profiles after a 100 µg microdose and after a chosen dose.

    Controls: the dose (mg), clearance CL (L/h) and volume V (L). Fixed class
    attributes: microdose 0.1 mg, k\\ :sub:`a` 1 /h, F 0.6.

    Left panel: both concentration-time curves on a log axis (ng/mL); they are
    parallel, a constant dose ratio apart. Right panel: the same curves divided
    by their dose; under linear kinetics they lie on top of each other. The
    read-out compares the AUC scaled from the microdose with the AUC of the
    model at the chosen dose.
    """

    figsize = (10.0, 4.4)
    microdose_mg = 0.1
    ka_per_h = 1.0
    bioavailability = 0.6

    def build_controls(self) -> dict[str, ipw.ValueWidget]:
        return {
            "dose_mg": log_slider("dose (mg)", value=100.0, min=-1, max=3, step=0.05, width=_WIDTH),
            "clearance_L_per_h": log_slider("CL (L/h)", value=7.0, min=0, max=2, step=0.02, width=_WIDTH),
            "volume_L": log_slider("V (L)", value=140.0, min=1, max=3, step=0.02, width=_WIDTH),
        }

    def build_figure(self) -> None:
        ax_c, ax_n = self.ax_conc, self.ax_norm = self.fig.subplots(1, 2)
        for ax in (ax_c, ax_n):
            ax.set_yscale("log")
            ax.set_xlim(_TIME_GRID_H[0], _TIME_GRID_H[-1])
            ax.set_xlabel("time after oral dose (h)")
            ax.set_xticks(np.arange(0, 73, 12))
        ax_c.set_ylim(1e-3, 1e5)
        ax_c.set_ylabel("plasma concentration\n(ng/mL, log scale)")
        ax_n.set_ylim(1e-3, 1e2)
        ax_n.set_ylabel("concentration ÷ dose\n(ng/mL per mg, log scale)")
        (self.micro_curve,) = ax_c.plot(
            [], [], color=COLORS["microdose"], ls=LINESTYLES["microdose"], label="microdose 0.1 mg"
        )
        (self.dose_curve,) = ax_c.plot(
            [], [], color=COLORS["therapeutic"], ls=LINESTYLES["therapeutic"], label="chosen dose"
        )
        (self.micro_norm,) = ax_n.plot(
            [], [], color=COLORS["microdose"], ls=LINESTYLES["microdose"], label="microdose ÷ 0.1 mg"
        )
        (self.dose_norm,) = ax_n.plot(
            [], [], color=COLORS["therapeutic"], ls=LINESTYLES["therapeutic"], label="chosen dose ÷ dose"
        )
        ax_c.legend(loc="upper right", frameon=False, fontsize=10)
        ax_n.legend(loc="upper right", frameon=False, fontsize=10)
        self.moving_artists = [self.micro_curve, self.dose_curve, self.micro_norm, self.dose_norm]

    def update(  # type: ignore[override]  # takes this widget's own controls by name
        self,
        *,
        dose_mg: float,
        clearance_L_per_h: float,
        volume_L: float,
    ) -> dict[str, Any]:
        """Recompute both profiles and AUCs, move the artists; returns the numbers shown."""
        micro = self.microdose_mg
        doses = np.array([[micro], [dose_mg]])
        conc = np.asarray(
            oral_conc_mg_per_L(_TIME_GRID_H, doses, volume_L, clearance_L_per_h, self.ka_per_h, self.bioavailability)
        )
        conc_ng = conc * units.NG_PER_ML_PER_MG_PER_L
        auc_micro = auc_inf_mg_h_per_L(micro, clearance_L_per_h, self.bioavailability)
        auc_dose = auc_inf_mg_h_per_L(dose_mg, clearance_L_per_h, self.bioavailability)
        auc_scaled = scale_auc_to_dose(auc_micro, micro, dose_mg)
        self.micro_curve.set_data(_TIME_GRID_H, conc_ng[0])
        self.dose_curve.set_data(_TIME_GRID_H, conc_ng[1])
        self.micro_norm.set_data(_TIME_GRID_H, conc_ng[0] / micro)
        self.dose_norm.set_data(_TIME_GRID_H, conc_ng[1] / dose_mg)
        k = elimination_rate_constant_per_h(clearance_L_per_h, volume_L)
        return {
            "auc_microdose_mg_h_per_L": float(auc_micro),
            "auc_dose_mg_h_per_L": float(auc_dose),
            "auc_scaled_mg_h_per_L": float(auc_scaled),
            "dose_ratio": dose_mg / micro,
            "half_life_h": float(rate_constant_to_half_life_h(k)),
        }

    def readout_text(self, r: dict[str, Any]) -> str:
        return (
            f"Dose ratio {r['dose_ratio']:.4g}× &nbsp;|&nbsp; microdose AUC "
            f"{r['auc_microdose_mg_h_per_L'] * units.NG_PER_ML_PER_MG_PER_L:.3g} ng·h/mL × {r['dose_ratio']:.4g} = "
            f"<b>{r['auc_scaled_mg_h_per_L']:.3g} mg·h/L</b>; model AUC at this dose "
            f"<b>{r['auc_dose_mg_h_per_L']:.3g} mg·h/L</b> &nbsp;|&nbsp; "
            f"t½ = {r['half_life_h']:.3g} h"
        )
