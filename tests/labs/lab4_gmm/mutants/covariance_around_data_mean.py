"""m_step centres every covariance at the mean of all the data instead of the component's new mean."""
# caught_by: m_step_covariances_are_weighted_outer_products
# diagnosis: centred the covariance at the mean of all the data; centre it at the component's new mean mu_j
# visible: yes

# %% m_step: replace
        D = X - means[j]
# %% m_step: with
        D = X - X.mean(axis=0)
