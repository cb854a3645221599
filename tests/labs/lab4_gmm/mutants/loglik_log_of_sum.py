"""e_step's log-likelihood is the log of a sum over all points and components (the seed tutorial's bug), not a sum of logs."""
# caught_by: e_step_total_log_likelihood
# diagnosis: took the log of one sum over all points; the log-likelihood is a sum over points of the log of each point's mixture density
# visible: yes

# %% e_step: replace
    return resp, float(np.sum(log_px))
# %% e_step: with
    return resp, float(np.log(np.sum(np.exp(log_joint))))
