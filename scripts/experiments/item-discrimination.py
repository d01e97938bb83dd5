#!/usr/bin/env python3
"""Item discrimination (a 2PL-style slope per item) on top of the model's online predictions
(issue 16, session 22).

The model gives each item a difficulty but lets a student's ability count the same on every
item. Would a slope per item on the student's ability add to the online logit? The ability here is
the logit of the student's running success rate, (wins + 1) / (answers + 2) over their earlier
answers only. The slopes (one per item, ridge LAMBDA, plus one shared slope) are fitted by
logistic regression with the model's logit as an offset. They are cross-fitted: fitted on one
half of the students, scored on the other, and the other way round.

Usage: item-discrimination.py PREDICTIONS.csv [LAMBDA ...]
  where PREDICTIONS.csv is `lotrinh-train evaluate ... --protocol online --predictions FILE`.
Prints the pooled AUC of the model's predictions and of the corrected ones. Needs numpy and scipy.
"""
import sys

import numpy as np
from scipy.optimize import minimize
from scipy.sparse import csr_matrix

from online_predictions import auc, half, students

items = {}
item_of, offsets, outcomes, halves, ability = [], [], [], [], []
for key, answers in students(sys.argv[1]).items():
    answered, wins = 0, 0.0
    for row in answers:
        p = min(max(float(row["probability"]), 1e-9), 1 - 1e-9)
        rate = (wins + 1) / (answered + 2)
        ability.append(np.log(rate / (1 - rate)))
        item_of.append(items.setdefault(row["item_id"] or row["skill_id"], len(items)))
        offsets.append(np.log(p / (1 - p)))
        outcomes.append(float(row["outcome"]))
        halves.append(half(key))
        answered += 1
        wins += float(row["outcome"])
item_of, offsets, outcomes, halves, ability = map(np.array, (item_of, offsets, outcomes, halves, ability))

print(f"model AUC {auc(outcomes, offsets):.4f} ({len(items)} items)")
for penalty in [float(value) for value in sys.argv[2:]] or [10.0, 100.0]:
    corrected = np.zeros(len(outcomes))
    for half in (0, 1):
        train, test = halves != half, halves == half

        def slopes(rows):
            return csr_matrix((ability[rows], (np.arange(rows.sum()), item_of[rows])), shape=(rows.sum(), len(items)))

        design = slopes(train)

        def loss(w):
            z = offsets[train] + design @ w[1:] + w[0] * ability[train]
            residual = 1 / (1 + np.exp(-z)) - outcomes[train]
            gradient = np.concatenate([[residual @ ability[train]], design.T @ residual + 2 * penalty * w[1:]])
            return np.sum(np.logaddexp(0, z) - outcomes[train] * z) + penalty * w[1:] @ w[1:], gradient

        w = minimize(loss, np.zeros(len(items) + 1), jac=True, method="L-BFGS-B").x
        corrected[test] = offsets[test] + slopes(test) @ w[1:] + w[0] * ability[test]
    print(f"lambda {penalty:g}: AUC {auc(outcomes, corrected):.4f}")
