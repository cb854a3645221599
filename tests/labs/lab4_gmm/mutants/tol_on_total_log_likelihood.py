"""fit compares the change of the total log-likelihood with tol, not the change per point."""
# caught_by: gmm_stops_at_tol_or_max_iter
# diagnosis: compared the change of the total log-likelihood with tol; compare the change per point, |change| / n
# visible: yes

# %% GaussianMixtureEM: replace
            change = abs(new_log_lik - log_lik) / n
# %% GaussianMixtureEM: with
            change = abs(new_log_lik - log_lik)
