"""What the experiments on `lotrinh-train evaluate --predictions FILE` share: the file read per
student in answer order, the AUC, the split of students into two halves for cross-fitting, and the
cross-fitted correction of the model's logits by further features."""
import collections
import csv
import zlib

from scipy.stats import rankdata


def auc(outcomes, scores):
    """Mann–Whitney AUC with tied scores given their mean rank."""
    ranks = rankdata(scores)
    positive = outcomes >= 0.5
    n_pos, n_neg = positive.sum(), (~positive).sum()
    return (ranks[positive].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def students(path):
    """The predictions' rows per (fold, student), each student's in answer order."""
    answers = collections.defaultdict(list)
    for row in csv.DictReader(open(path, newline="")):
        answers[(row["fold"], row["student_id"])].append(row)
    return answers


def half(student):
    """0 or 1: a student's half for cross-fitting, the same on every run."""
    return zlib.crc32("/".join(student).encode()) % 2


def cross_fitted(features, offsets, outcomes, halves, columns):
    """Logits corrected by a pooled logistic regression on `features[:, columns]` with `offsets`
    as an offset (ridge 1 on every weight, the intercept included), cross-fitted: fitted on one
    half of the students and applied to the other, both ways."""
    import numpy as np
    from scipy.optimize import minimize

    corrected = np.zeros(len(outcomes))
    for held in (0, 1):
        train, test = halves != held, halves == held
        design = features[train][:, columns]

        def loss(w):
            z = offsets[train] + design @ w[1:] + w[0]
            return np.sum(np.logaddexp(0, z) - outcomes[train] * z) + w @ w

        w = minimize(loss, np.zeros(len(columns) + 1), method="L-BFGS-B").x
        corrected[test] = offsets[test] + features[test][:, columns] @ w[1:] + w[0]
    return corrected
