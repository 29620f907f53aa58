"""LightGBM text models evaluated with numpy: the shipped models without importing lightgbm.

Importing lightgbm pulls in scikit-learn and SciPy (about 1.5 s of a cold `storyfold brief`
on this machine, more than the brief itself), only to walk a few hundred small trees. This
reads the model's text form and walks every tree at once, one numpy step per tree level.
It covers what storyfold's models use and refuses the rest with `ModelError`: one class,
numerical splits (no categorical ones), no linear trees, and the objectives "binary",
"cross_entropy" (a sigmoid of the raw sum) and the raw ones ("regression", "lambdarank").
Predictions equal lightgbm's own to float precision (tests/unit/test_trees.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from storyfold.errors import ModelError

# LightGBM's kZeroThreshold: |x| at or below it counts as zero for "zero as missing" splits.
_ZERO = 1e-35
_RAW_OBJECTIVES = ("regression", "regression_l1", "huber", "lambdarank", "rank_xendcg")


@dataclass(frozen=True)
class TreeModel:
    """Every tree's nodes in flat arrays: tree ``t``'s node ``k`` sits at ``t * width + k``,
    its splits first and then its leaves, and a leaf is its own child, so every row can take
    the same number of steps down every tree without masks."""

    names: tuple[str, ...]
    width: int  # slots per tree: splits then leaves
    roots: NDArray[np.intp]  # flat index of each tree's first node (a leaf if it has no split)
    feature: NDArray[np.intp]
    threshold: NDArray[np.float64]
    default_left: NDArray[np.bool_]
    zero_missing: NDArray[np.bool_]  # missing type "Zero": 0 takes the default branch
    nan_missing: NDArray[np.bool_]  # missing type "NaN": NaN takes the default branch
    left: NDArray[np.intp]
    right: NDArray[np.intp]
    value: NDArray[np.float64]  # a leaf's output; 0 for splits
    depth: int  # the deepest leaf's depth: steps every row takes
    sigmoid: float | None  # None: the raw sum is the prediction

    def feature_name(self) -> list[str]:
        return list(self.names)

    def predict(self, features: NDArray[np.floating], num_threads: int = 1) -> NDArray[np.float64]:
        """One prediction per row, as ``lightgbm.Booster.predict`` gives it."""
        del num_threads  # one thread always; kept so callers of lightgbm's API need no change
        x = np.asarray(features, dtype=np.float64)
        if x.ndim != 2 or x.shape[1] != len(self.names):
            raise ModelError(f"expected rows of {len(self.names)} features, got {x.shape}")
        nan = np.isnan(x)
        has_nan = bool(nan.any())
        if has_nan:
            # LightGBM reads NaN as 0 unless NaN itself is the missing value (below).
            x = np.where(nan, 0.0, x)
        check_zero = bool(self.zero_missing.any())
        offsets = (np.arange(x.shape[0]) * x.shape[1])[:, None]
        flat = x.ravel()
        node = np.broadcast_to(self.roots, (x.shape[0], len(self.roots))).copy()
        for _ in range(self.depth):
            at = offsets + self.feature[node]
            go_left = flat[at] <= self.threshold[node]
            if check_zero or has_nan:
                missing = np.zeros_like(go_left)
                if check_zero:
                    missing |= self.zero_missing[node] & (np.abs(flat[at]) <= _ZERO)
                if has_nan:
                    missing |= self.nan_missing[node] & nan.ravel()[at]
                go_left = np.where(missing, self.default_left[node], go_left)
            node = np.where(go_left, self.left[node], self.right[node])
        raw: NDArray[np.float64] = self.value[node].sum(axis=1)
        if self.sigmoid is None:
            return raw
        result: NDArray[np.float64] = 1.0 / (1.0 + np.exp(-self.sigmoid * raw))
        return result


def load_tree_model(path: Path) -> TreeModel:
    """The model in LightGBM's text format at ``path``; `ModelError` naming it otherwise."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ModelError(f"cannot read the model: {exc.strerror or exc}", input=str(path)) from exc
    try:
        return _parse(text)
    except (KeyError, ValueError, IndexError) as exc:
        raise ModelError(f"not a usable LightGBM model: {exc}", input=str(path)) from exc


def _parse(text: str) -> TreeModel:
    blocks = text.split("\n\n")
    header = _fields(blocks[0])
    if header.get("num_class", "1") != "1" or header.get("num_tree_per_iteration", "1") != "1":
        raise ValueError("only single-class models are supported")
    names = tuple(header["feature_names"].split())
    sigmoid = _sigmoid(header["objective"])
    trees = [_fields(b) for b in blocks if b.lstrip().startswith("Tree=")]
    if not trees:
        raise ValueError("no trees")
    width = max(2 * int(t["num_leaves"]) - 1 for t in trees)
    size = len(trees) * width
    feature = np.zeros(size, dtype=np.intp)
    threshold = np.zeros(size, dtype=np.float64)
    decision = np.zeros(size, dtype=np.int64)
    left = np.arange(size, dtype=np.intp)  # unused slots and leaves point at themselves
    right = np.arange(size, dtype=np.intp)
    value = np.zeros(size, dtype=np.float64)
    roots = np.zeros(len(trees), dtype=np.intp)
    depth = 0
    for k, tree in enumerate(trees):
        if tree.get("is_linear", "0") != "0":
            raise ValueError("linear trees are not supported")
        if tree.get("num_cat", "0") != "0":
            raise ValueError("categorical splits are not supported")
        base = k * width
        splits = int(tree["num_leaves"]) - 1
        # Saved leaf values already include the learning rate (shrinkage).
        leaves = [float(v) for v in tree["leaf_value"].split()]
        value[base + splits : base + splits + len(leaves)] = leaves
        roots[k] = base if splits else base + splits
        if not splits:
            continue
        span = slice(base, base + splits)
        feature[span] = [int(v) for v in tree["split_feature"].split()]
        threshold[span] = [float(v) for v in tree["threshold"].split()]
        decision[span] = [int(v) for v in tree["decision_type"].split()]

        def child(c: int, base: int = base, splits: int = splits) -> int:
            return base + c if c >= 0 else base + splits + ~c

        children = [
            [child(int(v)) for v in tree[key].split()] for key in ("left_child", "right_child")
        ]
        left[span], right[span] = children
        depth = max(depth, _depth(children, base))
    if (decision & 1).any():
        raise ValueError("categorical splits are not supported")
    missing_type = (decision >> 2) & 3
    return TreeModel(
        names=names,
        width=width,
        roots=roots,
        feature=feature,
        threshold=threshold,
        default_left=(decision & 2) > 0,
        zero_missing=missing_type == 1,
        nan_missing=missing_type == 2,
        left=left,
        right=right,
        value=value,
        depth=depth,
        sigmoid=sigmoid,
    )


def _depth(children: list[list[int]], base: int) -> int:
    """Steps from the root (at ``base``) to the deepest leaf."""
    splits = len(children[0])
    deepest, level, frontier = 0, 0, [base]
    while frontier:
        level += 1
        nxt = [c for n in frontier for c in (children[0][n - base], children[1][n - base])]
        deepest = level
        frontier = [c for c in nxt if c < base + splits]
    return deepest


def _fields(block: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in block.splitlines():
        key, sep, value = line.partition("=")
        if sep:
            fields[key.strip()] = value
    return fields


def _sigmoid(objective: str) -> float | None:
    name, *options = objective.split()
    if name in ("binary", "cross_entropy", "xentropy"):
        for option in options:
            key, _, value = option.partition(":")
            if key == "sigmoid":
                return float(value)
        return 1.0
    if name in _RAW_OBJECTIVES:
        return None
    raise ValueError(f"objective {name!r} is not supported")
