"""Are the reference solutions within a small factor of the libraries students will use later?

    .venv/bin/python benchmarks/bench_solutions.py

Loads each lab's reference functions from its source notebook (the read-only set-up cells and the
answer cells, executed in a namespace; tests and figures are left out), then times them against
SciPy or scikit-learn doing the same work on the same data. Prints a Markdown table (best of 3).
"""

import contextlib
import io
import os
import platform
import tempfile
import time
import warnings

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402

from coursetool.proof import variants as V  # noqa: E402


def reference_namespace(lab):
    """Every code cell of ``lab``'s source notebook but the tests, executed as grading would."""
    import matplotlib.pyplot as plt

    namespace = {"__name__": f"bench_{lab}"}
    os.environ["NBGRADER_EXECUTION"] = "autograde"      # skips purely illustrative heavy cells
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        for i, cell in enumerate(V.reference(lab).cells):
            meta = cell.metadata.get("nbgrader", {})
            if cell.cell_type == "code" and not meta.get("grade"):
                source = "\n".join(ln for ln in cell.source.splitlines() if not ln.lstrip().startswith("%"))
                exec(compile(source, f"<{lab} cell {i}>", "exec"), namespace)
                plt.close("all")
    del os.environ["NBGRADER_EXECUTION"]
    return namespace


def best_of(func, repeat=3):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


def lab1():
    from scipy.cluster.hierarchy import linkage
    from scipy.spatial.distance import pdist, squareform

    ns = reference_namespace("lab1_linkage")
    X = np.random.default_rng(0).normal(size=(600, 3))
    D, y = squareform(pdist(X)), pdist(X)
    yield ("lab1 agglomerate, 600 points, average", best_of(lambda: ns["agglomerate"](D, "average")),
           "scipy linkage", best_of(lambda: linkage(y, "average")))


def lab2():
    from sklearn.cluster import KMeans

    ns = reference_namespace("lab2_kmeans")
    rng = np.random.default_rng(0)
    X = rng.normal(size=(10_000, 11))
    init = X[rng.choice(len(X), 8, replace=False)]
    # Both run Lloyd to convergence from the same start (sklearn's tol=0: stop when labels settle,
    # as the lab's k_means does), so they do the same number of iterations.
    yield ("lab2 k_means, 10,000 x 11, k = 8, given init",
           best_of(lambda: ns["k_means"](X, 8, init=init, max_iter=300)),
           "sklearn KMeans (lloyd, same init, tol=0)",
           best_of(lambda: KMeans(8, init=init, n_init=1, max_iter=300, algorithm="lloyd", tol=0).fit(X)))


def lab3():
    from sklearn.mixture import GaussianMixture

    ns = reference_namespace("lab3_gmm1d")
    rng = np.random.default_rng(0)
    x = np.where(rng.random(100_000) < 0.3, rng.normal(-1.8, 1.5, 100_000), rng.normal(1.3, 0.7, 100_000))
    pi, mu, sigma = ns["init_from_kmeans"](x)
    yield ("lab3 em, 100,000 points, tol 1e-8",
           best_of(lambda: ns["em"](x, pi, mu, sigma, tol=1e-8)),
           "sklearn GaussianMixture (tol 1e-8)",
           best_of(lambda: GaussianMixture(2, tol=1e-8, max_iter=1000, random_state=0).fit(x[:, None])))


def lab4():
    from sklearn.mixture import GaussianMixture

    ns = reference_namespace("lab4_gmm")
    rng = np.random.default_rng(0)
    centres = rng.normal(scale=6, size=(5, 3))
    X = np.vstack([rng.multivariate_normal(c, np.eye(3), 4_000) for c in centres])
    model = ns["GaussianMixtureEM"]
    yield ("lab4 GaussianMixtureEM, 20,000 x 3, k = 5",
           best_of(lambda: model(5, random_state=0).fit(X)),
           "sklearn GaussianMixture (k-means init)",
           best_of(lambda: GaussianMixture(5, random_state=0).fit(X)))


def lab5():
    from sklearn.metrics import adjusted_rand_score, silhouette_score

    ns = reference_namespace("lab5_catalogue")
    rng = np.random.default_rng(0)
    X = rng.normal(size=(5_000, 3))
    labels = rng.integers(0, 20, 5_000)
    truth = rng.integers(0, 30, 300_000)
    found = rng.integers(0, 30, 300_000)
    yield ("lab5 silhouette, 5,000 x 3, 20 clusters", best_of(lambda: ns["silhouette"](X, labels)),
           "sklearn silhouette_score", best_of(lambda: silhouette_score(X, labels)))
    yield ("lab5 adjusted_rand_index, 300,000 labels",
           best_of(lambda: ns["adjusted_rand_index"](found, truth)),
           "sklearn adjusted_rand_score", best_of(lambda: adjusted_rand_score(truth, found)))


def main():
    import numpy

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"numpy {numpy.__version__}\n")
    print("| reference solution | seconds | library | seconds | ratio |")
    print("|---|---|---|---|---|")
    warnings.filterwarnings("ignore")
    os.chdir(tempfile.mkdtemp(prefix="bench-"))        # notebooks may write files (lab 5 exports CSV)
    for bench in (lab1, lab2, lab3, lab4, lab5):
        try:
            for ours, t_ours, theirs, t_theirs in bench():
                print(f"| {ours} | {t_ours:.3f} | {theirs} | {t_theirs:.3f} | {t_ours / t_theirs:.1f} |",
                      flush=True)
        except (FileNotFoundError, KeyError) as exc:
            print(f"| {bench.__name__}: not available ({exc}) | | | | |")


if __name__ == "__main__":
    main()
