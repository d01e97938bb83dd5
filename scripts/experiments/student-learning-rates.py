#!/usr/bin/env python3
"""Per-student learning rates on top of the model's online predictions (issue 16, session 21).

Does a student's own speed of learning add to what the fold-in already knows? For each held-out
student, in answer order, two weights δ⁺ and δ⁻ on log(1 + wins) and log(1 + fails) of the
answer's skill (a multi-skill question: the mean over its skills) are fitted by ridge logistic
regression (penalty LAMBDA, three Newton steps) on the student's earlier answers, with the
model's logit as an offset, and the next answer is predicted with them. `bias` fits one offset
per student instead, `total` a weight on log(1 + all earlier answers). Nothing is read before it
would be known: each answer is scored before it joins the fit.

Usage: student-learning-rates.py PREDICTIONS.csv [LAMBDA] [rates|bias|total]
  where PREDICTIONS.csv is `lotrinh-train evaluate ... --protocol online --predictions FILE`.
Prints the pooled AUC of the model's predictions and of the corrected ones. Needs numpy.
"""
import collections
import sys

import numpy as np

from online_predictions import auc, students

path = sys.argv[1]
penalty = float(sys.argv[2]) if len(sys.argv) > 2 else 100.0
variant = sys.argv[3] if len(sys.argv) > 3 else "rates"
outcomes, model_logits, corrected = [], [], []
for answers in students(path).values():
    wins, fails, seen = collections.Counter(), collections.Counter(), 0
    features, offsets, targets, delta = [], [], [], None
    for row in answers:
        skills = row["skill_id"].split(";")
        outcome = float(row["outcome"])
        p = min(max(float(row["probability"]), 1e-9), 1 - 1e-9)
        offset = np.log(p / (1 - p))
        if variant == "rates":
            x = np.array([np.mean([np.log1p(wins[s]) for s in skills]), np.mean([np.log1p(fails[s]) for s in skills])])
        elif variant == "bias":
            x = np.array([1.0])
        else:
            x = np.array([np.log1p(seen)])
        logit = offset
        if features:
            a, z, y = np.array(features), np.array(offsets), np.array(targets)
            d = np.zeros(len(x)) if delta is None else delta
            for _ in range(3):
                q = 1 / (1 + np.exp(-(z + a @ d)))
                gradient = a.T @ (q - y) + penalty * d
                hessian = (a * (q * (1 - q))[:, None]).T @ a + penalty * np.eye(len(x))
                d = d - np.linalg.solve(hessian, gradient)
            delta = d
            logit = offset + x @ delta
        outcomes.append(outcome)
        model_logits.append(offset)
        corrected.append(logit)
        features.append(x)
        offsets.append(offset)
        targets.append(outcome)
        for s in skills:
            if outcome >= 0.5:
                wins[s] += 1
            else:
                fails[s] += 1
        seen += 1

outcomes = np.array(outcomes)
print(f"{path}: {variant}, λ {penalty:g}: model AUC {auc(outcomes, np.array(model_logits)):.4f}, "
      f"corrected {auc(outcomes, np.array(corrected)):.4f} ({len(outcomes)} answers)")
