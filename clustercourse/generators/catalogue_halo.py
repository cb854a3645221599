"""Synthetic stellar halo of lab 5: accreted satellites with known membership.

The lab follows a student report on the public 10 % sample of the Helmi &
de Zeeuw (2000) simulation (33 satellites disrupted in a Milky-Way halo). That
file is not redistributable from a package registry, so this module builds a
catalogue with the same columns and the same lesson, from first principles:
stars that came in together stay together in the integrals of motion
``(E, Lz, Lperp)`` while they mix in the 6-D phase space ``(x, v)``.

The model
---------
1. **Potential.** The static halo + disc + bulge of Helmi & de Zeeuw (2000)
   (:class:`~clustercourse.generators.catalogue_potential.MilkyWayPotential`):
   logarithmic halo ``v_h = 131.5 km/s``, ``d = 12 kpc``; Miyamoto-Nagai disc
   ``M = 1e11 Msun``, ``a = 6.5 kpc``, ``b = 0.26 kpc``; Hernquist bulge
   ``M = 3.4e10 Msun``, ``c = 0.7 kpc``. Circular speed 224 km/s at 8 kpc.
2. **Satellites.** :data:`N_SATELLITES` satellites, each with

   - a richness weight, log-uniform over a factor :data:`RICHNESS_RANGE`
     (the star counts are the weights times ``n_stars``, rounded by largest
     remainder so that they add up to ``n_stars`` exactly);
   - an accretion time ``t_acc`` uniform in :data:`ACCRETION_GYR` (Gyr ago);
   - an initial centre at a distance uniform in :data:`START_RADIUS_KPC`,
     in an isotropic direction, moving in an isotropic direction at a
     fraction uniform in :data:`SPEED_FRACTION` of the local circular speed;
   - a size ``sigma_pos`` and a velocity dispersion ``sigma_vel`` that grow
     as the cube root of the richness (:data:`SIGMA_POS_KPC`,
     :data:`SIGMA_VEL_KMS`), like a dwarf galaxy's.

   The centre's orbit is integrated for ``t_acc`` with a fine step; a
   satellite whose centre comes closer than :data:`MIN_PERICENTRE_KPC` to the
   Galactic centre is rejected and drawn again (plunging orbits through the
   bulge are where a leapfrog loses energy, and the lab does not need them).
3. **Stars.** Each satellite's stars are a Gaussian cloud around its centre,
   isotropic with ``sigma_pos`` in position and ``sigma_vel`` in velocity.
   They are released at ``t_acc`` as test particles: no self-gravity, so the
   cloud disrupts at once and its debris spreads along the orbit.
4. **Integration.** All stars are integrated together, to the present, by a
   vectorised kick-drift-kick leapfrog
   (:func:`~clustercourse.generators.catalogue_potential.leapfrog`) in float64.
   Each satellite has its own step, :data:`STEP_ETA` times the shortest
   dynamical time ``r / |v|`` met along its centre's orbit, clipped to
   :data:`STEP_MYR`; its number of steps is ``ceil(t_acc / step)``.
5. **Catalogue.** ``E = Phi + |v|^2 / 2``, ``Lz = x vy - y vx`` and
   ``Lperp = sqrt(Lx^2 + Ly^2)`` are computed from the final positions and
   velocities; the rows are shuffled.

Randomness
----------
One :class:`numpy.random.Generator` made from ``seed`` draws, in this order,
the satellites (which never depends on ``n_stars``), then one child generator
per satellite (:meth:`numpy.random.Generator.spawn`) for its stars, then the
shuffle. So ``generate(n, seed)`` with a smaller ``n`` has the same satellites
on the same orbits, and each satellite's stars are the first stars it has in
the full catalogue: same statistics, fewer stars.

What the model leaves out
-------------------------
It is a teaching catalogue, not a simulation of the Milky Way. The satellites
have no self-gravity and feel no dynamical friction; the potential is static
(no growth of the halo or disc, no bar, no interaction between satellites);
the stars have no ages, masses or metallicities; the satellites' parameters
are drawn from simple distributions chosen for the lab, not from cosmology.

Run ``python -m clustercourse.generators.catalogue_halo`` to rewrite
``data/catalogue_halo.csv.gz``, ``data/catalogue_halo.sha256`` and
``data/catalogue_halo_satellites.json``; the output is byte-identical from run to run
on the same platform.
"""

import gzip
import hashlib
import io
import json
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..datasets import HALO_IOM, HALO_PHASE_SPACE
from ..datasets import data_dir
from .catalogue_potential import GYR, MilkyWayPotential, leapfrog

#: The seed of the committed ``data/catalogue_halo.csv.gz``.
SEED = 20000657

#: Stars in the committed catalogue.
N_STARS = 300_000

#: Satellites in the committed catalogue.
N_SATELLITES = 30

#: Ratio of the largest to the smallest richness weight (log-uniform).
RICHNESS_RANGE = 10.0

#: Accretion times, Gyr before the present (uniform).
ACCRETION_GYR = (2.0, 10.0)

#: Initial galactocentric distance of a satellite's centre, kpc (uniform).
START_RADIUS_KPC = (8.0, 40.0)

#: Initial speed as a fraction of the circular speed at that distance (uniform).
SPEED_FRACTION = (0.4, 1.0)

#: Satellites whose centre comes closer than this are drawn again, kpc.
MIN_PERICENTRE_KPC = 4.0

#: Size and velocity dispersion of the poorest satellite (kpc, km/s); both grow
#: as the cube root of the richness (by 10**(1/3) = 2.15 over the full range).
SIGMA_POS_KPC = 0.6
SIGMA_VEL_KMS = 9.0

#: A satellite's step is STEP_ETA times the shortest r / |v| along its orbit...
STEP_ETA = 0.05
#: ... clipped to this range, Myr.
STEP_MYR = (0.25, 2.0)

#: Step used to follow the satellites' centres when drawing them, Myr.
ORBIT_STEP_MYR = 0.5

#: The catalogue's columns, in order.
COLUMNS = HALO_IOM + HALO_PHASE_SPACE + ["satellite"]

#: Float format of the CSV file (6 significant digits).
FLOAT_FORMAT = "%.6g"

FILENAME = "catalogue_halo.csv.gz"
CHECKSUM_FILENAME = "catalogue_halo.sha256"
SATELLITES_FILENAME = "catalogue_halo_satellites.json"


@dataclass(frozen=True)
class HaloSimulation:
    """Everything a run of :func:`simulate` produced.

    Attributes
    ----------
    catalogue : DataFrame of shape (n_stars, 10)
        Columns :data:`COLUMNS`; one row per star, shuffled.
    satellites : DataFrame of shape (n_satellites, 16)
        One row per satellite (index = ``satellite`` label): ``n_stars``,
        ``weight``, ``t_acc_gyr``, initial centre ``x0 y0 z0 vx0 vy0 vz0``,
        ``sigma_pos``, ``sigma_vel``, ``r_peri``, ``r_apo`` (kpc, of the
        centre's orbit), ``min_r_over_v`` (Myr), ``step_myr``, ``n_steps``.
    energy_initial : ndarray of shape (n_stars,)
        Each star's energy at its release, aligned with the catalogue's rows;
        ``catalogue["E"]`` is its energy today, so the two measure the
        integrator's energy error.
    Lz_initial : ndarray of shape (n_stars,)
        The same for ``Lz``.
    seconds : float
        Wall-clock time of the run.
    """

    catalogue: pd.DataFrame
    satellites: pd.DataFrame
    energy_initial: np.ndarray
    Lz_initial: np.ndarray
    seconds: float

    def relative_energy_error(self):
        """``(E_today - E_release) / |E_release|`` per star, shape (n_stars,)."""
        return (self.catalogue["E"].to_numpy() - self.energy_initial) / np.abs(
            self.energy_initial)


def integrals_of_motion(pos, vel, potential=None):
    """Energy, ``Lz`` and ``Lperp`` of stars.

    Parameters
    ----------
    pos : ndarray of shape (3, n_stars)
        Positions ``x, y, z`` in kpc.
    vel : ndarray of shape (3, n_stars)
        Velocities ``vx, vy, vz`` in km/s.
    potential : MilkyWayPotential, optional
        Default: the Helmi & de Zeeuw (2000) potential.

    Returns
    -------
    E : ndarray of shape (n_stars,)
        ``Phi + |v|^2 / 2`` in (km/s)^2.
    Lz : ndarray of shape (n_stars,)
        ``x vy - y vx`` in kpc km/s.
    Lperp : ndarray of shape (n_stars,)
        ``sqrt(Lx^2 + Ly^2)`` in kpc km/s.
    """
    potential = potential or MilkyWayPotential()
    x, y, z = np.asarray(pos, dtype=float)
    vx, vy, vz = np.asarray(vel, dtype=float)
    E = potential.energy(x, y, z, vx, vy, vz)
    Lx = y * vz - z * vy
    Ly = z * vx - x * vz
    Lz = x * vy - y * vx
    return E, Lz, np.hypot(Lx, Ly)


def star_counts(weights, n_stars):
    """Split ``n_stars`` among satellites in proportion to ``weights``.

    Largest-remainder rounding: the counts add up to ``n_stars`` exactly and
    each differs from ``n_stars * weight / sum(weights)`` by less than one.

    Parameters
    ----------
    weights : ndarray of shape (n_satellites,)
        Positive richness weights.
    n_stars : int
        Total number of stars.

    Returns
    -------
    counts : ndarray of int of shape (n_satellites,)
    """
    weights = np.asarray(weights, dtype=float)
    if weights.ndim != 1 or weights.size == 0 or not np.all(weights > 0):
        raise ValueError(f"weights must be a non-empty 1-D array of positive numbers; got {weights!r}")
    if int(n_stars) != n_stars or n_stars < 0:
        raise ValueError(f"n_stars must be a non-negative integer; got {n_stars!r}")
    quota = n_stars * weights / weights.sum()
    counts = np.floor(quota).astype(int)
    short = int(n_stars) - counts.sum()
    # ties broken by the satellite's label, so the result is deterministic
    counts[np.argsort(-(quota - counts), kind="stable")[:short]] += 1
    return counts


def _orbit_summary(potential, pos, vel, t_end, dt):
    """Pericentre, apocentre and shortest ``r / |v|`` of a few orbits.

    A plain leapfrog over a handful of particles, recording the extremes at
    every step.

    Parameters
    ----------
    pos, vel : ndarray of shape (3, n)
    t_end : ndarray of shape (n,)
        Integration time of each orbit, kpc / (km/s).
    dt : float
        Step, kpc / (km/s).

    Returns
    -------
    r_peri, r_apo, min_r_over_v : ndarray of shape (n,)
        kpc, kpc and kpc / (km/s).
    """
    x, y, z = (c.astype(float).copy() for c in pos)
    vx, vy, vz = (c.astype(float).copy() for c in vel)
    n_steps = np.ceil(t_end / dt).astype(int)

    def radius_speed():
        return np.sqrt(x * x + y * y + z * z), np.sqrt(vx * vx + vy * vy + vz * vz)

    r, v = radius_speed()
    r_peri, r_apo, r_over_v = r.copy(), r.copy(), r / v
    ax, ay, az = potential.acceleration(x, y, z)
    for k in range(int(n_steps.max())):
        live = k < n_steps
        h = np.where(live, dt, 0.0)
        vx += 0.5 * h * ax
        vy += 0.5 * h * ay
        vz += 0.5 * h * az
        x += h * vx
        y += h * vy
        z += h * vz
        ax, ay, az = potential.acceleration(x, y, z)
        vx += 0.5 * h * ax
        vy += 0.5 * h * ay
        vz += 0.5 * h * az
        r, v = radius_speed()
        r_peri = np.where(live, np.minimum(r_peri, r), r_peri)
        r_apo = np.where(live, np.maximum(r_apo, r), r_apo)
        r_over_v = np.where(live, np.minimum(r_over_v, r / v), r_over_v)
    return r_peri, r_apo, r_over_v


def _isotropic(rng, n):
    """``n`` unit vectors in uniformly random directions, shape (3, n)."""
    u = rng.standard_normal((3, n))
    return u / np.linalg.norm(u, axis=0)


def draw_satellites(rng, n_satellites=N_SATELLITES, potential=None):
    """Draw the satellites: richness, accretion time, orbit, size, step.

    Candidates are drawn in batches of ``n_satellites`` and kept in order
    until ``n_satellites`` have a pericentre of at least
    :data:`MIN_PERICENTRE_KPC`; nothing here depends on the number of stars.

    Parameters
    ----------
    rng : numpy.random.Generator
    n_satellites : int, default=N_SATELLITES
    potential : MilkyWayPotential, optional

    Returns
    -------
    satellites : DataFrame of shape (n_satellites, 15)
        See :class:`HaloSimulation` (all but ``n_stars``).
    """
    if int(n_satellites) != n_satellites or n_satellites < 1:
        raise ValueError(f"n_satellites must be a positive integer; got {n_satellites!r}")
    n_satellites = int(n_satellites)
    potential = potential or MilkyWayPotential()
    kept = []
    n_kept = 0
    while n_kept < n_satellites:
        n = n_satellites
        # 1. when, how rich, how big
        t_acc = rng.uniform(*ACCRETION_GYR, size=n)
        weight = np.exp(rng.uniform(0.0, np.log(RICHNESS_RANGE), size=n))
        scale = np.cbrt(weight)
        # 2. where, how fast
        r0 = rng.uniform(*START_RADIUS_KPC, size=n)
        pos0 = r0 * _isotropic(rng, n)
        speed = rng.uniform(*SPEED_FRACTION, size=n) * potential.circular_velocity(r0)
        vel0 = speed * _isotropic(rng, n)
        # 3. follow the centre to the present; keep orbits that avoid the bulge
        r_peri, r_apo, r_over_v = _orbit_summary(
            potential, pos0, vel0, t_acc / GYR, ORBIT_STEP_MYR * 1e-3 / GYR)
        batch = pd.DataFrame({
            "weight": weight, "t_acc_gyr": t_acc,
            "x0": pos0[0], "y0": pos0[1], "z0": pos0[2],
            "vx0": vel0[0], "vy0": vel0[1], "vz0": vel0[2],
            "sigma_pos": SIGMA_POS_KPC * scale, "sigma_vel": SIGMA_VEL_KMS * scale,
            "r_peri": r_peri, "r_apo": r_apo,
            "min_r_over_v": r_over_v * GYR * 1e3,
        })
        batch = batch[batch["r_peri"] >= MIN_PERICENTRE_KPC]
        kept.append(batch)
        n_kept += len(batch)
    sats = pd.concat(kept, ignore_index=True).iloc[:n_satellites].copy()
    step = np.clip(STEP_ETA * sats["min_r_over_v"], *STEP_MYR)
    sats["n_steps"] = np.ceil(sats["t_acc_gyr"] * 1e3 / step).astype(int)
    # the step that makes n_steps land exactly on the present
    sats["step_myr"] = sats["t_acc_gyr"] * 1e3 / sats["n_steps"]
    sats.index.name = "satellite"
    return sats


def simulate(n_stars=N_STARS, seed=SEED, *, n_satellites=N_SATELLITES, potential=None):
    """Draw the satellites and their stars, and integrate the stars to today.

    Parameters
    ----------
    n_stars : int, default=N_STARS
        Total number of stars (>= n_satellites).
    seed : int, default=SEED
    n_satellites : int, default=N_SATELLITES
    potential : MilkyWayPotential, optional
        Default: the Helmi & de Zeeuw (2000) potential.

    Returns
    -------
    HaloSimulation
    """
    if int(n_stars) != n_stars or n_stars < n_satellites:
        raise ValueError(
            f"n_stars must be an integer >= n_satellites={n_satellites}; got {n_stars!r}")
    start = time.perf_counter()
    potential = potential or MilkyWayPotential()
    rng = np.random.default_rng(seed)

    # 1. the satellites (independent of n_stars)
    sats = draw_satellites(rng, n_satellites, potential)
    sats.insert(0, "n_stars", star_counts(sats["weight"].to_numpy(), int(n_stars)))

    # 2. each satellite's stars from its own child generator
    label = np.repeat(sats.index.to_numpy(), sats["n_stars"])
    pos = np.empty((3, int(n_stars)))
    vel = np.empty((3, int(n_stars)))
    first = 0
    for (s, sat), child in zip(sats.iterrows(), rng.spawn(len(sats))):
        m = int(sat["n_stars"])
        cloud = child.standard_normal((m, 6))
        pos[:, first:first + m] = (sat[["x0", "y0", "z0"]].to_numpy(float)[:, None]
                                   + sat["sigma_pos"] * cloud[:, :3].T)
        vel[:, first:first + m] = (sat[["vx0", "vy0", "vz0"]].to_numpy(float)[:, None]
                                   + sat["sigma_vel"] * cloud[:, 3:].T)
        first += m
    E0, Lz0, _ = integrals_of_motion(pos, vel, potential)

    # 3. integrate every star from its satellite's accretion to today
    dt = (sats["step_myr"].to_numpy() * 1e-3 / GYR)[label]
    leapfrog(potential, pos, vel, dt, sats["n_steps"].to_numpy()[label])

    # 4. the catalogue, shuffled
    E, Lz, Lperp = integrals_of_motion(pos, vel, potential)
    table = pd.DataFrame({"E": E, "Lz": Lz, "Lperp": Lperp,
                          "x": pos[0], "y": pos[1], "z": pos[2],
                          "vx": vel[0], "vy": vel[1], "vz": vel[2],
                          "satellite": label})
    order = rng.permutation(int(n_stars))
    table = table.iloc[order].reset_index(drop=True)
    return HaloSimulation(catalogue=table[COLUMNS], satellites=sats,
                          energy_initial=E0[order], Lz_initial=Lz0[order],
                          seconds=time.perf_counter() - start)


def generate(n_stars=N_STARS, seed=SEED, **kwargs):
    """The halo catalogue: integrals of motion, phase space and true satellite.

    Parameters
    ----------
    n_stars : int, default=N_STARS
    seed : int, default=SEED
    **kwargs
        Passed to :func:`simulate`.

    Returns
    -------
    catalogue : DataFrame of shape (n_stars, 10)
        Columns ``E`` ((km/s)^2), ``Lz``, ``Lperp`` (kpc km/s), ``x, y, z``
        (kpc), ``vx, vy, vz`` (km/s) and ``satellite`` (int label, 0-based).
    """
    return simulate(n_stars, seed, **kwargs).catalogue


def to_csv_gz(table):
    """The bytes of ``table`` as gzipped CSV, reproducibly.

    Floats are written with :data:`FLOAT_FORMAT`, lines end in ``\\n`` and the
    gzip header holds no file name and a zero time stamp.

    Parameters
    ----------
    table : DataFrame

    Returns
    -------
    data : bytes
    """
    text = table.to_csv(index=False, float_format=FLOAT_FORMAT, lineterminator="\n")
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0,
                       compresslevel=9) as f:
        f.write(text.encode("ascii"))
    return buffer.getvalue()


def sha256(path):
    """Hex SHA-256 of the file at ``path``."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def write(path=None, *, n_stars=N_STARS, seed=SEED):
    """Simulate the catalogue and write it with its checksum and satellites.

    Parameters
    ----------
    path : str or Path, optional
        The ``.csv.gz`` file; default ``data/catalogue_halo.csv.gz``. The
        checksum (``catalogue_halo.sha256``) and the satellites' parameters
        (``catalogue_halo_satellites.json``) are written in the same folder.
    n_stars : int, default=N_STARS
    seed : int, default=SEED

    Returns
    -------
    sim : HaloSimulation
    """
    path = Path(path) if path is not None else data_dir() / FILENAME
    sim = simulate(n_stars, seed)
    data = to_csv_gz(sim.catalogue)
    path.write_bytes(data)
    digest = hashlib.sha256(data).hexdigest()
    (path.parent / CHECKSUM_FILENAME).write_text(f"{digest}  {path.name}\n")
    dE = np.abs(sim.relative_energy_error())
    provenance = {
        "generator": "clustercourse.generators.catalogue_halo",
        "seed": int(seed),
        "n_stars": int(n_stars),
        "units": {"t_acc_gyr": "Gyr before today", "x0 y0 z0": "kpc",
                  "vx0 vy0 vz0": "km/s", "sigma_pos": "kpc", "sigma_vel": "km/s",
                  "r_peri r_apo": "kpc", "min_r_over_v step_myr": "Myr",
                  "weight": "relative richness"},
        "energy_error": {"median_abs_dE_over_E": float(np.median(dE)),
                         "fraction_above_1e-2": float(np.mean(dE > 1e-2)),
                         "max_abs_dE_over_E": float(dE.max())},
        "satellites": json.loads(sim.satellites.reset_index().to_json(
            orient="records", double_precision=10)),
    }
    (path.parent / SATELLITES_FILENAME).write_text(json.dumps(provenance, indent=1) + "\n")
    return sim


def main():
    start = time.perf_counter()
    sim = write()
    path = data_dir() / FILENAME
    dE = np.abs(sim.relative_energy_error())
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB) in "
          f"{time.perf_counter() - start:.0f} s (integration {sim.seconds:.0f} s)")
    print(f"sha256 {sha256(path)}")
    print(f"|dE/E|: median {np.median(dE):.2e}, 99th percentile "
          f"{np.quantile(dE, 0.99):.2e}, max {dE.max():.2e}, "
          f"fraction > 1e-2: {np.mean(dE > 1e-2):.4f}")


if __name__ == "__main__":
    main()
