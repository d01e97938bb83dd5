#!/usr/bin/env python3
"""The student's recent performance across all skills, on top of the model's online predictions
(issue 16, session 22).

Knowledge-tracing models that beat logistic ones lean on how the student did on the last few
answers, whatever their skill. Does that add to the model's online logit? For each answer, from the
student's earlier answers only: the mean outcome of the last 1, 3 and 10 answers (centred at 0.5,
with an indicator for "there is one"), and whether the previous answer had the same skill (with its
outcome). The weights are a pooled logistic regression with the model's logit as an offset (ridge
1), cross-fitted: fitted on one half of the students, scored on the other, and the other way round.

Usage: recent-performance.py PREDICTIONS.csv
  where PREDICTIONS.csv is `lotrinh-train evaluate ... --protocol online --predictions FILE`.
Prints the pooled AUC of the model's predictions and of each corrected set. Needs numpy and scipy.
"""
import sys

import numpy as np

from online_predictions import auc, cross_fitted, half, students

features, offsets, outcomes, halves = [], [], [], []
for key, answers in students(sys.argv[1]).items():
    history, previous_skill = [], None
    for row in answers:
        p = min(max(float(row["probability"]), 1e-9), 1 - 1e-9)
        x = []
        for window in (1, 3, 10):
            last = history[-window:]
            x += [np.mean(last) - 0.5 if last else 0.0, 1.0 if last else 0.0]
        same = 1.0 if row["skill_id"] == previous_skill else 0.0
        x += [same, same * (history[-1] - 0.5) if history else 0.0]
        features.append(x)
        offsets.append(np.log(p / (1 - p)))
        outcomes.append(float(row["outcome"]))
        halves.append(half(key))
        history.append(float(row["outcome"]))
        previous_skill = row["skill_id"]
features, offsets, outcomes, halves = map(np.array, (features, offsets, outcomes, halves))

print(f"model AUC {auc(outcomes, offsets):.4f}")
for name, columns in {"last 1": [0, 1], "last 3": [2, 3], "last 10": [4, 5], "all": list(range(features.shape[1]))}.items():
    corrected = cross_fitted(features, offsets, outcomes, halves, columns)
    print(f"{name:8} AUC {auc(outcomes, corrected):.4f}")
