"""m_step returns the effective numbers of points N_j as weights, without dividing by n."""
# caught_by: m_step_weights_and_means
# diagnosis: returned the effective numbers of points N_j as weights; divide them by n
# visible: yes

# %% m_step: replace
    weights = nk / n
# %% m_step: with
    weights = nk
