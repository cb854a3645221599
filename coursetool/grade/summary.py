"""The instructor's summary of a graded class: where students lose their points.

Written next to the gradebook as ``summary/``: ``labs.csv`` (score statistics
per lab), ``cells.csv`` (pass rate of every graded cell, hardest first) and
``summary.png`` (score distribution per lab, pass rate per cell).
"""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402


def lab_table(report):
    """Per lab: submissions, mean, median, min, max score and the share with full marks."""
    rows = []
    for lab in report.table.columns:
        scores = report.table[lab].dropna()
        top = report.max_scores.get(lab, 0)
        rows.append({"lab": lab, "max": top, "students": len(scores), "mean": scores.mean(),
                     "median": scores.median(), "min": scores.min(), "max_seen": scores.max(),
                     "full_marks": (scores >= top).mean() if len(scores) else float("nan")})
    return pd.DataFrame(rows).set_index("lab")


def cell_table(report):
    """Every graded cell: its points and the share of students who got them all, hardest first."""
    rows = []
    for lab, scores in report.cells.items():
        for grade_id, top in report.cell_max.get(lab, {}).items():
            col = scores[grade_id] if grade_id in scores else pd.Series(dtype=float)
            rows.append({"lab": lab, "cell": grade_id, "points": top,
                         "pass_rate": (col >= top).mean() if len(col) else float("nan"),
                         "mean_points": col.mean()})
    table = pd.DataFrame(rows, columns=["lab", "cell", "points", "pass_rate", "mean_points"])
    return table.sort_values(["pass_rate", "lab", "cell"]).reset_index(drop=True)


def plot_summary(labs, cells, report, path):
    """Score distribution per lab (left) and pass rate per graded cell (right)."""
    n_cells = max(len(cells), 1)
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, max(3.5, 0.22 * n_cells + 1)),
                                   gridspec_kw={"width_ratios": [1, 1.3]})
    data = [100 * report.table[lab].dropna() / max(report.max_scores.get(lab, 1), 1e-9)
            for lab in labs.index]
    for i, d in enumerate(data, 1):
        jitter = 0.25 * ((pd.Series(range(len(d))) * 0.618) % 1 - 0.5)
        ax1.plot(d, i + jitter, "o", alpha=0.5, ms=4)
        ax1.plot([d.median()] * 2, [i - 0.35, i + 0.35], "k-", lw=2)
    ax1.set_yticks(range(1, len(data) + 1), list(labs.index))
    ax1.invert_yaxis()
    ax1.set_xlabel("score (% of the lab's points)")
    ax1.set_title("Score distribution per lab")
    ax1.set_xlim(-5, 105)
    labels = [f"{r.lab}: {r.cell}" for r in cells.itertuples()]
    ax2.barh(range(len(cells)), 100 * cells["pass_rate"], color="tab:orange")
    ax2.set_yticks(range(len(cells)), labels, fontsize=7)
    ax2.invert_yaxis()
    ax2.set_xlim(0, 100)
    ax2.set_xlabel("students with full points (%)")
    ax2.set_title("Pass rate per graded cell (hardest on top)")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_summary(course, report):
    """Write labs.csv, cells.csv and summary.png into ``<course>/summary``; return the folder."""
    out = course.root / "summary"
    out.mkdir(exist_ok=True)
    labs, cells = lab_table(report), cell_table(report)
    labs.to_csv(out / "labs.csv")
    cells.to_csv(out / "cells.csv", index=False)
    pd.DataFrame(report.flagged, columns=["student", "lab", "cell", "reason"]).to_csv(out / "flagged.csv", index=False)
    if len(labs):
        plot_summary(labs, cells, report, out / "summary.png")
    return out
