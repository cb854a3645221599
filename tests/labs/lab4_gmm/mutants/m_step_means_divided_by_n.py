"""m_step divides the responsibility-weighted sums of the points by n instead of by N_j."""
# caught_by: m_step_weights_and_means
# diagnosis: divided the weighted sums by n, not by N_j (the sum of component j's responsibilities)
# visible: yes

# %% m_step: replace
    means = resp.T @ X / nk[:, None]
# %% m_step: with
    means = resp.T @ X / n
