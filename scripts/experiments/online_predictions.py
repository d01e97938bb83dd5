"""What the experiments on `lotrinh-train evaluate --predictions FILE` share: the file read per
student in answer order, the AUC, and the split of students into two halves for cross-fitting."""
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
