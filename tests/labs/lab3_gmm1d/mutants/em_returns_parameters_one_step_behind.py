"""em checks convergence on the new parameters but returns the previous ones, one M-step behind its history."""
# caught_by: em_stops_when_change_below_tol
# diagnosis: returned the parameters from before the last EM step, one step behind history[-1]
# visible: yes

# %% em: replace
        pi, mu, sigma = m_step(x, responsibilities(x, pi, mu, sigma))
# %% em: with
        new = m_step(x, responsibilities(x, pi, mu, sigma))

# %% em: replace
        history.append(log_likelihood(x, pi, mu, sigma))
# %% em: with
        history.append(log_likelihood(x, *new))

# %% em: replace
            break
# %% em: with
            break
        pi, mu, sigma = new
