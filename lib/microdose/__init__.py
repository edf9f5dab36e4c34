"""microdose: the library behind the course *Microdosing in Drug Development*.

Every lesson and exercise calls this package; the notebooks hold narrative,
figures and widgets, not copies of formulas.

Modules, by topic
-----------------
units        every unit conversion factor, once: UG_PER_MG, NG_PER_ML_PER_MG_PER_L, SECONDS_PER_JULIAN_YEAR ...
regulatory   what counts as a microdose (1/100 rule, 100 µg, 30 nmol; ICH M3(R2))
occupancy    receptor occupancy, unbound vs total, mass <-> molar concentration
pk           linear one-compartment PK: IV, oral, superposition, steady state
nonlinear    Michaelis–Menten saturation and mechanism-based enzyme inactivation
nca          non-compartmental analysis as standard NCA software does it
ams          ¹⁴C constants, atoms <-> Bq <-> dpm, background, Poisson counting
microtracer  IV ¹⁴C microtracer design: absolute bioavailability, CL, V
projection   dose for a target trough occupancy; go/no-go against a tablet limit
safety       radiation dose, everyday comparisons, risk and benefit–risk
pet          PET tracer doses, Kp,uu, occupancy from binding potential
scaling      allometric scaling and fold error (the 2-fold criterion)
decisions    cassette ranking and the Phase 0 → Phase I decision tree
simulation   simulated AMS measurements and repeated-study NCA (uncertainty)
massbalance  cumulative recovery, parent vs metabolites, MIST threshold, radio-chromatograms
selfcheck    answer checks that name the usual mistakes (units, ln vs log10, ...)
answerkey    self-checks for released problem sets: salted hashes, no readable answers
plotting     the course figure style (Okabe–Ito colours, projector-size fonts)
widgets      interactive figures for the lessons (import the submodules directly)
data         published numbers used by the lessons, one citation per row

Units convention
----------------
Units are part of every parameter and function name: ``dose_mg``,
``volume_L``, ``time_h``, ``kd_nM``, ``conc_pg_per_mL``. Where a name carries
no unit it is a dimensionless fraction between 0 and 1 (occupancy,
``fraction_unbound``, ``bioavailability``; never a percentage), or, in
:mod:`microdose.nca` only, an amount/concentration pair in any consistent
units, as in standard NCA software. Pharmacokinetic defaults are mg, L, h and
mg/L (= µg/mL). Bad input raises ``ValueError`` or ``TypeError`` naming the
parameter, its unit and the value received.

Conversion factors are never written as bare numbers: :mod:`microdose.units`
holds each one once, named ``<TO>_PER_<FROM>`` (``UG_PER_MG = 1000``, so
``dose_mg * UG_PER_MG`` is the dose in µg). Conversions between two forms of
a quantity are named ``x_to_y`` (``ng_per_mL_to_nM``, ``becquerel_to_dpm``,
``half_life_to_rate_constant_per_h``); no public name uses ``y_from_x``.
"""

from . import (
    ams,
    answerkey,
    decisions,
    massbalance,
    microtracer,
    nca,
    nonlinear,
    occupancy,
    pet,
    pk,
    plotting,
    projection,
    regulatory,
    safety,
    scaling,
    selfcheck,
    simulation,
    units,
)

__all__ = [
    "ams",
    "answerkey",
    "decisions",
    "massbalance",
    "microtracer",
    "nca",
    "nonlinear",
    "occupancy",
    "pet",
    "pk",
    "plotting",
    "projection",
    "regulatory",
    "safety",
    "scaling",
    "selfcheck",
    "simulation",
    "units",
]
__version__ = "0.1.0"
