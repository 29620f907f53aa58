"""Settings a user can change, with the defaults the CLI shows."""

from __future__ import annotations

from dataclasses import asdict, dataclass

DEFAULT_WORDS = 230
DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# The forms a brief is rendered in (storyfold.render); here so the CLI can check a flag
# without importing the renderers.
FORMATS: tuple[str, ...] = ("json", "md", "html")


@dataclass(frozen=True)
class Settings:
    words: int = DEFAULT_WORDS  # word budget of the summary
    max_bytes: int = DEFAULT_MAX_BYTES  # inputs larger than this are skipped
    embedder: str = "wordllama"
    # "auto": the shipped learned scorer, else the unsupervised one; "learned"; "none".
    scorer: str = "auto"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)
