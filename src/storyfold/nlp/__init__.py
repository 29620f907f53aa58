"""Models behind small interfaces; each loads lazily, once, from files its package ships."""

from __future__ import annotations

from storyfold.nlp.embeddings import EMBEDDERS, Embedder, get_embedder, unit_rows

__all__ = ["EMBEDDERS", "Embedder", "get_embedder", "unit_rows"]
