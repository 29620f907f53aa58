"""Stage 1: inputs to article rows, one task per WARC file, the library's readers inside."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from storyfold.spark.records import RECORD, jsonl_rows, parquet_rows, skipped_row, warc_rows

if TYPE_CHECKING:
    import pandas as pd
    from pyspark.sql import DataFrame, SparkSession

WARC_SUFFIXES = (".warc", ".warc.gz", ".arc.gz")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".json", ".json.gz")
PARQUET_SUFFIXES = (".parquet",)


@dataclass
class Inputs:
    """The job's inputs by kind; `unknown` are reported as skipped, never dropped."""

    warc: list[str] = field(default_factory=list)
    jsonl: list[str] = field(default_factory=list)
    parquet: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    def count(self) -> int:
        return len(self.warc) + len(self.jsonl) + len(self.parquet) + len(self.unknown)


def classify(paths: Sequence[str]) -> Inputs:
    """Sort inputs by their names. A local folder is walked (sorted); any other path
    (hdfs://, s3a://, a glob) goes to Spark as given."""
    inputs = Inputs()
    for path in paths:
        if "://" not in path and os.path.isdir(path):
            if _is_parquet_folder(path):
                inputs.parquet.append(path)
                continue
            for root, dirs, files in os.walk(path):
                dirs.sort()
                for name in sorted(files):
                    if not name.startswith((".", "_")):
                        _add(inputs, os.path.join(root, name))
        else:
            _add(inputs, path)
    return inputs


def _is_parquet_folder(path: str) -> bool:
    return any(name.endswith(PARQUET_SUFFIXES) for name in os.listdir(path)) and not any(
        name.endswith(WARC_SUFFIXES + JSONL_SUFFIXES) for name in os.listdir(path)
    )


def _add(inputs: Inputs, path: str) -> None:
    lower = path.lower()
    if lower.endswith(WARC_SUFFIXES):
        inputs.warc.append(path)
    elif lower.endswith(JSONL_SUFFIXES):
        inputs.jsonl.append(path)
    elif lower.endswith(PARQUET_SUFFIXES):
        inputs.parquet.append(path)
    else:
        inputs.unknown.append(path)


def read_records(spark: SparkSession, inputs: Inputs) -> DataFrame:
    """Article and skipped rows (`RECORD`) from every input, extracted and cleaned by the
    library's functions inside the tasks."""
    frames: list[DataFrame] = []
    if inputs.warc:
        # One row per file; files at least spark.sql.files.maxPartitionBytes (128 MB; CC-NEWS
        # files are about 1 GB) are a task each, smaller ones share a task.
        files = spark.read.format("binaryFile").load(_uris(inputs.warc)).select("path", "content")
        frames.append(files.mapInPandas(_warc_batches, RECORD))
    if inputs.jsonl:
        texts = spark.read.text(_uris(inputs.jsonl), wholetext=True)
        from pyspark.sql import functions as F

        texts = texts.select(F.input_file_name().alias("path"), F.col("value"))
        frames.append(texts.mapInPandas(_jsonl_batches, RECORD))
    if inputs.parquet:
        from pyspark.sql import functions as F

        table = spark.read.parquet(*_uris(inputs.parquet))
        table = table.withColumn("_path", F.input_file_name())
        frames.append(table.mapInPandas(_parquet_batches, RECORD))
    if inputs.unknown:
        rows = [
            skipped_row(path, "not a WARC, JSONL or Parquet input (by its name)")
            for path in inputs.unknown
        ]
        frames.append(spark.createDataFrame(rows, RECORD))
    if not frames:
        return spark.createDataFrame([], RECORD)
    result = frames[0]
    for frame in frames[1:]:
        result = result.unionByName(frame)
    return result


def _uris(paths: Sequence[str]) -> list[str]:
    return [path if "://" in path else "file://" + os.path.abspath(path) for path in paths]


def _local(path: str) -> str:
    """A `file:` URI as the plain path the user gave (skips name what they typed)."""
    if not path.startswith("file:"):
        return path
    from urllib.parse import unquote, urlparse

    return unquote(urlparse(path).path)


def _frame(rows: list[dict[str, Any]]) -> pd.DataFrame:
    import pandas as pd

    columns = [part.split()[0] for part in RECORD.split(", ")]
    frame = pd.DataFrame(rows, columns=columns)
    for column in ("published_us", "fetched_us"):
        frame[column] = frame[column].astype("Int64")
    return frame


def _warc_batches(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    for batch in batches:
        for path, content in zip(batch["path"], batch["content"], strict=True):
            yield _frame(list(warc_rows(_local(path), bytes(content))))


def _jsonl_batches(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    for batch in batches:
        for path, text in zip(batch["path"], batch["value"], strict=True):
            yield _frame(list(jsonl_rows(_local(path), text)))


def _parquet_batches(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    for batch in batches:
        rows: list[dict[str, Any]] = []
        for record in batch.to_dict("records"):
            path = _local(str(record.pop("_path")))
            rows.extend(parquet_rows(path, record))
        yield _frame(rows)
