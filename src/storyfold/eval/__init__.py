"""Evaluation: summary scores on Multi-News, clustering scores, peers run side by side."""
