"""em does the seed's EM_step inline: the variances are taken around the OLD means passed in, not the new ones."""
# caught_by: em_one_step_is_e_then_m
# diagnosis: took the variances around the old means passed in, not around the new means just computed
# visible: yes

# %% em: replace
        # 2. E-step;  3. M-step
        pi, mu, sigma = m_step(x, responsibilities(x, pi, mu, sigma))
# %% em: with
        # 2. E-step;  3. M-step, as in the seed's EM_step
        x = np.asarray(x, dtype=float)
        softs = responsibilities(x, pi, mu, sigma)
        new_mu = [np.sum((1 - softs) * x) / np.sum(1 - softs), np.sum(softs * x) / np.sum(softs)]
        new_sigma = [np.sqrt(np.sum((1 - softs) * np.square(x - mu[0])) / np.sum(1 - softs)),
                     np.sqrt(np.sum(softs * np.square(x - mu[1])) / np.sum(softs))]
        pi, mu, sigma = float(np.mean(softs)), np.array(new_mu), np.array(new_sigma)
