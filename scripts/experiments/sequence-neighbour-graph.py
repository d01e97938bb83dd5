#!/usr/bin/env python3
"""A prerequisite graph guessed from answer order, for data that has none (issue 16, session 21).

ASSISTments 2009 and Statics 2011 ship no graph, so the related-practice pair (`relatedWins`,
`relatedFails`) is zero there. This writes one from the order of the answers only (no outcome is
read): two skills are neighbours when students often answer one right after the other (runs of
one skill collapsed), each skill keeping its TOP most frequent neighbours; each edge points from
the skill met earlier in students' sequences (mean relative position) to the later one, so the
graph has no cycle. Feed it to `evaluate --prerequisites FILE`; a default fit then adds the pair.

Usage: sequence-neighbour-graph.py INTERACTIONS.csv STUDENT_COL SKILL_COL ORDER_COL OUT.csv TOP
  e.g. ... ../shared/datasets/statics2011/interactions.csv student_idx kc_id seq_idx /tmp/g.csv 3
The header written is `prerequisite_id,SKILL_COL`, which the dataset's preset reads.
"""
import collections
import csv
import sys

path, student_col, skill_col, order_col, out, top = sys.argv[1:7]
top = int(top)
sequences = collections.defaultdict(list)
for row in csv.DictReader(open(path, newline="")):
    sequences[row[student_col]].append((int(row[order_col]), row[skill_col]))

followers = collections.Counter()
positions = collections.defaultdict(list)
for answers in sequences.values():
    answers.sort()
    skills = [skill for _, skill in answers]
    for index, skill in enumerate(skills):
        positions[skill].append(index / max(1, len(skills) - 1))
    runs = [skills[0]] + [b for a, b in zip(skills, skills[1:]) if a != b]
    for a, b in zip(runs, runs[1:]):
        followers[tuple(sorted((a, b)))] += 1

mean_position = {skill: sum(p) / len(p) for skill, p in positions.items()}
neighbours = collections.defaultdict(list)
for (a, b), count in followers.items():
    neighbours[a].append((count, b))
    neighbours[b].append((count, a))
edges = set()
for skill, counted in neighbours.items():
    for _, other in sorted(counted, reverse=True)[:top]:
        first, second = sorted((skill, other), key=lambda s: (mean_position[s], s))
        edges.add((first, second))
with open(out, "w", newline="") as file:
    writer = csv.writer(file)
    writer.writerow(["prerequisite_id", skill_col])
    writer.writerows(sorted(edges))
print(f"{len(edges)} edges over {len(neighbours)} skills -> {out}")
