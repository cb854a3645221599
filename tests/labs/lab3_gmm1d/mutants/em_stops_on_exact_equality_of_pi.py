"""em stops only when the new pi equals the old one exactly (the seed's rule), ignoring tol."""
# caught_by: em_stops_when_change_below_tol
# diagnosis: ignored tol and stopped on another rule (such as pi repeating exactly)
# visible: yes

# %% em: replace
        pi, mu, sigma = m_step(x, responsibilities(x, pi, mu, sigma))
# %% em: with
        new_pi, mu, sigma = m_step(x, responsibilities(x, pi, mu, sigma))

# %% em: replace
        history.append(log_likelihood(x, pi, mu, sigma))
        # 5. converged?
        if history[-1] - history[-2] < tol:
# %% em: with
        history.append(log_likelihood(x, new_pi, mu, sigma))
        # 5. converged when pi no longer changes
        if new_pi == pi:

# %% em: replace
    return pi, mu, sigma, np.array(history)
# %% em: with
        pi = new_pi
    return new_pi, mu, sigma, np.array(history)
