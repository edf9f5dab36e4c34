"""Counting simulator: repeated AMS measurements of a sample and of its blank.

An AMS measurement counts a fraction (the counting efficiency) of the ¹⁴C
atoms in a sample, and the number counted is a Poisson variable. The widget
simulates many repeated measurements of a plasma sample (drug-derived ¹⁴C plus
background) and of a blank (background only), draws both count distributions
and marks Currie's decision threshold and detection limit, so that a student
can see when a late, low sample stands out from the background and how the
spread of the counts shrinks as 1/√N.

Every number comes from :mod:`microdose.ams`; the random numbers come from a
fixed seed, so the same control values always give the same figure.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as ipw
import numpy as np
from matplotlib.ticker import MaxNLocator, StrMethodFormatter

from .. import units
from ..ams import (
    c14_atoms_per_mL,
    critical_level_counts,
    detection_limit_counts,
    expected_counts,
    is_detected,
    poisson_relative_precision,
    simulate_counts,
)
from ..plotting import COLORS, LINESTYLES
from ._base import InteractiveFigure
from ._controls import log_slider, slider

__all__ = ["CountingSimulator"]

_PERCENT = 100.0
_N_BINS = 60


def _bin_edges(lowest: float, highest: float) -> np.ndarray:
    """About ``_N_BINS`` bins of whole-count width spanning ``[lowest, highest]``.

    Edges sit at half-integers so that each bin holds whole counts.
    """
    width = max(1.0, float(np.ceil((highest - lowest + 1.0) / _N_BINS)))
    start = float(np.floor(lowest)) - 0.5
    return start + width * np.arange(_N_BINS + 1)


class CountingSimulator(InteractiveFigure):
    """Simulated AMS count distributions of a sample and its blank, with Currie limits.

    Controls
    --------
    conc_pg_per_mL : drug concentration in the plasma sample (log slider).
    sample_volume_uL : plasma volume put into the AMS (µL).
    efficiency_percent : fraction of the sample's ¹⁴C atoms that are counted (%).
    background_counts : expected blank counts collected in the same measurement.

    The tracer is fixed by two class attributes (override them in a subclass
    or on an instance before the first update): molar mass
    ``mw_g_per_mol = 500`` g/mol and specific activity
    ``specific_activity_Bq_per_mg = 37 000`` Bq/mg (3.7 kBq on 100 µg, i.e.
    100 nCi). Each update simulates ``n_measurements`` sample measurements,
    each paired with its own blank measurement (Currie's "paired blank"), and
    a second set of blanks to estimate the false-positive rate, all from the
    fixed seed ``seed``.

    Defaults: 0.5 pg/mL, 30 µL, 1 % efficiency, 25 background counts.

    Unlike the course's other widgets, the *x* axis is not fixed: the counts
    span seven decades across the controls, and on any fixed axis a large
    background (about 10⁶ ± 10³ counts for whole plasma) would collapse into a
    single line. The *x* limits and bins therefore follow the simulated counts;
    the *y* axis, all labels and the legend stay fixed, so the frozen layout
    of :class:`~microdose.widgets.InteractiveFigure` still holds, and redraws stay fast: only
    the histograms, the two limit lines and the *x* axis are redrawn over a
    cached background.
    """

    figsize = (8.5, 4.8)
    mw_g_per_mol = 500.0
    specific_activity_Bq_per_mg = 37_000.0
    n_measurements = 2000
    seed = 20_240_605

    def build_controls(self) -> dict[str, ipw.ValueWidget]:
        return {
            "conc_pg_per_mL": log_slider(
                "drug conc. (pg/mL)", value=0.5, min=-3, max=2, step=0.05, readout_format=".3g"
            ),
            "sample_volume_uL": slider(
                "sample volume (µL)", value=30.0, min=5.0, max=100.0, step=5.0, readout_format=".0f"
            ),
            "efficiency_percent": slider(
                "counting efficiency (%)", value=1.0, min=0.1, max=5.0, step=0.1, readout_format=".1f"
            ),
            "background_counts": log_slider(
                "background counts", value=25.0, min=0, max=7, step=0.05, readout_format=".3g"
            ),
        }

    def build_figure(self) -> None:
        ax = self.ax = self.fig.add_subplot()
        ax.set_ylim(0.0, 1.05)
        ax.set_xlabel("¹⁴C counts in one measurement (axis follows the counts)")
        ax.set_ylabel("how often (tallest bin = 1)")
        ax.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
        ax.xaxis.set_major_formatter(StrMethodFormatter("{x:,.0f}"))
        edges = _bin_edges(0.0, 100.0)
        zeros = np.zeros(_N_BINS)
        self.blank_hist = ax.stairs(
            zeros,
            edges,
            color=COLORS["background"],
            ls=LINESTYLES["background"],
            lw=2.2,
            label="blank (background only)",
        )
        self.sample_hist = ax.stairs(
            zeros, edges, color=COLORS["microdose"], ls="-", lw=2.2, label="plasma sample (drug + background)"
        )
        self.lc_line = ax.axvline(
            1.0, color=COLORS["limit"], ls=LINESTYLES["limit"], lw=2.4, label="decision threshold $B + L_C$"
        )
        self.ld_line = ax.axvline(1.0, color=COLORS["black"], ls="--", lw=1.4, label="detection limit $B + L_D$")
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=2, frameon=False)
        # the x axis follows the counts, so its ticks and grid are redrawn with the data
        self.moving_artists = [self.blank_hist, self.sample_hist, self.lc_line, self.ld_line, ax.xaxis]

    @staticmethod
    def _histogram(counts: np.ndarray, edges: np.ndarray) -> np.ndarray:
        """Counts per bin scaled so that the tallest bin is 1 (both shapes stay readable)."""
        hist, _ = np.histogram(counts, bins=edges)
        return hist / max(hist.max(), 1)

    def update(  # type: ignore[override]  # takes this widget's own controls by name
        self, *, conc_pg_per_mL: float, sample_volume_uL: float, efficiency_percent: float, background_counts: float
    ) -> dict[str, Any]:
        """Simulate the measurements, move the histograms and limit lines; return the numbers shown."""
        atoms = (
            float(c14_atoms_per_mL(conc_pg_per_mL, self.mw_g_per_mol, self.specific_activity_Bq_per_mg))
            * sample_volume_uL
            / units.UL_PER_ML
        )
        drug_counts = float(expected_counts(atoms, efficiency_percent / _PERCENT))
        b = float(background_counts)
        lc = float(critical_level_counts(b))
        ld = float(detection_limit_counts(b))

        rng = np.random.default_rng(self.seed)
        n = self.n_measurements
        sample = np.asarray(simulate_counts(drug_counts + b, rng=rng, size=n))
        paired_blank = np.asarray(simulate_counts(b, rng=rng, size=n))
        other_blank = np.asarray(simulate_counts(b, rng=rng, size=n))
        detected = np.asarray(is_detected(sample, paired_blank))
        false_positive = np.asarray(is_detected(other_blank, paired_blank))

        # The x axis follows the counts (they span 1 to 1e7 across the controls,
        # and on a fixed log axis a background of 1e6 +- 1e3 would be a single
        # line); the y axis and all labels stay fixed, so the frozen layout holds.
        lowest = min(sample.min(), paired_blank.min())
        highest = max(sample.max(), paired_blank.max(), b + ld)
        edges = _bin_edges(lowest, highest)
        self.sample_hist.set_data(self._histogram(sample, edges), edges)
        self.blank_hist.set_data(self._histogram(paired_blank, edges), edges)
        self.lc_line.set_xdata([b + lc, b + lc])
        self.ld_line.set_xdata([b + ld, b + ld])
        margin = 0.04 * (edges[-1] - edges[0])
        self.ax.set_xlim(edges[0] - margin, edges[-1] + margin)
        return {
            "c14_atoms_in_sample": atoms,
            "expected_drug_counts": drug_counts,
            "background_counts": b,
            "relative_precision_drug": float(poisson_relative_precision(drug_counts))
            if drug_counts > 0
            else float("inf"),
            "critical_level_counts": lc,
            "detection_limit_counts": ld,
            "above_detection_limit": drug_counts >= ld,
            "fraction_detected": float(detected.mean()),
            "false_positive_fraction": float(false_positive.mean()),
            "first_measurement_detected": bool(detected[0]),
        }

    def readout_text(self, r: dict[str, Any]) -> str:
        verdict = (
            "<b style='color:#009E73'>detected</b>"
            if r["first_measurement_detected"]
            else "<b style='color:#D55E00'>not detected</b>"
        )
        expectation = "above" if r["above_detection_limit"] else "below"
        return (
            f"¹⁴C atoms from the drug in the sample: {r['c14_atoms_in_sample']:.3g} &nbsp;|&nbsp; "
            f"expected counts: drug {r['expected_drug_counts']:.3g} + background "
            f"{r['background_counts']:.3g} &nbsp;|&nbsp; "
            f"counting precision of the drug signal 1/√N = {100 * r['relative_precision_drug']:.3g} %<br>"
            f"L<sub>C</sub> = {r['critical_level_counts']:.3g}, L<sub>D</sub> = "
            f"{r['detection_limit_counts']:.3g} net counts (drug signal {expectation} L<sub>D</sub>) "
            f"&nbsp;|&nbsp; first simulated measurement: {verdict} &nbsp;|&nbsp; "
            f"detected in {100 * r['fraction_detected']:.3g} % of {self.n_measurements} measurements "
            f"(false positives on blanks: {100 * r['false_positive_fraction']:.3g} %)"
        )
