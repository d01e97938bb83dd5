#!/usr/bin/env python3
"""Practice on related skills as a predictor on Junyi 2015's random split (issue 16, Junyi target).

A plain logistic regression, fitted here with scipy, so that the lever can be judged before the
engine has it: Rasch (student and exercise biases, ridge λ 1 and 0.1) against Rasch plus two
terms, log(1 + wins) and log(1 + fails) of the same student on the exercise's related exercises,
related meaning either neighbours in the prerequisite graph (either direction) or the exercises
of the same topic. Training rows `train` and `val` of `conecd_split`, test rows `test`, as
`lotrinh-train evaluate --preset junyi --protocol random` splits them.

Two ways of counting, both leak-free (a test outcome is never counted):
  all-training  every other training answer of the student (the split has no order);
  sequential    the student's earlier training rows in file order. Lotrinh's practice features
                count so, and on this file test rows see their student's training rows either
                way (the same AUC whether test rows count all training rows or earlier ones).

A last line splits the graph neighbours into prerequisites and dependents (four terms, each
direction's wins and fails; session 17: 0.8311 against 0.8303 undirected), a lead for the engine.

Usage: scripts/experiments/junyi-related-practice.py [DATASET_DIR]   (numpy and scipy; about 4 min)
"""
import collections
import csv
import sys

import numpy as np
import scipy.sparse as sp
from scipy.optimize import minimize

folder = sys.argv[1] if len(sys.argv) > 1 else '../shared/datasets/junyi2015'
rows = list(csv.DictReader(open(f'{folder}/responses.csv')))
exercises = {e['exercise_idx']: e for e in csv.DictReader(open(f'{folder}/exercises.csv'))}
graph = collections.defaultdict(set)
prerequisites = collections.defaultdict(set)
dependents = collections.defaultdict(set)
for edge in csv.DictReader(open(f'{folder}/prerequisite_edges.csv')):
    graph[edge['prereq_idx']].add(edge['exercise_idx'])
    graph[edge['exercise_idx']].add(edge['prereq_idx'])
    prerequisites[edge['exercise_idx']].add(edge['prereq_idx'])
    dependents[edge['prereq_idx']].add(edge['exercise_idx'])
by_topic = collections.defaultdict(set)
for key, exercise in exercises.items():
    by_topic[exercise['topic']].add(key)


def related(kind, exercise):
    if kind == 'topic':
        found = by_topic[exercises[exercise]['topic']]
    else:
        found = {'graph': graph, 'prerequisites': prerequisites, 'dependents': dependents}[kind][exercise]
    return found - {exercise}


def index(table, key):
    return table.setdefault(key, len(table))


students, items = {}, {}
student = np.array([index(students, r['student_idx']) for r in rows])
exercise = np.array([index(items, r['exercise_idx']) for r in rows])
outcome = np.array([float(r['correct']) for r in rows])
training = np.array([r['conecd_split'] != 'test' for r in rows])
history = collections.defaultdict(dict)  # every training answer, by student and exercise
for i, r in enumerate(rows):
    if training[i]:
        history[r['student_idx']][r['exercise_idx']] = outcome[i]


def counts(kind, sequential):
    values = np.zeros((len(rows), 2))
    earlier = collections.defaultdict(dict)
    for i, r in enumerate(rows):
        u, s = r['student_idx'], r['exercise_idx']
        source = earlier[u] if (sequential and training[i]) else history[u]
        wins = sum(1 for n in related(kind, s) if source.get(n) == 1.0)
        fails = sum(1 for n in related(kind, s) if source.get(n) == 0.0)
        values[i] = [np.log1p(wins), np.log1p(fails)]
        if training[i]:
            earlier[u][s] = outcome[i]
    return values


def auc(scores, labels):
    order = np.argsort(scores)
    ranks = np.empty(len(scores))
    ranks[order] = np.arange(1, len(scores) + 1)
    positives = labels.sum()
    return (ranks[labels == 1].sum() - positives * (positives + 1) / 2) / (positives * (len(labels) - positives))


def fit(extra):
    n = len(rows)
    blocks, penalty = [sp.csr_matrix(np.ones((n, 1)))], [np.zeros(1)]
    for column, lam in [(student, 1.0), (exercise, 0.1)]:
        width = column.max() + 1
        blocks.append(sp.csr_matrix((np.ones(n), (np.arange(n), column)), shape=(n, width)))
        penalty.append(np.full(width, lam))
    if extra is not None:
        blocks.append(sp.csr_matrix(extra))
        penalty.append(np.full(extra.shape[1], 0.01))
    design = sp.hstack(blocks).tocsr()
    penalty = np.concatenate(penalty)
    x, y = design[training], outcome[training]

    def objective(w):
        z = x @ w
        p = 1 / (1 + np.exp(-z))
        return np.sum(np.logaddexp(0, z) - y * z) + 0.5 * np.sum(penalty * w * w), x.T @ (p - y) + penalty * w

    w = minimize(objective, np.zeros(design.shape[1]), jac=True, method='L-BFGS-B', options={'maxiter': 3000}).x
    weights = '' if extra is None else '  weights ' + ' '.join(f'{v:.3f}' for v in w[-extra.shape[1]:])
    return f'{auc(design[~training] @ w, outcome[~training]):.4f}{weights}'


print(f'Rasch                               AUC {fit(None)}')
for sequential in (False, True):
    for kind in ('graph', 'topic'):
        label = f"{kind} neighbours, {'sequential' if sequential else 'all-training'}"
        print(f'{label:<36}AUC {fit(counts(kind, sequential))}')
directed = np.hstack([counts('prerequisites', True), counts('dependents', True)])
print(f'{"prerequisites and dependents apart":<36}AUC {fit(directed)}')
