"""Library benchmark: prints timings; it is not a test and never fails on a slow machine.

Run with ``make benchmark`` (or ``python benchmarks/bench_library.py``).

1. Simulate 10,000 virtual subjects × 200 time points (one-compartment oral,
   log-normal between-subject variability), vectorised over subjects.
2. Michaelis–Menten IV bolus profile of 200 points: closed form (Lambert W)
   against the ODE solver, and their largest relative difference.
3. Full non-compartmental analysis of 1,000 profiles (15 samples each), batch
   and one profile at a time.
"""

from __future__ import annotations

import platform
import resource
import time

import numpy as np

from microdose import nca, nonlinear, pk


def best_of(func, repeats=5):
    """Best wall time of several runs, in seconds (less sensitive to noise than the mean)."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    rng = np.random.default_rng(20261123)
    print(f"Python {platform.python_version()} on {platform.machine()}, numpy {np.__version__}")

    # 1. virtual population
    n_subjects, n_times = 10_000, 200
    t = np.linspace(0.0, 48.0, n_times)
    cl = 10.0 * np.exp(rng.normal(0, 0.3, n_subjects))[:, None]
    vol = 70.0 * np.exp(rng.normal(0, 0.2, n_subjects))[:, None]
    ka = 1.2 * np.exp(rng.normal(0, 0.4, n_subjects))[:, None]
    seconds = best_of(lambda: pk.oral_conc_mg_per_L(t, 100.0, vol, cl, ka, 0.6))
    print(
        f"\n1. {n_subjects:,} subjects × {n_times} time points (oral, 1-compartment): "
        f"{seconds * 1e3:.1f} ms  ({n_subjects * n_times / seconds / 1e6:.1f} M concentrations/s)"
    )

    # 2. Michaelis–Menten: Lambert W vs ODE
    t_mm = np.linspace(0.0, 48.0, 200)
    args = dict(dose_mg=500.0, volume_L=50.0, vmax_mg_per_h=40.0, km_mg_per_L=2.0)
    t_w = best_of(lambda: nonlinear.mm_iv_bolus_conc_lambertw(t_mm, **args), repeats=20)
    t_ode = best_of(lambda: nonlinear.mm_iv_bolus_conc_ode(t_mm, **args), repeats=5)
    c_w = nonlinear.mm_iv_bolus_conc_lambertw(t_mm, **args)
    c_ode = nonlinear.mm_iv_bolus_conc_ode(t_mm, **args)
    rel = np.max(np.abs(c_w - c_ode) / c_w)
    print(f"\n2. Michaelis–Menten IV bolus, 200 points (C0/Km = {500 / 50 / 2:g}):")
    print(f"   Lambert W closed form: {t_w * 1e6:9.1f} µs")
    print(f"   ODE (solve_ivp)      : {t_ode * 1e6:9.1f} µs   ({t_ode / t_w:.0f}× slower)")
    print(f"   largest relative difference: {rel:.1e}")

    # 3. NCA of 1,000 profiles
    sample_t = np.array([0.25, 0.5, 1, 1.5, 2, 3, 4, 6, 8, 10, 12, 16, 24, 36, 48.0])
    n_prof = 1000
    conc = np.asarray(pk.oral_conc_mg_per_L(sample_t, 100.0, vol[:n_prof], cl[:n_prof], ka[:n_prof], 0.6))
    conc = conc * np.exp(rng.normal(0, 0.1, conc.shape))  # 10 % proportional assay error
    t_batch = best_of(lambda: nca.nca_many(sample_t, conc, dose=100.0), repeats=3)
    t_loop = best_of(lambda: [nca.nca(sample_t, row, dose=100.0) for row in conc], repeats=1)
    print(f"\n3. Full NCA of {n_prof:,} profiles × {sample_t.size} samples:")
    print(f"   nca_many (batch)      : {t_batch * 1e3:8.1f} ms")
    print(f"   nca one at a time     : {t_loop * 1e3:8.1f} ms")

    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\nPeak resident memory: {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main()
