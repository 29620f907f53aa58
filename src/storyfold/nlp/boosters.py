"""LightGBM models shipped inside the package: loading them safely and writing them.

Both learned parts of storyfold (the summary's sentence scorer and the clusterer's join
decision) are LightGBM text files checked against the feature names this version computes,
so a model from another version is refused with the command that retrains it, never
silently fed the wrong columns.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from storyfold.errors import ModelError
from storyfold.nlp.trees import load_tree_model


def load_booster(path: Path, features: tuple[str, ...], *, what: str, retrain: str) -> object:
    """The LightGBM booster at ``path``; `ModelError` naming the file if it is missing, not a
    model, or expects other features than ``features``. ``what`` names the model in
    messages ("scorer"), ``retrain`` is the command that makes a new one."""
    if not path.is_file():
        raise ModelError(f"no {what} model file", input=str(path))
    # Walked with numpy (nlp.trees), not lightgbm: importing lightgbm costs a cold process
    # about 1.5 s (it imports scikit-learn and SciPy); lightgbm is needed only to train.
    booster = load_tree_model(path)
    names = tuple(booster.feature_name())
    if names != features:
        raise ModelError(
            f"the model expects {len(names)} features ({', '.join(names)}), this version"
            f" computes {len(features)} ({', '.join(features)}); retrain with `{retrain}`",
            input=str(path),
        )
    return booster


def train_booster(
    features: NDArray[np.floating],
    labels: NDArray[np.number],
    names: tuple[str, ...],
    params: dict[str, object],
    rounds: int,
    *,
    what: str,
) -> object:
    """A LightGBM booster trained on ``features`` (columns ``names``) and ``labels``;
    `ModelError` when lightgbm is not installed. ``what`` names the model in messages."""
    try:
        import lightgbm
    except ImportError as exc:
        raise ModelError(f"training the {what} needs lightgbm, which is not installed") from exc
    data = lightgbm.Dataset(features, label=labels, feature_name=list(names), free_raw_data=True)
    return lightgbm.train(params, data, num_boost_round=rounds)


def save_booster(booster: object, output: Path) -> None:
    """Write ``booster`` as a LightGBM text model, creating the folder; `ModelError` if the
    file cannot be written."""
    output.parent.mkdir(parents=True, exist_ok=True)
    try:
        booster.save_model(str(output))  # type: ignore[attr-defined]
    except Exception as exc:
        raise ModelError(f"could not write the model: {exc}", input=str(output)) from exc
