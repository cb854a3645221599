"""bic uses the mean log-likelihood per point (score) where BIC needs the total."""
# caught_by: gmm_score_and_bic
# diagnosis: used the mean log-likelihood per point in BIC; BIC is -2 times the total log-likelihood (n times score) plus p log n
# visible: yes

# %% GaussianMixtureEM: replace
        return -2.0 * self.score(X) * n + n_parameters * np.log(n)
# %% GaussianMixtureEM: with
        return -2.0 * self.score(X) + n_parameters * np.log(n)
