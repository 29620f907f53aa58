"""The numpy walk of LightGBM text models (nlp.trees) predicts what lightgbm predicts."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from storyfold.errors import ModelError
from storyfold.nlp.trees import load_tree_model

ROOT = Path(__file__).resolve().parents[2] / "src" / "storyfold"
SHIPPED = [ROOT / "brief/summary/models/scorer.txt", ROOT / "stories/models/joiner.txt"]


def _rows(columns: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    scale = rng.choice([0.01, 1.0, 10.0, 100.0], size=columns)
    x = rng.normal(size=(400, columns)) * scale + rng.integers(0, 5, size=(400, columns))
    x[rng.random(x.shape) < 0.05] = 0.0
    x[rng.random(x.shape) < 0.02] = np.nan
    return x


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_models_predict_as_lightgbm_does(path: Path) -> None:
    lightgbm = pytest.importorskip("lightgbm")
    model = load_tree_model(path)
    booster = lightgbm.Booster(model_file=str(path))
    assert model.feature_name() == booster.feature_name()
    x = _rows(len(model.feature_name()), seed=3)
    np.testing.assert_allclose(model.predict(x), booster.predict(x), rtol=0, atol=1e-12)


@pytest.mark.parametrize("missing", ["nan", "zero"])
def test_missing_values_take_the_default_branch(tmp_path: Path, missing: str) -> None:
    lightgbm = pytest.importorskip("lightgbm")
    rng = np.random.default_rng(5)
    x = rng.normal(size=(300, 3))
    y = (x[:, 0] + 0.5 * x[:, 1] > 0).astype(float)
    x[rng.random(x.shape) < 0.2] = np.nan if missing == "nan" else 0.0
    params = {
        "objective": "binary",
        "verbose": -1,
        "num_threads": 1,
        "zero_as_missing": missing == "zero",
        "min_data_in_leaf": 5,
    }
    path = tmp_path / "model.txt"
    lightgbm.train(params, lightgbm.Dataset(x, label=y), num_boost_round=20).save_model(str(path))
    test = _rows(3, seed=9)
    expected = lightgbm.Booster(model_file=str(path)).predict(test)
    np.testing.assert_allclose(load_tree_model(path).predict(test), expected, atol=1e-12)


def test_garbage_and_wrong_widths_are_refused(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.txt"
    garbage.write_text("tree\nnot a model\n")
    with pytest.raises(ModelError, match="not a usable LightGBM model"):
        load_tree_model(garbage)
    with pytest.raises(ModelError, match="expected rows of"):
        load_tree_model(SHIPPED[1]).predict(np.zeros((2, 3)))


def test_a_brief_imports_no_training_library(tmp_path: Path) -> None:
    # The shipped LightGBM models are walked with numpy (nlp.trees): lightgbm, scikit-learn
    # and SciPy cost a cold brief about 1.5 s and are needed only to train.
    (tmp_path / "a.txt").write_text(
        "Engineers opened the spillway gates of the dam on Monday after heavy rain.\n"
        "The county told about 1,200 homes downstream to prepare to leave.\n",
        encoding="utf-8",
    )
    code = (
        "import sys, storyfold\n"
        f"b = storyfold.brief(storyfold.load_articles([{str(tmp_path)!r}]))\n"
        "assert b.summary\n"
        "heavy = ('lightgbm', 'sklearn', 'scipy', 'wordllama')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
