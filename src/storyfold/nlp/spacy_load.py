"""spaCy and its English pipeline, loaded with only the work the NER needs.

A cold `storyfold brief` spent about a third of its time importing spaCy and loading its
pipeline, and much of that on parts nothing here uses:

- ``import spacy`` imports spaCy's own command line (``spacy.cli``: typer, requests, httpx,
  weasel, jinja2; about 0.3 s of 1.0 s on a busy machine) for the one name ``spacy.info``.
  `import_spacy` imports spaCy with a stand-in for that name; the real ``spacy.cli`` is
  imported by whoever asks for it afterwards (``import spacy.cli``, or ``spacy.cli``).
- ``spacy.load`` first builds a tokenizer from the language's defaults (2,700 special cases
  and three compiled regexes) and then replaces every one of its settings with those saved
  in the package. `load_pipeline` starts from an empty tokenizer instead, so the saved one
  is read once; the tokens are the same (tests/unit/test_model_loading.py).
"""

from __future__ import annotations

import importlib
import sys
import threading
import types
from collections.abc import Callable, Sequence
from typing import Any

# The modules of spaCy's command line that ``spacy/__init__.py`` imports (for ``info``).
_CLI_MODULES = ("spacy.cli", "spacy.cli.info")
_BLANK_TOKENIZER = "storyfold.blank_tokenizer.v1"
_lock = threading.Lock()


def import_spacy() -> types.ModuleType:
    """The ``spacy`` module, imported without its command line where that can be done."""
    loaded = sys.modules.get("spacy")
    if loaded is not None:
        return loaded
    with _lock:
        loaded = sys.modules.get("spacy")  # imported by another thread meanwhile
        if loaded is not None:
            return loaded
        if any(name in sys.modules for name in _CLI_MODULES):
            import spacy  # someone imported spaCy's CLI already: nothing to save

            return spacy
        stand_in = types.ModuleType("spacy.cli.info")
        stand_in.info = _info  # type: ignore[attr-defined]
        sys.modules.update(dict.fromkeys(_CLI_MODULES, stand_in))
        try:
            import spacy
        except ImportError:
            # A spaCy that needs more of its CLI at import: take the ordinary way.
            _drop(_CLI_MODULES)
            import spacy
        finally:
            # Found in sys.modules, the stand-ins were never bound as attributes of the
            # package; once gone, `import spacy.cli` later loads the real one.
            _drop(_CLI_MODULES)
        if "__getattr__" not in vars(spacy) and "cli" not in vars(spacy):
            # Code that reaches `spacy.cli` through the package, as an ordinary import of
            # spaCy allows, gets the real one on first use.
            vars(spacy)["__getattr__"] = _cli_on_first_use
        return spacy


def _info(*args: Any, **kwargs: Any) -> Any:
    """``spacy.info``: spaCy's own, imported when it is first called."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def _cli_on_first_use(name: str) -> Any:
    if name == "cli":
        return importlib.import_module("spacy.cli")
    raise AttributeError(f"module 'spacy' has no attribute {name!r}")


def _drop(names: Sequence[str]) -> None:
    for name in names:
        module = sys.modules.get(name)
        if module is not None and getattr(module, "info", None) is _info:
            del sys.modules[name]


def load_pipeline(name: str, exclude: Sequence[str]) -> Any:
    """The installed spaCy pipeline ``name`` without the components in ``exclude``."""
    spacy = import_spacy()
    _register_blank_tokenizer(spacy)
    # The package's config names spaCy's default tokenizer and no settings of its own, so
    # only the factory changes; the saved tokenizer replaces every setting (from_bytes).
    config = {"nlp": {"tokenizer": {"@tokenizers": _BLANK_TOKENIZER}}}
    return spacy.load(name, exclude=list(exclude), config=config)


def _register_blank_tokenizer(spacy: types.ModuleType) -> None:
    registry = spacy.registry.tokenizers
    if _BLANK_TOKENIZER in registry:
        return

    def blank_tokenizer() -> Callable[[Any], Any]:
        tokenizer_class = importlib.import_module("spacy.tokenizer").Tokenizer

        def make(nlp: Any) -> Any:
            return tokenizer_class(nlp.vocab)

        return make

    registry.register(_BLANK_TOKENIZER, func=blank_tokenizer)
