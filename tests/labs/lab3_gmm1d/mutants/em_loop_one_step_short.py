"""em loops over range(1, max_iter): one EM step fewer than max_iter, none at all with max_iter=1."""
# caught_by: em_one_step_is_e_then_m
# diagnosis: ran one EM step fewer than max_iter asks for (an off-by-one in the loop)
# visible: yes

# %% em: replace
    for _ in range(max_iter):
# %% em: with
    for _ in range(1, max_iter):
