"""A static Milky-Way-like potential and a vectorised leapfrog for test particles.

The potential is the three-component model of Helmi & de Zeeuw (2000,
MNRAS 319, 657), in units of kpc, km/s and solar masses:

.. math::

    \\Phi(R, z) = v_h^2 \\ln(r^2 + d^2)
        - \\frac{G M_d}{\\sqrt{R^2 + (a + \\sqrt{z^2 + b^2})^2}}
        - \\frac{G M_b}{r + c},

a logarithmic dark halo, a Miyamoto-Nagai disc and a Hernquist bulge, with
``r**2 = R**2 + z**2``. The potential is axisymmetric, so the angular momentum
about the z axis, ``Lz = x vy - y vx``, is conserved along every orbit; the
energy ``E = Phi + |v|**2 / 2`` is conserved because the potential is static.
The logarithmic halo has no zero at infinity, so ``E`` is defined up to the
constant fixed by the formula above (it is positive for most halo stars).

The unit of time is ``1 kpc / (1 km/s) = 0.977792 Gyr`` (:data:`GYR`).
"""

import numpy as np

#: Gravitational constant in kpc (km/s)^2 / Msun.
G = 4.30091e-6

#: One kpc / (km/s) in Gyr: the unit of time of the integrator.
GYR = 0.977792

#: Parameters of the Helmi & de Zeeuw (2000) potential.
MW_PARAMS = {
    "v_halo": 131.5,    # km/s, logarithmic halo
    "d_halo": 12.0,     # kpc, core radius of the halo
    "M_disc": 1.0e11,   # Msun, Miyamoto-Nagai disc
    "a_disc": 6.5,      # kpc, radial scale of the disc
    "b_disc": 0.26,     # kpc, vertical scale of the disc
    "M_bulge": 3.4e10,  # Msun, Hernquist bulge
    "c_bulge": 0.7,     # kpc, scale of the bulge
}


class MilkyWayPotential:
    """The static halo + disc + bulge potential of Helmi & de Zeeuw (2000).

    Parameters
    ----------
    **params : float
        Overrides of :data:`MW_PARAMS` (``v_halo``, ``d_halo``, ``M_disc``,
        ``a_disc``, ``b_disc``, ``M_bulge``, ``c_bulge``).

    Examples
    --------
    >>> pot = MilkyWayPotential()
    >>> round(float(pot.circular_velocity(8.0)), 1)
    223.7
    """

    def __init__(self, **params):
        unknown = set(params) - set(MW_PARAMS)
        if unknown:
            raise ValueError(
                f"params must be among {sorted(MW_PARAMS)}; got {sorted(unknown)}")
        p = {**MW_PARAMS, **params}
        for name, value in p.items():
            if not value > 0:
                raise ValueError(f"{name} must be > 0; got {value!r}")
        self.params = p
        self._vh2 = p["v_halo"] ** 2
        self._d2 = p["d_halo"] ** 2
        self._GMd = G * p["M_disc"]
        self._a = p["a_disc"]
        self._b2 = p["b_disc"] ** 2
        self._GMb = G * p["M_bulge"]
        self._c = p["c_bulge"]

    def potential(self, x, y, z):
        """The potential at positions ``(x, y, z)``.

        Parameters
        ----------
        x, y, z : ndarray of shape (n,)
            Galactocentric Cartesian coordinates in kpc.

        Returns
        -------
        phi : ndarray of shape (n,)
            The potential in (km/s)^2.
        """
        x, y, z = (np.asarray(c, dtype=float) for c in (x, y, z))
        R2 = x * x + y * y
        r2 = R2 + z * z
        r = np.sqrt(r2)
        az = self._a + np.sqrt(z * z + self._b2)
        return (self._vh2 * np.log(r2 + self._d2)
                - self._GMd / np.sqrt(R2 + az * az)
                - self._GMb / (r + self._c))

    def energy(self, x, y, z, vx, vy, vz):
        """Energy per unit mass, ``Phi(x) + |v|**2 / 2``, in (km/s)^2.

        Parameters
        ----------
        x, y, z : ndarray of shape (n,)
            Positions in kpc.
        vx, vy, vz : ndarray of shape (n,)
            Velocities in km/s.

        Returns
        -------
        E : ndarray of shape (n,)
        """
        vx, vy, vz = (np.asarray(c, dtype=float) for c in (vx, vy, vz))
        return self.potential(x, y, z) + 0.5 * (vx * vx + vy * vy + vz * vz)

    def acceleration(self, x, y, z, out=None):
        """The acceleration ``-grad Phi`` at positions ``(x, y, z)``.

        Parameters
        ----------
        x, y, z : ndarray of shape (n,)
            Positions in kpc.
        out : tuple of three ndarray of shape (n,), optional
            Arrays to write ``(ax, ay, az)`` into (the integrator's buffers).

        Returns
        -------
        ax, ay, az : ndarray of shape (n,)
            Accelerations in (km/s)^2 / kpc.

        Notes
        -----
        With ``zeta = sqrt(z**2 + b**2)`` and ``D**2 = R**2 + (a + zeta)**2``:
        ``a_R = -(2 v_h^2 / (r^2 + d^2) + G M_b / (r (r + c)^2) + G M_d / D^3) R``
        and the disc's vertical term is ``G M_d (a + zeta) / (zeta D^3)`` in
        place of ``G M_d / D^3``.
        """
        R2 = x * x
        R2 += y * y
        z2 = z * z
        r2 = R2 + z2
        # halo: 2 v_h^2 / (r^2 + d^2)
        f = r2 + self._d2
        np.divide(2.0 * self._vh2, f, out=f)
        # bulge: G M_b / (r (r + c)^2)
        r = np.sqrt(r2, out=r2)
        rc = r + self._c
        rc *= rc
        rc *= r
        np.divide(self._GMb, rc, out=rc)
        f += rc
        # disc: G M_d / D^3, and (a + zeta) / zeta for the vertical component
        zeta = np.add(z2, self._b2, out=z2)
        np.sqrt(zeta, out=zeta)
        az = zeta + self._a
        D2 = np.multiply(az, az, out=rc)
        D2 += R2
        D3 = np.sqrt(D2, out=R2)
        D3 *= D2
        disc = np.divide(self._GMd, D3, out=D3)
        fz = az / zeta
        fz *= disc
        fz += f
        f += disc
        if out is None:
            out = (np.empty_like(f), np.empty_like(f), np.empty_like(f))
        ax, ay, az_out = out
        np.multiply(x, f, out=ax)
        np.negative(ax, out=ax)
        np.multiply(y, f, out=ay)
        np.negative(ay, out=ay)
        np.multiply(z, fz, out=az_out)
        np.negative(az_out, out=az_out)
        return ax, ay, az_out

    def circular_velocity(self, R):
        """Circular speed in the plane ``z = 0``, ``sqrt(R dPhi/dR)``, from the forces.

        Parameters
        ----------
        R : float or ndarray of shape (n,)
            Cylindrical radius in kpc (> 0).

        Returns
        -------
        v_c : float or ndarray of shape (n,)
            km/s.
        """
        R = np.asarray(R, dtype=float)
        flat = np.atleast_1d(R)
        ax, _, _ = self.acceleration(flat.copy(), np.zeros_like(flat),
                                     np.zeros_like(flat))
        vc = np.sqrt(-ax * flat)
        return vc.reshape(R.shape) if R.ndim else float(vc[0])


def leapfrog(potential, pos, vel, dt, n_steps, *, block=32768):
    """Integrate test particles with a kick-drift-kick leapfrog, in place.

    Each particle has its own step ``dt[i]`` and number of steps
    ``n_steps[i]``; all particles advance together, and a particle stops
    once it has made its steps. The scheme is symplectic and time-reversible,
    so energy errors oscillate instead of drifting; in an axisymmetric
    potential it conserves ``Lz`` exactly up to rounding (the force has no
    azimuthal component and a drift leaves ``x vy - y vx`` unchanged).

    Parameters
    ----------
    potential : MilkyWayPotential
        Anything with an ``acceleration(x, y, z, out=...)`` method.
    pos, vel : ndarray of shape (3, n_particles)
        Positions (kpc) and velocities (km/s), float64 or float32;
        overwritten with the final state.
    dt : ndarray of shape (n_particles,)
        Time step of each particle, in kpc / (km/s) (see :data:`GYR`).
    n_steps : ndarray of int of shape (n_particles,)
        Number of steps of each particle (>= 0).
    block : int, default=32768
        Particles are processed in blocks of this many so the temporaries
        stay in cache; the result does not depend on it.

    Returns
    -------
    pos, vel : ndarray of shape (3, n_particles)
        The same arrays, holding the state after ``n_steps * dt``.
    """
    pos = np.asarray(pos)
    vel = np.asarray(vel)
    n = pos.shape[1] if pos.ndim == 2 else -1
    if pos.shape != (3, n) or vel.shape != (3, n):
        raise ValueError(
            f"pos and vel must have shape (3, n_particles); got {pos.shape} and {vel.shape}")
    dt = np.asarray(dt, dtype=pos.dtype)
    n_steps = np.asarray(n_steps)
    if dt.shape != (n,) or n_steps.shape != (n,):
        raise ValueError(
            f"dt and n_steps must have shape ({n},); got {dt.shape} and {n_steps.shape}")
    if np.any(n_steps < 0) or not np.all(dt > 0):
        raise ValueError("n_steps must be >= 0 and dt > 0 for every particle")
    if block < 1:
        raise ValueError(f"block must be >= 1; got {block}")

    # Sort by number of steps, longest first, so that the particles still
    # moving at step k are always a prefix [0, active[k]) of the arrays.
    order = np.argsort(-n_steps, kind="stable")
    x, y, z = (np.ascontiguousarray(c[order]) for c in pos)
    vx, vy, vz = (np.ascontiguousarray(c[order]) for c in vel)
    h = np.ascontiguousarray(dt[order])
    half = 0.5 * h
    steps = n_steps[order]
    total = int(steps[0]) if n else 0
    # active[k] = number of particles with more than k steps, k = 0..total
    active = np.searchsorted(-steps, -np.arange(total + 1), side="left")
    buf = tuple(np.empty(min(block, max(n, 1)), dtype=x.dtype) for _ in range(3))

    def kick(s, e, factor):
        if e <= s:
            return
        m = e - s
        ax, ay, az = potential.acceleration(
            x[s:e], y[s:e], z[s:e], out=(buf[0][:m], buf[1][:m], buf[2][:m]))
        f = factor[s:e]
        ax *= f
        ay *= f
        az *= f
        vx[s:e] += ax
        vy[s:e] += ay
        vz[s:e] += az

    def drift(s, e):
        hs = h[s:e]
        tmp = buf[0][:e - s]
        for xc, vc in ((x, vx), (y, vy), (z, vz)):
            np.multiply(vc[s:e], hs, out=tmp)
            xc[s:e] += tmp

    # opening half kick of every particle that moves at all
    for s in range(0, int(active[0]), block):
        kick(s, min(s + block, int(active[0])), half)
    for k in range(total):
        n_act = int(active[k])       # particles making step k
        n_next = int(active[k + 1])  # ... that also make step k + 1
        for s in range(0, n_act, block):
            e = min(s + block, n_act)
            drift(s, e)
            # a full kick merges this step's closing and the next step's
            # opening half kick; particles on their last step get a half kick
            kick(s, min(e, n_next), h)
            kick(max(s, n_next), e, half)

    inverse = np.empty_like(order)
    inverse[order] = np.arange(n)
    for dst, src in zip(pos, (x, y, z)):
        dst[...] = src[inverse]
    for dst, src in zip(vel, (vx, vy, vz)):
        dst[...] = src[inverse]
    return pos, vel
