"""Plain-Python loops over member lists: linkage distances recomputed from the original D (no
Lance-Williams except for WPGMA), the last of tied pairs merged first (the other UPGMA tie-break),
the larger cluster id first in each row, 1-based labels like fcluster, and by-hand answers
given as a numpy array and as exact fractions with the other tie-break."""

# %% single_heights
single_heights = np.array([0.1, 0.2, 0.3, 0.5])

# %% upgma_heights
# Tie at 0.5: I merged p4 into {p2, p3, p5} first, so p1 joins last at (0.9 + 0.6 + 0.7 + 0.5) / 4.
upgma_heights = (1 / 10, 3 / 10, 1 / 2, 27 / 40)

# %% agglomerate
LINKAGE_METHODS = ("single", "complete", "average", "weighted")


def agglomerate(D, method):
    if method not in LINKAGE_METHODS:
        raise ValueError("unknown method: " + repr(method))
    D = np.array(D, dtype=float)
    if D.ndim != 2 or D.shape[0] != D.shape[1] or D.shape[0] < 2:
        raise ValueError("D is not a square matrix of at least 2 points")
    if np.isnan(D).any() or np.isinf(D).any():
        raise ValueError("D has NaN or infinite entries")
    if (D < 0).any():
        raise ValueError("D has negative distances")
    if (np.diag(D) != 0).any():
        raise ValueError("D has a non-zero diagonal")
    if (np.abs(D - D.T) > 1e-12).any():
        raise ValueError("D is not symmetric")
    n = len(D)
    clusters = {i: [i] for i in range(n)}        # cluster id -> member points
    wpgma = {}                                     # (id, id) -> distance, for "weighted"

    def distance(a, b):
        if method == "weighted":
            return wpgma[min(a, b), max(a, b)]
        block = [D[p][q] for p in clusters[a] for q in clusters[b]]
        if method == "single":
            return min(block)
        if method == "complete":
            return max(block)
        return sum(block) / len(block)

    if method == "weighted":
        for a in range(n):
            for b in range(a + 1, n):
                wpgma[a, b] = D[a][b]
    rows = []
    for step in range(n - 1):
        best = None
        ids = sorted(clusters)
        for x in range(len(ids)):
            for y in range(x + 1, len(ids)):
                d = distance(ids[x], ids[y])
                if best is None or d <= best[0]:       # ties: the last pair found wins
                    best = (d, ids[x], ids[y])
        d, a, b = best
        new = n + step
        if method == "weighted":
            for c in clusters:
                if c not in (a, b):
                    wpgma[min(c, new), max(c, new)] = (distance(a, c) + distance(b, c)) / 2
        clusters[new] = clusters.pop(a) + clusters.pop(b)
        rows.append([max(a, b), min(a, b), d, len(clusters[new])])
    return np.array(rows, dtype=float)

# %% cut
def cut(Z, k):
    n = len(Z) + 1
    label = list(range(n))                 # point -> current cluster id
    for step in range(n - k):
        a, b = int(Z[step][0]), int(Z[step][1])
        label = [n + step if c in (a, b) else c for c in label]
    names = {c: i + 1 for i, c in enumerate(sorted(set(label)))}
    return np.array([names[c] for c in label])

# %% cophenetic
def cophenetic(Z):
    n = len(Z) + 1

    def leaves(c):
        if c < n:
            return [c]
        row = Z[c - n]
        return leaves(int(row[0])) + leaves(int(row[1]))

    C = np.zeros((n, n))
    for step in range(n - 1):
        for p in leaves(int(Z[step][0])):
            for q in leaves(int(Z[step][1])):
                C[p, q] = C[q, p] = Z[step][2]
    return C
