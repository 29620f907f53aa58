"""One exception tree for the whole project.

Third-party errors are translated at the boundary (``raise ... from exc``) into one of
these, carrying the input they were about, so the CLI can print one clear line.
"""

from __future__ import annotations


class StoryfoldError(Exception):
    """Base of every error storyfold raises on purpose."""

    def __init__(self, message: str, *, input: str | None = None) -> None:
        self.message = message
        self.input = input
        super().__init__(f"{input}: {message}" if input else message)


class InputError(StoryfoldError):
    """An input (path, line, document) that cannot be read or used."""


class FetchError(StoryfoldError):
    """A remote source that could not be fetched."""


class ModelError(StoryfoldError):
    """A model that could not be loaded or run."""


class StoreError(StoryfoldError):
    """The store could not read or write."""
