#!/usr/bin/env python3
"""Order-dependent practice terms fitted *after* the model, on top of its online predictions
(issue 16, session 24).

The window, run and previous-answer features lift ASSISTments when fitted jointly with the model
(`--practice-features`), but they then take part of the practice gains γ⁺/γ⁻ and move mastery
with the order of the answers, which issue 20's diagnostic replay cannot take. Fitted in a
second stage instead, with the model's logit as an offset, they would predict the next answer
and leave mastery exactly as it is. How much of the joint fit's gain would that keep?

For each answer, from the student's earlier answers only (a multi-skill answer averages its
skills' values): recent attempts and wins on the skill among the last 5 answers, answers since the
last one on the skill, right and wrong runs on the skill (all as log(1 + n)), then totals over
every skill and the previous answer's outcome. Weights: a pooled logistic regression with the
model's logit as an offset (ridge 1), shared by every skill, or shared plus a deviation per skill
(ridge λ on the deviations). Cross-fitted: fitted on one half of the students, scored on the
other, and the other way round.

Usage: next-answer-terms.py PREDICTIONS.csv
  where PREDICTIONS.csv is `lotrinh-train evaluate ... --protocol online --predictions FILE`.
Prints the pooled AUC of the model's predictions and of each corrected set. Needs numpy and scipy.
"""
import collections
import sys

import numpy as np
import scipy.sparse as sparse
from scipy.optimize import minimize

from online_predictions import auc, half, students

WINDOW = 5
NAMES = ["recent attempts", "recent wins", "answers since", "right run", "wrong run",
         "total wins", "total fails", "previous win", "previous fail"]


def skill_values(history, index):
    """The five per-skill values of an answer at `index`, from the skill's earlier (index, outcome)s."""
    recent = [outcome for (at, outcome) in history if at >= index - WINDOW]
    since = index - history[-1][0] - 1 if history else 0
    right = wrong = 0
    for _, outcome in reversed(history):
        if outcome < 0.5:
            break
        right += 1
    for _, outcome in reversed(history):
        if outcome >= 0.5:
            break
        wrong += 1
    return [np.log1p(len(recent)), np.log1p(sum(o >= 0.5 for o in recent)), np.log1p(since),
            np.log1p(right), np.log1p(wrong)]


features, offsets, outcomes, halves, first_skills = [], [], [], [], []
for key, answers in students(sys.argv[1]).items():
    per_skill = collections.defaultdict(list)
    previous, wins, fails = None, 0, 0
    for index, row in enumerate(answers):
        skills = row["skill_id"].split(";")
        values = list(np.mean([skill_values(per_skill[s], index) for s in skills], axis=0))
        values += [np.log1p(wins), np.log1p(fails),
                   previous if previous is not None else 0.0, 1 - previous if previous is not None else 0.0]
        p = min(max(float(row["probability"]), 1e-9), 1 - 1e-9)
        outcome = float(row["outcome"])
        features.append(values)
        offsets.append(np.log(p / (1 - p)))
        outcomes.append(outcome)
        halves.append(half(key))
        first_skills.append(skills[0])
        for s in skills:
            per_skill[s].append((index, outcome))
        previous = outcome
        wins += outcome >= 0.5
        fails += outcome < 0.5
features, offsets, outcomes, halves = map(np.array, (features, offsets, outcomes, halves))
skill_index = {s: i for i, s in enumerate(sorted(set(first_skills)))}
skills = np.array([skill_index[s] for s in first_skills])
print(f"model AUC {auc(outcomes, offsets):.4f}")


def per_skill_design(x, rows_skills, count):
    """The deviation columns: row r's values in the block of its skill."""
    k = x.shape[1]
    rows = np.repeat(np.arange(x.shape[0]), k)
    columns = (rows_skills[:, None] * k + np.arange(k)[None, :]).ravel()
    return sparse.csr_matrix((x.ravel(), (rows, columns)), shape=(x.shape[0], count * k))


def corrected(columns, deviation_ridge=None):
    """Cross-fitted logits with the terms in `columns` (shared, plus per skill when a ridge is given)."""
    result = np.zeros(len(outcomes))
    k, count = len(columns), len(skill_index)
    for held in (0, 1):
        train, test = halves != held, halves == held
        x = features[train][:, columns]
        z_design = per_skill_design(x, skills[train], count) if deviation_ridge else None
        y, o = outcomes[train], offsets[train]

        def loss(w):
            z = o + w[0] + x @ w[1:k + 1]
            if z_design is not None:
                z = z + z_design @ w[k + 1:]
            r = 1 / (1 + np.exp(-z)) - y
            value = np.sum(np.logaddexp(0, z) - y * z) + w[1:k + 1] @ w[1:k + 1]
            gradient = [np.array([r.sum()]), x.T @ r + 2 * w[1:k + 1]]
            if z_design is not None:
                value += deviation_ridge * w[k + 1:] @ w[k + 1:]
                gradient.append(z_design.T @ r + 2 * deviation_ridge * w[k + 1:])
            return value, np.concatenate(gradient)

        size = 1 + k + (count * k if z_design is not None else 0)
        w = minimize(loss, np.zeros(size), jac=True, method="L-BFGS-B").x
        xt = features[test][:, columns]
        result[test] = offsets[test] + w[0] + xt @ w[1:k + 1]
        if z_design is not None:
            result[test] += per_skill_design(xt, skills[test], count) @ w[k + 1:]
    return result


sets = {"five (per-skill windows and runs)": list(range(5)),
        "five + previous answer": [0, 1, 2, 3, 4, 7, 8],
        "all nine": list(range(9))}
for name, columns in sets.items():
    print(f"{name:34} shared weights AUC {auc(outcomes, corrected(columns)):.4f}"
          f"   + per-skill (λ 10) AUC {auc(outcomes, corrected(columns, 10.0)):.4f}")
