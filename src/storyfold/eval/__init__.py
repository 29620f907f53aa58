"""Evaluation: summary scores on Multi-News with peers run side by side, clustering scores."""

from __future__ import annotations

from storyfold.eval.multinews import Cluster, ClusterSet, prepare_articles, read_clusters
from storyfold.eval.rouge import Rouge, RougeScores, reference_lines, truncate
from storyfold.eval.run import EvalReport, SystemResult, evaluate
from storyfold.eval.systems import SYSTEM_NAMES, System, make_systems

__all__ = [
    "SYSTEM_NAMES",
    "Cluster",
    "ClusterSet",
    "EvalReport",
    "Rouge",
    "RougeScores",
    "System",
    "SystemResult",
    "evaluate",
    "make_systems",
    "prepare_articles",
    "read_clusters",
    "reference_lines",
    "truncate",
]
