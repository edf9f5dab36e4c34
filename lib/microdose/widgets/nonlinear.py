"""Explorers for non-linear pharmacokinetics: saturable elimination and auto-inactivation.

* :class:`SaturationExplorer` — Michaelis–Menten elimination after an IV bolus:
  how far the exposure at a therapeutic dose lies above the straight-line
  extrapolation from a 0.1 mg microdose.
* :class:`MechanismBasedInhibitionExplorer` — a drug that inactivates its own
  metabolising enzyme: clearance and trough concentration over days of once-daily
  dosing, against the linear prediction from the uninhibited clearance.

Every number comes from :mod:`microdose.nonlinear` and :mod:`microdose.pk`.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as ipw
import numpy as np

from .. import units
from ..nonlinear import (
    linear_extrapolation_error,
    mbi_exposure_ratio,
    mbi_repeated_dosing,
    mm_iv_bolus_auc,
    mm_iv_bolus_auc_per_dose,
    mm_iv_bolus_conc_lambertw,
)
from ..pk import multiple_dose_conc_mg_per_L, scale_auc_to_dose
from ..plotting import COLORS, LINESTYLES
from ._base import InteractiveFigure
from ._controls import int_slider, log_slider

__all__ = ["MechanismBasedInhibitionExplorer", "SaturationExplorer"]

_WIDTH = "320px"  # of each control

# Saturation explorer: dose axis (mg) and time axis (h), fixed for every control value.
_DOSE_GRID_MG = np.logspace(-2, np.log10(3000.0), 300)
_TIME_GRID_H = np.linspace(0.0, 48.0, 241)


class SaturationExplorer(InteractiveFigure):
    """Dose-normalised exposure under Michaelis–Menten elimination (IV bolus, one compartment).

    Controls: V\\ :sub:`max` (mg/h), K\\ :sub:`m` (mg/L) and the therapeutic dose
    (mg). The microdose (0.1 mg) and the volume (50 L) are fixed class
    attributes.

    Left panel: AUC/dose at each dose relative to AUC/dose at the microdose
    (log-log). A linear drug stays on the line at 1; the height of the
    therapeutic marker is ``1 + linear_extrapolation_error``. Right panel: the
    concentration-time curves of the two doses divided by their dose (log
    scale); under linear kinetics they would coincide.
    """

    figsize = (10.0, 4.4)
    #: microdose at which the AUC is "measured", mg
    microdose_mg = 0.1
    #: volume of distribution, L
    volume_L = 50.0

    def build_controls(self) -> dict[str, ipw.ValueWidget]:
        return {
            "vmax_mg_per_h": log_slider("Vmax (mg/h)", value=30.0, min=0.5, max=2.5, step=0.05, width=_WIDTH),
            "km_mg_per_L": log_slider("Km (mg/L)", value=3.0, min=-0.5, max=2.0, step=0.05, width=_WIDTH),
            "therapeutic_dose_mg": log_slider(
                "therapeutic dose (mg)", value=300.0, min=0.0, max=np.log10(3000.0), step=0.05, width=_WIDTH
            ),
        }

    def build_figure(self) -> None:
        ax_auc, ax_c = self.ax_auc, self.ax_conc = self.fig.subplots(1, 2)
        ax_auc.set_xscale("log")
        ax_auc.set_yscale("log")
        ax_auc.set_xlim(_DOSE_GRID_MG[0], _DOSE_GRID_MG[-1])
        ax_auc.set_ylim(0.7, 200.0)
        ax_auc.set_xlabel("dose (mg, log scale)")
        ax_auc.set_ylabel("AUC/dose ÷ microdose AUC/dose\n(log scale)")
        ax_auc.axhline(1.0, color=COLORS["model"], ls=LINESTYLES["limit"], lw=1.5, label="linear prediction")
        (self.auc_curve,) = ax_auc.plot([], [], color=COLORS["model"], ls=LINESTYLES["model"], label="Michaelis–Menten")
        self.km_line = ax_auc.axvline(1.0, color=COLORS["limit"], ls="-.", lw=1.2, label=r"dose giving $C_0 = K_m$")
        (self.micro_point,) = ax_auc.plot([], [], "o", ms=10, color=COLORS["microdose"], label="microdose")
        (self.ther_point,) = ax_auc.plot([], [], "s", ms=10, color=COLORS["therapeutic"], label="therapeutic dose")
        ax_auc.legend(loc="upper left", frameon=False, fontsize=10)

        ax_c.set_yscale("log")
        ax_c.set_xlim(_TIME_GRID_H[0], _TIME_GRID_H[-1])
        ax_c.set_ylim(1e-4, 0.2)
        ax_c.set_xlabel("time after IV bolus (h)")
        ax_c.set_ylabel("concentration ÷ dose\n(mg/L per mg, log scale)")
        (self.micro_curve,) = ax_c.plot(
            [], [], color=COLORS["microdose"], ls=LINESTYLES["microdose"], label="microdose (= linear prediction)"
        )
        (self.ther_curve,) = ax_c.plot(
            [], [], color=COLORS["therapeutic"], ls=LINESTYLES["therapeutic"], label="therapeutic dose"
        )
        ax_c.legend(loc="upper right", frameon=False, fontsize=10)
        self.moving_artists = [
            self.auc_curve,
            self.km_line,
            self.micro_point,
            self.ther_point,
            self.micro_curve,
            self.ther_curve,
        ]

    def update(  # type: ignore[override]  # takes this widget's own controls by name
        self,
        *,
        vmax_mg_per_h: float,
        km_mg_per_L: float,
        therapeutic_dose_mg: float,
    ) -> dict[str, Any]:
        """Recompute exposures and profiles, move the artists; returns the numbers shown."""
        micro, vol = self.microdose_mg, self.volume_L
        params = dict(volume_L=vol, vmax_mg_per_h=vmax_mg_per_h, km_mg_per_L=km_mg_per_L)
        per_dose = mm_iv_bolus_auc_per_dose(_DOSE_GRID_MG, **params)
        per_dose_micro = mm_iv_bolus_auc_per_dose(micro, **params)
        error = linear_extrapolation_error(micro, therapeutic_dose_mg, **params)
        auc_micro = mm_iv_bolus_auc(micro, **params)
        auc_true = mm_iv_bolus_auc(therapeutic_dose_mg, **params)
        auc_pred = scale_auc_to_dose(auc_micro, micro, therapeutic_dose_mg)
        profiles = mm_iv_bolus_conc_lambertw(_TIME_GRID_H, np.array([micro, therapeutic_dose_mg]), **params)

        self.auc_curve.set_data(_DOSE_GRID_MG, per_dose / per_dose_micro)
        self.km_line.set_xdata([km_mg_per_L * vol] * 2)
        self.micro_point.set_data([micro], [1.0])
        self.ther_point.set_data([therapeutic_dose_mg], [1.0 + error])
        self.micro_curve.set_data(_TIME_GRID_H, profiles[0] / micro)
        self.ther_curve.set_data(_TIME_GRID_H, profiles[1] / therapeutic_dose_mg)
        return {
            "extrapolation_error": float(error),
            "auc_microdose_mg_h_per_L": float(auc_micro),
            "auc_predicted_mg_h_per_L": float(auc_pred),
            "auc_true_mg_h_per_L": float(auc_true),
            "c0_over_km": therapeutic_dose_mg / vol / km_mg_per_L,
            "intrinsic_clearance_L_per_h": vmax_mg_per_h / km_mg_per_L,
        }

    def readout_text(self, r: dict[str, Any]) -> str:
        return (
            f"Therapeutic dose: C<sub>0</sub>/K<sub>m</sub> = {r['c0_over_km']:.3g} &nbsp;|&nbsp; "
            f"AUC scaled from the microdose {r['auc_predicted_mg_h_per_L']:.3g} mg·h/L, "
            f"true AUC {r['auc_true_mg_h_per_L']:.3g} mg·h/L &nbsp;→&nbsp; "
            f"<b>true exposure is {1 + r['extrapolation_error']:.3g}× the linear prediction</b> "
            f"({100 * r['extrapolation_error']:+.3g} % relative to the prediction)"
        )


class MechanismBasedInhibitionExplorer(InteractiveFigure):
    """Once-daily oral dosing of a drug that inactivates the enzyme that clears it.

    Controls: k\\ :sub:`inact` (1/h), K\\ :sub:`I` (µM), dose (mg) and number of
    days. The other parameters are class attributes (a hypothetical drug):
    V 100 L, CL\\ :sub:`0` 20 L/h, k\\ :sub:`a` 1 /h, F 0.5, f\\ :sub:`u` 0.1,
    MW 500 g/mol, f\\ :sub:`m` 0.9, CYP3A4 turnover (72 h degradation half-life,
    the library default).

    Left panel: clearance over time, with the uninhibited value CL\\ :sub:`0`
    (what a microdose measures) and the floor (1 − f\\ :sub:`m`)·CL\\ :sub:`0`.
    Right panel: the pre-dose trough concentration on each day, against the
    trough that the linear model (no inactivation) predicts.

    The ODE runs on every change (about 10–20 ms for 14–28 days with
    ``points_per_interval`` = 24); the sliders use ``continuous_update=False``
    so that a drag triggers one computation, on release.
    """

    figsize = (10.0, 4.4)
    volume_L = 100.0
    clearance_L_per_h = 20.0
    ka_per_h = 1.0
    bioavailability = 0.5
    fraction_unbound = 0.1
    mw_g_per_mol = 500.0
    fraction_metabolised = 0.9
    tau_h = 24.0
    #: output points per dosing interval (hourly); enough for the figure, keeps update fast
    points_per_interval = 24
    max_days = 28

    def build_controls(self) -> dict[str, ipw.ValueWidget]:
        common: dict[str, Any] = dict(width=_WIDTH, continuous_update=False)
        return {
            "kinact_per_h": log_slider("kinact (1/h)", value=1.0, min=-2, max=1, step=0.05, **common),
            "ki_uM": log_slider("KI (µM)", value=5.0, min=-1, max=2, step=0.05, **common),
            "dose_mg": log_slider("dose once daily (mg)", value=200.0, min=1, max=3, step=0.05, **common),
            "n_days": int_slider("days of dosing", value=14, min=1, max=self.max_days, step=1, **common),
        }

    def _fixed(self) -> dict[str, float]:
        return dict(
            volume_L=self.volume_L,
            clearance_L_per_h=self.clearance_L_per_h,
            ka_per_h=self.ka_per_h,
            bioavailability=self.bioavailability,
        )

    def build_figure(self) -> None:
        ax_cl, ax_tr = self.ax_cl, self.ax_trough = self.fig.subplots(1, 2)
        cl0 = self.clearance_L_per_h
        days = self.max_days + 0.5
        ax_cl.set_xlim(0.0, days)
        ax_cl.set_ylim(0.0, 1.1 * cl0)
        ax_cl.set_xlabel("time since first dose (days)")
        ax_cl.set_ylabel("clearance (L/h)")
        ax_cl.axhline(cl0, color=COLORS["microdose"], ls=LINESTYLES["microdose"], lw=1.5, label="$CL_0$ (microdose)")
        ax_cl.axhline(
            (1.0 - self.fraction_metabolised) * cl0,
            color=COLORS["limit"],
            ls=LINESTYLES["limit"],
            lw=1.5,
            label=r"floor $(1-f_m)\,CL_0$",
        )
        (self.cl_curve,) = ax_cl.plot(
            [], [], color=COLORS["therapeutic"], ls=LINESTYLES["therapeutic"], label="with inactivation"
        )
        ax_cl.legend(loc="lower right", bbox_to_anchor=(1.0, 0.11), frameon=False, fontsize=10)

        ax_tr.set_yscale("log")
        ax_tr.set_xlim(0.0, days)
        ax_tr.set_ylim(1e-4, 30.0)
        ax_tr.set_xlabel("day")
        ax_tr.set_ylabel("trough before next dose\n(mg/L, log scale)")
        (self.linear_trough,) = ax_tr.plot(
            [], [], "o", ls=LINESTYLES["microdose"], ms=5, color=COLORS["microdose"], label="linear prediction"
        )
        (self.trough,) = ax_tr.plot(
            [], [], "s", ls=LINESTYLES["therapeutic"], ms=5, color=COLORS["therapeutic"], label="with inactivation"
        )
        ax_tr.legend(loc="upper left", frameon=False, fontsize=10)
        self.moving_artists = [self.cl_curve, self.linear_trough, self.trough]

    def update(  # type: ignore[override]  # takes this widget's own controls by name
        self,
        *,
        kinact_per_h: float,
        ki_uM: float,
        dose_mg: float,
        n_days: int,
    ) -> dict[str, Any]:
        """Integrate the coupled drug–enzyme model and move the artists; returns the numbers shown."""
        n_days = int(n_days)
        res = mbi_repeated_dosing(
            dose_mg,
            self.tau_h,
            n_days,
            **self._fixed(),
            fraction_unbound=self.fraction_unbound,
            mw_g_per_mol=self.mw_g_per_mol,
            kinact_per_h=kinact_per_h,
            ki_uM=ki_uM,
            fraction_metabolised=self.fraction_metabolised,
            points_per_interval=self.points_per_interval,
        )
        day_end = np.arange(1, n_days + 1)
        # Oral superposition: at t = k·tau the k-th dose has not yet been absorbed,
        # so the value there is the trough of interval k.
        lin_trough = multiple_dose_conc_mg_per_L(
            day_end * self.tau_h,
            res.dose_times_h,
            dose_mg,
            ka_per_h=self.ka_per_h,
            bioavailability=self.bioavailability,
            volume_L=self.volume_L,
            clearance_L_per_h=self.clearance_L_per_h,
        )
        self.cl_curve.set_data(res.time_h / units.HOURS_PER_DAY, res.clearance_L_per_h)
        self.linear_trough.set_data(day_end, lin_trough)
        self.trough.set_data(day_end, res.trough_mg_per_L)
        cl_end = float(res.clearance_L_per_h[-1])
        return {
            "clearance_end_L_per_h": cl_end,
            "clearance_fall": 1.0 - cl_end / self.clearance_L_per_h,
            "enzyme_fraction_end": float(res.enzyme_fraction[-1]),
            "auc_ratio_first_day": mbi_exposure_ratio(res, 0),
            "auc_ratio_last_day": mbi_exposure_ratio(res, -1),
            "trough_last_mg_per_L": float(res.trough_mg_per_L[-1]),
            "linear_trough_last_mg_per_L": float(lin_trough[-1]),
            "n_days": n_days,
        }

    def readout_text(self, r: dict[str, Any]) -> str:
        return (
            f"After {r['n_days']} day(s): clearance {r['clearance_end_L_per_h']:.3g} L/h "
            f"(<b>{100 * r['clearance_fall']:.3g} % below</b> CL<sub>0</sub> = "
            f"{self.clearance_L_per_h:g} L/h) &nbsp;|&nbsp; AUC over the last day = "
            f"<b>{r['auc_ratio_last_day']:.3g}×</b> the linear prediction "
            f"(day 1: {r['auc_ratio_first_day']:.3g}×)"
        )
