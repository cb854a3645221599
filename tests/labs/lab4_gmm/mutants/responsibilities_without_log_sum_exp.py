"""e_step exponentiates the weighted densities and normalises them in linear space: 0/0 = NaN far from every component."""
# caught_by: e_step_responsibilities_in_log_space, e_step_total_log_likelihood
# diagnosis: normalised exp() of the weighted log-densities in linear space: far from every component both underflow to 0 and 0 / 0 = NaN; normalise in log space (log-sum-exp)
# visible: yes

# %% e_step: replace
    # 3. log p(x_i) by log-sum-exp
    log_px = logsumexp(log_joint, axis=1)
    # 4. responsibilities and the total log-likelihood (a sum of logs)
    resp = np.exp(log_joint - log_px[:, None])
    return resp, float(np.sum(log_px))
# %% e_step: with
    # 3.-4. densities in linear space, normalised
    joint = np.exp(log_joint)
    px = joint.sum(axis=1)
    resp = joint / px[:, None]
    return resp, float(np.sum(np.log(px)))
