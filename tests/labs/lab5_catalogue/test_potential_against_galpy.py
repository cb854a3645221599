"""The halo generator's potential and integrator, cross-checked against galpy.

``galpy`` (Bovy 2015) is an independent, widely used implementation of the same
three potentials; it is a test-only dependency. Its natural units are
``ro`` kpc and ``vo`` km/s, so a mass ``M`` enters as ``G M / (ro vo**2)``;
galpy's Hernquist amplitude is twice the total mass, and its logarithmic halo
is ``amp / 2 * ln(R**2 + (z/q)**2 + core**2)``, so ``amp = 2 v_h**2 / vo**2``.
"""

import numpy as np
import pytest

from clustercourse.generators.catalogue_potential import GYR, G, MW_PARAMS, MilkyWayPotential, leapfrog

galpy_potential = pytest.importorskip("galpy.potential")
galpy_orbit = pytest.importorskip("galpy.orbit")

RO, VO = 8.0, 220.0  # galpy's natural units, in kpc and km/s


@pytest.fixture(scope="module")
def galpy_mw():
    p = MW_PARAMS
    mass = G / (RO * VO**2)  # one solar mass in galpy's natural units
    pot = (
        galpy_potential.MiyamotoNagaiPotential(
            amp=p["M_disc"] * mass, a=p["a_disc"] / RO, b=p["b_disc"] / RO, ro=RO, vo=VO)
        + galpy_potential.HernquistPotential(
            amp=2 * p["M_bulge"] * mass, a=p["c_bulge"] / RO, ro=RO, vo=VO)
        + galpy_potential.LogarithmicHaloPotential(
            amp=2 * p["v_halo"] ** 2 / VO**2, core=p["d_halo"] / RO, q=1.0, ro=RO, vo=VO)
    )
    galpy_potential.turn_physical_off(pot)  # evaluate in natural units; we convert explicitly
    return pot


def test_circular_velocity_curve_matches_galpy(galpy_mw):
    R = np.array([0.5, 1.0, 2.0, 4.0, 8.0, 12.0, 20.0, 40.0, 80.0])
    ours = MilkyWayPotential().circular_velocity(R)
    theirs = np.array([galpy_potential.vcirc(galpy_mw, r / RO) * VO for r in R])
    np.testing.assert_allclose(
        ours, theirs, rtol=1e-10,
        err_msg=f"v_c(R) in km/s at R = {R} kpc: galpy gives {theirs}, the generator {ours}")


def test_potential_differences_match_galpy_off_the_plane(galpy_mw):
    """Potentials agree up to galpy's choice of zero point (one constant)."""
    rng = np.random.default_rng(0)
    R = rng.uniform(0.2, 60.0, 50)
    z = rng.uniform(-30.0, 30.0, 50)
    ours = MilkyWayPotential().potential(R, np.zeros_like(R), z)
    theirs = np.array([galpy_potential.evaluatePotentials(galpy_mw, r / RO, zz / RO) * VO**2
                       for r, zz in zip(R, z)])
    offset = ours - theirs
    # the logarithmic halo differs by v_h^2 ln(ro^2) because galpy works in R / ro
    expected = MW_PARAMS["v_halo"] ** 2 * np.log(RO**2)
    np.testing.assert_allclose(
        offset, expected, rtol=1e-10,
        err_msg="Phi_ours - Phi_galpy should be the constant v_h^2 ln(ro^2) (km/s)^2")


def test_one_orbit_matches_galpy(galpy_mw):
    """A tilted, eccentric orbit over 2 Gyr: our leapfrog against galpy's DOP853."""
    pos0 = np.array([12.0, 0.0, 3.0])
    vel0 = np.array([-40.0, 150.0, 60.0])
    t_end = 2.0 / GYR                       # 2 Gyr in kpc / (km/s)
    dt = 1e-4                               # 0.1 Myr: error well below the tolerance
    n_steps = int(round(t_end / dt))
    pos, vel = pos0[:, None].copy(), vel0[:, None].copy()
    leapfrog(MilkyWayPotential(), pos, vel, np.array([dt]), np.array([n_steps]))

    R0 = np.hypot(pos0[0], pos0[1])
    o = galpy_orbit.Orbit([R0 / RO, vel0[0] / VO, vel0[1] / VO, pos0[2] / RO, vel0[2] / VO, 0.0],
                          ro=RO, vo=VO)
    ts = np.linspace(0.0, n_steps * dt * VO / RO, 2001)  # galpy's time unit is ro / vo
    o.integrate(ts, galpy_mw, method="dop853_c")
    theirs = np.array([o.x(ts[-1]), o.y(ts[-1]), o.z(ts[-1])])
    theirs_v = np.array([o.vx(ts[-1]), o.vy(ts[-1]), o.vz(ts[-1])])
    # galpy returns physical kpc and km/s because ro and vo were given. The orbit has moved
    # tens of kpc by then, so agreement to 0.05 kpc and 1 km/s is a real test of both codes.
    assert np.linalg.norm(theirs - pos0) > 5.0, "the reference orbit barely moved"
    np.testing.assert_allclose(
        pos[:, 0], theirs, atol=0.05,
        err_msg=f"position after 2 Gyr (kpc): galpy {theirs}, leapfrog {pos[:, 0]}")
    np.testing.assert_allclose(
        vel[:, 0], theirs_v, atol=1.0,
        err_msg=f"velocity after 2 Gyr (km/s): galpy {theirs_v}, leapfrog {vel[:, 0]}")
