"""MicrodoseStudyExplorer: one simulated AMS microdose study and the spread of its NCA.

The true profile is the oral one-compartment profile of Lesson 2.1 (100 µg,
CL 6 L/h, V 100 L, ka 1 /h, F 0.5). The controls set how the AMS laboratory
measures it (sample volume, counting efficiency, background); the figure
shows one simulated study against the truth with the laboratory's reporting
limit (the LLOQ, Currie's quantification limit L_Q: results below it are
reported as BLQ, :func:`microdose.simulation.reporting_limit_counts`), and the
read-out gives its NCA estimates and the central 95 % of CL/F and t½ over
repeated simulated studies (:func:`microdose.simulation.repeat_study_nca`).
"""

from __future__ import annotations

from typing import Any

import ipywidgets as ipw
import numpy as np

from .. import pk, units
from .. import simulation as sim
from ..plotting import COLORS, LINESTYLES
from ._base import InteractiveFigure
from ._controls import log_slider

__all__ = ["MicrodoseStudyExplorer"]

_DOSE_UG = 100.0
_MW = 400.0
_SA_BQ_PER_MG = 3700.0 / (_DOSE_UG / units.UG_PER_MG)
_TRUE = dict(volume_L=100.0, clearance_L_per_h=6.0, ka_per_h=1.0, bioavailability=0.5)
_T_H = np.array([0.5, 1, 1.5, 2, 3, 4, 6, 8, 12, 24, 36, 48, 72, 96, 120, 168.0])
_T_FINE = np.linspace(0.0, 168.0, 841)
_N_REPEATS = 300
_SEED = 2101
_CLF_TRUE = _TRUE["clearance_L_per_h"] / _TRUE["bioavailability"]
_T_HALF_TRUE = pk.rate_constant_to_half_life_h(
    pk.elimination_rate_constant_per_h(_TRUE["clearance_L_per_h"], _TRUE["volume_L"])
)


class MicrodoseStudyExplorer(InteractiveFigure):
    """Sample volume, efficiency and background -> one study, its NCA and the spread of repeats."""

    figsize = (8.5, 4.4)

    def build_controls(self) -> dict[str, ipw.ValueWidget]:
        return {
            "sample_volume_uL": log_slider(
                "sample volume (µL)", value=10.0, min=0, max=2, step=0.05, readout_format=".3g"
            ),
            "efficiency_percent": log_slider(
                "counting efficiency (%)", value=0.1, min=-2, max=0, step=0.05, readout_format=".3g"
            ),
            "background_counts": log_slider(
                "background counts", value=50.0, min=0, max=5, step=0.05, readout_format=".3g"
            ),
        }

    def build_figure(self) -> None:
        self.conc_true = pk.oral_conc_mg_per_L(_T_H, _DOSE_UG / units.UG_PER_MG, **_TRUE) * units.PG_PER_ML_PER_MG_PER_L
        fine = (
            np.asarray(pk.oral_conc_mg_per_L(_T_FINE, _DOSE_UG / units.UG_PER_MG, **_TRUE))
            * units.PG_PER_ML_PER_MG_PER_L
        )
        ax = self.ax = self.fig.add_subplot()
        ax.set_yscale("log")
        ax.set_ylim(1e-2, 2e3)
        ax.set_xlim(-2.0, 172.0)
        ax.set_xlabel("time after the oral microdose (h)")
        ax.set_ylabel("parent drug (pg/mL, log scale)")
        ax.plot(_T_FINE[1:], fine[1:], color=COLORS["model"], ls=LINESTYLES["model"], lw=1.5, label="true profile")
        (self.points,) = ax.plot([], [], "o", color=COLORS["microdose"], ms=7, label="one simulated study")
        self.lloq_line = ax.axhline(
            1.0,
            color=COLORS["limit"],
            ls=LINESTYLES["limit"],
            lw=2.0,
            label="LLOQ (Currie L_Q): lower results reported as BLQ",
        )
        ax.legend(loc="upper right", fontsize=10)
        self.moving_artists = [self.points, self.lloq_line]

    def update(  # type: ignore[override]  # takes this widget's own controls by name
        self,
        *,
        sample_volume_uL: float,
        efficiency_percent: float,
        background_counts: float,
    ) -> dict[str, Any]:
        settings: dict[str, Any] = dict(
            mw_g_per_mol=_MW,
            specific_activity_Bq_per_mg=_SA_BQ_PER_MG,
            sample_volume_uL=float(sample_volume_uL),
            counting_efficiency=float(efficiency_percent) / 100.0,
        )
        sens = sim.ams_sensitivity_counts_per_pg_per_mL(**settings)
        rep = sim.repeat_study_nca(
            _T_H,
            self.conc_true,
            _DOSE_UG,
            n_studies=_N_REPEATS,
            **settings,
            background_counts=float(background_counts),
            rng=_SEED,
        )
        one = rep["conc_pg_per_mL"][0]
        shown = one > 0
        self.points.set_data(_T_H[shown], one[shown])
        lloq_pg_per_mL = float(sim.reporting_limit_counts(float(background_counts)) / sens)
        self.lloq_line.set_ydata([lloq_pg_per_mL, lloq_pg_per_mL])
        clf = self._interval(rep["clearance_L_per_h"])
        thalf = self._interval(rep["half_life_h"])
        return {
            "sensitivity_counts_per_pg_per_mL": float(sens),
            "lloq_pg_per_mL": float(lloq_pg_per_mL),
            "n_blq": int(np.sum(~shown)),
            "clearance_L_per_h": float(rep["clearance_L_per_h"][0]),
            "half_life_h": float(rep["half_life_h"][0]),
            "clearance_interval_L_per_h": (clf["low"], clf["high"]),
            "half_life_interval_h": (thalf["low"], thalf["high"]),
            "n_failed_fits": int(thalf["n_failed"]),
        }

    @staticmethod
    def _interval(values: np.ndarray) -> dict[str, float]:
        """Percentile interval, or NaNs when no replicate gave an estimate."""
        if np.isfinite(values).any():
            return sim.percentile_interval(values)
        return {"low": np.nan, "median": np.nan, "high": np.nan, "n_failed": int(values.size)}

    def readout_text(self, r: dict[str, Any]) -> str:
        return (
            f"LLOQ <b>{r['lloq_pg_per_mL']:.3g} pg/mL</b>; "
            f"{r['n_blq']} samples BLQ. This study: CL/F = {r['clearance_L_per_h']:.3g} L/h, "
            f"t½ = {r['half_life_h']:.3g} h. Over {_N_REPEATS} simulated repeats, central 95 %: "
            f"CL/F {r['clearance_interval_L_per_h'][0]:.3g}–{r['clearance_interval_L_per_h'][1]:.3g} L/h, "
            f"t½ {r['half_life_interval_h'][0]:.3g}–{r['half_life_interval_h'][1]:.3g} h "
            f"(true {_CLF_TRUE:.3g} L/h, {_T_HALF_TRUE:.3g} h)"
        )
