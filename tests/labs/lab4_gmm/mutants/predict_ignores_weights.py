"""predict_proba normalises the component densities without the mixture weights (the seed tutorial's predict)."""
# caught_by: gmm_predict_proba_uses_weights
# diagnosis: normalised the component densities without the mixture weights; the posterior is w_j N_j(x) / sum_l w_l N_l(x)
# visible: yes

# %% GaussianMixtureEM: replace
        return e_step(X, self.weights_, self.means_, self.covariances_)[0]
# %% GaussianMixtureEM: with
        log_dens = np.column_stack([log_gaussian_pdf(X, m, c) for m, c in zip(self.means_, self.covariances_)])
        return np.exp(log_dens - logsumexp(log_dens, axis=1, keepdims=True))
