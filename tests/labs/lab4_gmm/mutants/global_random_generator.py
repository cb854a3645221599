"""the starts draw from numpy's global generator (np.random.choice) instead of the fit's own rng."""
# caught_by: gmm_init_is_seeded
# diagnosis: drew the start from numpy's global generator (np.random.choice, np.random.rand) instead of np.random.default_rng(random_state)
# visible: yes

# %% GaussianMixtureEM: replace
            means = X[rng.choice(n, size=k, replace=False)]
# %% GaussianMixtureEM: with
            means = X[np.random.choice(n, size=k, replace=False)]

# %% GaussianMixtureEM: replace
            centres = X[[rng.integers(n)]]
# %% GaussianMixtureEM: with
            centres = X[[np.random.randint(n)]]

# %% GaussianMixtureEM: replace
                centres = np.vstack([centres, X[rng.choice(n, p=p)]])
# %% GaussianMixtureEM: with
                centres = np.vstack([centres, X[np.random.choice(n, p=p)]])
