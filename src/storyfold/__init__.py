"""storyfold: many reports of one story in, one cited brief out."""

from __future__ import annotations

__version__ = "0.1.0"
