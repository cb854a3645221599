"""e_step forgets the mixing weights: it normalises the plain densities N(x_i | mu_j, Sigma_j)."""
# caught_by: e_step_responsibilities_in_log_space, e_step_total_log_likelihood
# diagnosis: left the mixing weights out: r_ij is proportional to pi_j N(x_i | mu_j, Sigma_j), and p(x_i) sums those products
# visible: yes

# %% e_step: replace
    log_joint = np.column_stack([log_weights[j] + log_gaussian_pdf(X, means[j], covs[j]) for j in range(k)])
# %% e_step: with
    log_joint = np.column_stack([log_gaussian_pdf(X, means[j], covs[j]) for j in range(k)])
