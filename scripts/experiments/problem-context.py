#!/usr/bin/env python3
"""The student's earlier answers in the same problem, on top of the model's online predictions
(Statics 2011 only; issue 16, session 24).

Statics' items are the steps of tutor problems (`tutor_05_03_q10_A`: problem `tutor_05_03`), and
a student answers a problem's steps one after another. Does how they did on the earlier steps of
the same problem add to the model's online logit? Features, from the student's earlier answers
in the problem only: their mean outcome (centred at 0.5, with an indicator for "there is one"),
log(1 + wins) and log(1 + fails), and the last step's outcome. Weights: a pooled logistic
regression with the model's logit as an offset (ridge 1), cross-fitted on two halves of the
students.

Usage: problem-context.py PREDICTIONS.csv INTERACTIONS.csv
  PREDICTIONS.csv from `lotrinh-train evaluate --preset statics --data DIR --protocol online
  --predictions FILE`, INTERACTIONS.csv the dataset's file (for the step names). Needs numpy, scipy.
"""
import collections
import csv
import sys

import numpy as np

from online_predictions import auc, cross_fitted, half, students

steps = collections.defaultdict(list)
for row in csv.DictReader(open(sys.argv[2], newline="")):
    if row["dkvmn_split"] == "test":
        steps[row["student_idx"]].append(row)
for rows in steps.values():
    rows.sort(key=lambda row: int(row["seq_idx"]))

features, offsets, outcomes, halves = [], [], [], []
for key, answers in students(sys.argv[1]).items():
    source = steps[key[1]]
    assert len(source) == len(answers), f"student {key[1]}: {len(source)} rows in the data, {len(answers)} predictions"
    earlier = collections.defaultdict(list)
    for row, step in zip(answers, source):
        seen = earlier[step["step_name"].split(" ")[0].split("_q")[0]]
        wins = sum(seen)
        features.append([np.mean(seen) - 0.5 if seen else 0.0, 1.0 if seen else 0.0,
                         np.log1p(wins), np.log1p(len(seen) - wins), seen[-1] - 0.5 if seen else 0.0])
        p = min(max(float(row["probability"]), 1e-9), 1 - 1e-9)
        offsets.append(np.log(p / (1 - p)))
        outcomes.append(float(row["outcome"]))
        halves.append(half(key))
        seen.append(float(row["outcome"]))
features, offsets, outcomes, halves = map(np.array, (features, offsets, outcomes, halves))
print(f"model AUC {auc(outcomes, offsets):.4f}; answers after an earlier step of their problem: {features[:, 1].mean():.0%}")
for name, columns in {"mean": [0, 1], "wins, fails": [2, 3], "last step": [4, 1], "all": [0, 1, 2, 3, 4]}.items():
    corrected = cross_fitted(features, offsets, outcomes, halves, columns)
    print(f"{name:12} AUC {auc(outcomes, corrected):.4f}")
