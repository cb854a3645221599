"""m_step returns the total responsibility N_1 as the prior instead of N_1 / n."""
# caught_by: m_step_weighted_means_and_variances
# diagnosis: returned N_1, the total responsibility of component 1, as pi without dividing it by n
# visible: yes

# %% m_step: replace
    pi = n_k[1] / x.size
# %% m_step: with
    pi = n_k[1]
