"""The synthetic halo catalogue of lab 5 (``data/catalogue_halo.csv.gz``).

Checks the committed file (checksum, layout, satellites), regenerates a small
version with the same seed (same satellites and statistics, energy and Lz
conservation), checks the physics of the potential, and the two calibration
targets the lab relies on: k-means finds the satellites in the integrals of
motion and not in phase space (scikit-learn as the oracle), and the Hopkins
statistic is higher in the integrals of motion than in phase space (an
oracle written here, not in the package: students implement it in the lab).
"""

import io
import json

import numpy as np
import pandas as pd
import pytest
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score

from clustercourse.datasets import HALO_IOM, HALO_PHASE_SPACE, load_halo
from clustercourse.generators import catalogue_halo
from clustercourse.generators.catalogue_potential import G, MilkyWayPotential
from clustercourse.datasets import data_dir
from coursetool import layout

N_SMALL = 20_000


@pytest.fixture(scope="module")
def committed():
    return load_halo()


@pytest.fixture(scope="module")
def small():
    """The catalogue regenerated with the committed seed and 20,000 stars."""
    return catalogue_halo.simulate(N_SMALL, catalogue_halo.SEED)


@pytest.fixture(scope="module")
def provenance():
    return json.loads((data_dir() / catalogue_halo.SATELLITES_FILENAME).read_text())


def zscore(X):
    return (X - X.mean(axis=0)) / X.std(axis=0)


# ---------------------------------------------------------------- the file

def test_committed_file_matches_recorded_checksum():
    recorded = (data_dir() / catalogue_halo.CHECKSUM_FILENAME).read_text().split()[0]
    actual = catalogue_halo.sha256(data_dir() / catalogue_halo.FILENAME)
    assert actual == recorded, (
        f"sha256 of {catalogue_halo.FILENAME} is {actual}, expected {recorded} "
        f"(from {catalogue_halo.CHECKSUM_FILENAME}); regenerate with "
        "`python -m clustercourse.generators.catalogue_halo` and update data/README.md")


def test_readme_records_the_same_checksum():
    recorded = (data_dir() / catalogue_halo.CHECKSUM_FILENAME).read_text().split()[0]
    readme = (layout.current().data / "README.md").read_text()
    assert recorded in readme, (
        f"data/README.md should record the checksum {recorded} of {catalogue_halo.FILENAME}")


def test_catalogue_has_documented_columns_dtypes_and_rows(committed):
    expected = HALO_IOM + HALO_PHASE_SPACE + ["satellite"]
    assert list(committed.columns) == expected, (
        f"columns are {list(committed.columns)}, expected {expected}")
    assert len(committed) == catalogue_halo.N_STARS == 300_000, (
        f"{len(committed)} rows, expected 300,000")
    for column in HALO_IOM + HALO_PHASE_SPACE:
        assert committed[column].dtype == np.float64, (
            f"column {column} has dtype {committed[column].dtype}, expected float64")
    assert np.issubdtype(committed["satellite"].dtype, np.integer), (
        f"column satellite has dtype {committed['satellite'].dtype}, expected an integer")
    n_missing = int(committed.isna().sum().sum())
    assert n_missing == 0, f"{n_missing} missing values, expected none"


def test_satellites_are_thirty_of_unequal_richness(committed, provenance):
    counts = committed["satellite"].value_counts().sort_index()
    assert list(counts.index) == list(range(catalogue_halo.N_SATELLITES)), (
        f"satellite labels are {list(counts.index)}, expected 0..{catalogue_halo.N_SATELLITES - 1}")
    assert 2_000 <= counts.min() and counts.max() <= 30_000, (
        f"richness ranges over {counts.min()}..{counts.max()} stars, "
        "expected a few thousand to a few tens of thousands")
    assert counts.max() >= 4 * counts.min(), (
        f"richest/poorest = {counts.max()}/{counts.min()}, expected a ratio of at least 4")
    recorded = [s["n_stars"] for s in provenance["satellites"]]
    assert recorded == counts.tolist(), (
        f"{catalogue_halo.SATELLITES_FILENAME} records n_stars {recorded}, the catalogue has "
        f"{counts.tolist()}")


def test_satellites_were_accreted_2_to_10_gyr_ago_outside_the_bulge(provenance):
    t_acc = np.array([s["t_acc_gyr"] for s in provenance["satellites"]])
    r_peri = np.array([s["r_peri"] for s in provenance["satellites"]])
    assert t_acc.min() >= 2 and t_acc.max() <= 10, (
        f"accretion times span {t_acc.min():.2f}..{t_acc.max():.2f} Gyr, expected 2..10")
    assert r_peri.min() >= catalogue_halo.MIN_PERICENTRE_KPC, (
        f"smallest pericentre {r_peri.min():.2f} kpc, expected >= {catalogue_halo.MIN_PERICENTRE_KPC}")


# ------------------------------------------------- regenerating a small one

def test_small_regeneration_has_proportional_star_counts(committed, small):
    big = committed["satellite"].value_counts().sort_index().to_numpy()
    little = small.catalogue["satellite"].value_counts().sort_index().to_numpy()
    assert little.sum() == N_SMALL, f"{little.sum()} stars, expected {N_SMALL}"
    expected = big * N_SMALL / big.sum()
    worst = np.abs(little - expected).max()
    # largest-remainder rounding of the same weights: off by less than a star
    assert worst < 1, (
        f"per-satellite counts differ from the committed ones scaled by "
        f"{N_SMALL}/{big.sum()} by up to {worst:.2f} stars, expected < 1")


def test_small_regeneration_reproduces_per_satellite_medians(committed, small):
    """Per satellite, the medians of E and Lz agree within 5 standard errors.

    The standard error of a median is about 1.25 sigma / sqrt(n); for the
    difference of two medians, 1.25 sigma sqrt(1/n_small + 1/n_big), with
    sigma estimated robustly (1.4826 MAD) from the committed stars. Satellites
    sit many sigma apart, so a change of orbits or seed would fail this;
    60 comparisons at 5 SE fail by chance with probability ~ 1e-5.
    """
    big = committed.groupby("satellite")
    little = small.catalogue.groupby("satellite")
    n_big, n_small = big.size(), little.size()
    for column in ("E", "Lz"):
        med_big, med_small = big[column].median(), little[column].median()
        mad = big[column].apply(lambda a: np.median(np.abs(a - np.median(a))))
        se = 1.2533 * 1.4826 * mad * np.sqrt(1 / n_small + 1 / n_big)
        z = (med_small - med_big).abs() / se
        assert z.max() < 5, (
            f"median {column} of satellite {z.idxmax()} is {med_small[z.idxmax()]:.6g} "
            f"in the regenerated catalogue, {med_big[z.idxmax()]:.6g} in the committed "
            f"one: {z.max():.1f} standard errors apart, expected < 5")


def test_small_regeneration_stars_are_rows_of_the_committed_file(small, committed):
    """Each satellite's first stars are the same, so every row reappears, to a relative 1e-3 (1e-4 of the column's range near 0).

    The file holds 6 significant digits. Another CPU's floating point (numpy's SIMD
    kernels differ between processors) changes the last bits, and a few orbits amplify
    that over the Gyr they are integrated: measured here, 11 of 20,000 rows differed in
    the last printed digit and 2 by up to 5e-5 relative. A changed seed, orbit or
    potential moves every row by far more than 1e-3.
    """
    from scipy.spatial import cKDTree

    regenerated = pd.read_csv(io.BytesIO(catalogue_halo.to_csv_gz(small.catalogue)), compression="gzip")
    columns = list(committed.columns)
    scale = committed[columns].abs().max().to_numpy() + 1e-12
    tree = cKDTree(committed[columns].to_numpy() / scale)
    _, nearest = tree.query(regenerated[columns].to_numpy() / scale)
    match = committed[columns].to_numpy()[nearest]
    got = regenerated[columns].to_numpy()
    ok = np.all(np.abs(got - match) <= 1e-3 * np.abs(match) + 1e-4 * scale, axis=1)   # scale: a value near 0
    missing = regenerated[~ok]
    assert ok.all(), (
        f"{len(missing)} of {len(regenerated)} regenerated rows are not in the committed file (to a relative "
        f"1e-3), expected 0; first: {missing.iloc[0].tolist()}, nearest committed {match[~ok][0].tolist()}")


def test_energy_is_conserved_by_the_integrator(small):
    rel = np.abs(small.relative_energy_error())
    median, tail = np.median(rel), np.mean(rel > 1e-2)
    assert median < 1e-3, f"median |dE/E| = {median:.2e}, expected < 1e-3"
    assert tail <= 0.01, f"{tail:.2%} of stars have |dE/E| > 1e-2, expected <= 1%"


def test_recorded_energy_errors_of_the_committed_run_meet_the_requirement(provenance):
    err = provenance["energy_error"]
    assert err["median_abs_dE_over_E"] < 1e-3, (
        f"recorded median |dE/E| = {err['median_abs_dE_over_E']:.2e}, expected < 1e-3")
    assert err["fraction_above_1e-2"] <= 0.01, (
        f"recorded fraction with |dE/E| > 1e-2 = {err['fraction_above_1e-2']:.2%}, "
        "expected <= 1%")


def test_Lz_is_conserved_to_rounding(small):
    cat = small.catalogue
    L = np.hypot(cat["Lz"], cat["Lperp"]).to_numpy()
    rel = np.abs(cat["Lz"].to_numpy() - small.Lz_initial) / L
    assert rel.max() < 1e-10, (
        f"max |dLz| / |L| = {rel.max():.2e} over the integration, expected < 1e-10 "
        "(the potential is axisymmetric and the leapfrog conserves Lz exactly)")


def test_integrals_of_motion_columns_match_phase_space_columns(committed):
    """E, Lz and Lperp recomputed from x..vz agree to the file's 6 digits.

    Each written value carries a relative rounding error below 5e-6, so a
    sum of terms is off by at most ~1e-5 of the sum of their magnitudes;
    the tolerance is twice that.
    """
    x, y, z, vx, vy, vz = (committed[c].to_numpy() for c in HALO_PHASE_SPACE)
    phi = MilkyWayPotential().potential(x, y, z)
    kin = 0.5 * (vx**2 + vy**2 + vz**2)
    checks = {
        "E": (phi + kin, np.abs(phi) + kin),
        "Lz": (x * vy - y * vx, np.abs(x * vy) + np.abs(y * vx)),
        "Lperp": (np.hypot(y * vz - z * vy, z * vx - x * vz),
                  np.abs(y * vz) + np.abs(z * vy) + np.abs(z * vx) + np.abs(x * vz)),
    }
    for column, (recomputed, scale) in checks.items():
        written = committed[column].to_numpy()
        excess = np.abs(recomputed - written) / (2e-5 * scale + 1e-5 * np.abs(written))
        worst = int(np.argmax(excess))
        assert excess[worst] <= 1, (
            f"row {worst}: {column} written {written[worst]:.6g}, recomputed from "
            f"x..vz {recomputed[worst]:.6g}, beyond the rounding tolerance")


# ------------------------------------------------------------ the potential

def test_circular_velocity_from_forces_matches_direct_formula():
    p = MilkyWayPotential().params
    R = np.array([2.0, 8.0, 20.0])
    direct = np.sqrt(
        2 * p["v_halo"]**2 * R**2 / (R**2 + p["d_halo"]**2)
        + G * p["M_disc"] * R**2 / (R**2 + (p["a_disc"] + p["b_disc"])**2) ** 1.5
        + G * p["M_bulge"] * R / (R + p["c_bulge"]) ** 2)
    from_forces = MilkyWayPotential().circular_velocity(R)
    np.testing.assert_allclose(from_forces, direct, rtol=1e-12,
                               err_msg="v_c from the forces vs the direct formula")
    assert abs(direct[1] - 224) < 1, f"v_c(8 kpc) = {direct[1]:.1f} km/s, expected ~224"


def test_acceleration_is_minus_the_gradient_of_the_potential():
    pot = MilkyWayPotential()
    pos = np.random.default_rng(0).normal(0, 10, (3, 200))
    acc = np.array(pot.acceleration(*pos.copy()))
    h = 1e-5
    grad = np.empty_like(pos)
    for i in range(3):
        step = np.zeros((3, 1))
        step[i] = h
        grad[i] = (pot.potential(*(pos + step)) - pot.potential(*(pos - step))) / (2 * h)
    np.testing.assert_allclose(acc, -grad, rtol=1e-5, atol=1e-3,
                               err_msg="acceleration vs central difference of -Phi")


# ------------------------------------------------- calibration: k-means / ARI

def kmeans_ari(committed, columns):
    sub = committed.sample(30_000, random_state=0)
    X = zscore(sub[columns].to_numpy())
    labels = KMeans(n_clusters=catalogue_halo.N_SATELLITES, n_init=3,
                    random_state=0).fit_predict(X)
    return adjusted_rand_score(sub["satellite"], labels)


def test_kmeans_recovers_satellites_in_integrals_of_motion(committed):
    ari = kmeans_ari(committed, HALO_IOM)
    assert ari >= 0.4, f"ARI of k-means (k=30) in (E, Lz, Lperp) = {ari:.3f}, expected >= 0.4"


def test_kmeans_does_not_recover_satellites_in_phase_space(committed):
    ari = kmeans_ari(committed, HALO_PHASE_SPACE)
    assert ari <= 0.15, f"ARI of k-means (k=30) in 6-D phase space = {ari:.3f}, expected <= 0.15"


# ------------------------------------------------ calibration: Hopkins oracle

def hopkins_oracle(X, sample, U):
    """Plain-distance Hopkins statistic, by brute force.

    ``H = sum(u) / (sum(u) + sum(w))``: ``u`` are the distances from the
    reference points ``U`` to their nearest row of ``X``, ``w`` those from the
    rows ``X[sample]`` to their nearest *other* row. Near 0.5 for uniform
    data, near 1 for tight clusters (note: pyclustertend returns 1 - H, and
    some packages use d-th powers of the distances).
    """
    u = np.sqrt(((U[:, None, :] - X[None, :, :]) ** 2).sum(-1)).min(axis=1)
    d = np.sqrt(((X[sample, None, :] - X[None, :, :]) ** 2).sum(-1))
    d[np.arange(len(sample)), sample] = np.inf
    w = d.min(axis=1)
    return u.sum() / (u.sum() + w.sum())


def hopkins_bootstrap(A, rng, n_boot=100, n_sub=300, frac=0.1):
    """H on ``n_boot`` subsamples of ``n_sub`` rows of ``A`` (without
    replacement, so no duplicate has a zero nearest-neighbour distance),
    each z-scored within itself; ``m = frac * n_sub`` points each way, the
    reference points uniform in the subsample's bounding box."""
    m = round(frac * n_sub)
    out = np.empty(n_boot)
    for b in range(n_boot):
        X = zscore(A[rng.choice(len(A), n_sub, replace=False)])
        U = rng.uniform(X.min(axis=0), X.max(axis=0), size=(m, X.shape[1]))
        out[b] = hopkins_oracle(X, rng.choice(n_sub, m, replace=False), U)
    return out


def test_hopkins_oracle_matches_hand_computed_example():
    X = np.array([[7, 5], [3, 3], [8, 4], [1, 2], [4, 3], [7, 4]], dtype=float)
    U = np.array([[4, 2], [3, 5], [7, 2]], dtype=float)
    H = hopkins_oracle(X, np.array([0, 4, 5]), U)
    assert H == pytest.approx(5 / 8), f"H = {H}, expected 5/8 (u = 1, 2, 2; w = 1, 1, 1)"


def test_hopkins_oracle_is_one_half_on_uniform_data_and_higher_on_one_gaussian():
    """Calibrates the reading of H: 0.5 means uniform, but a single Gaussian
    blob, which has no cluster structure, already scores well above 0.5."""
    rng = np.random.default_rng(1)
    uniform = hopkins_bootstrap(rng.uniform(size=(20_000, 3)), rng, n_boot=50)
    gauss = hopkins_bootstrap(rng.standard_normal((20_000, 3)), rng, n_boot=50)
    assert abs(uniform.mean() - 0.5) < 0.02, (
        f"mean H on uniform data = {uniform.mean():.3f}, expected 0.50 +- 0.02")
    assert 0.6 < gauss.mean() < 0.8, (
        f"mean H on one Gaussian blob = {gauss.mean():.3f}, expected 0.6..0.8")


def test_hopkins_is_higher_in_integrals_of_motion_than_in_phase_space(committed):
    rng = np.random.default_rng(2)
    h3 = hopkins_bootstrap(committed[HALO_IOM].to_numpy(), rng)
    h6 = hopkins_bootstrap(committed[HALO_PHASE_SPACE].to_numpy(), rng)
    diff = h3.mean() - h6.mean()
    se = np.sqrt(h3.var(ddof=1) / len(h3) + h6.var(ddof=1) / len(h6))
    assert diff > 3 * se, (
        f"mean H = {h3.mean():.3f} in (E, Lz, Lperp) vs {h6.mean():.3f} in 6-D: "
        f"difference {diff:.3f}, expected > 3 SE = {3 * se:.3f}")
    assert h3.mean() > 0.8, (
        f"mean H in (E, Lz, Lperp) = {h3.mean():.3f}, expected > 0.8 (the seed found 0.90)")
