"""The Spark session the job runs in: UTC, and bound to 127.0.0.1 in local mode."""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

# Shuffle partitions when the user's configuration sets none: Spark's 200 is far too many
# for the small tables after dedup (band buckets, shards), each a Python worker hand-off.
DEFAULT_SHUFFLE_PARTITIONS = 16


def build_session(
    master: str | None = None,
    app_name: str = "storyfold",
    shuffle_partitions: int | None = None,
    conf: dict[str, str] | None = None,
) -> SparkSession:
    """A session for the job. With no `master`, spark-submit's (or the default local[*]).
    Times are read and written in UTC whatever the machine's zone, so dates never shift."""
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName(app_name)
    if master is not None:
        builder = builder.master(master)
    if master is not None and master.startswith("local"):
        # A local run talks to itself only: no port open beyond this machine.
        builder = builder.config("spark.driver.host", "127.0.0.1").config(
            "spark.driver.bindAddress", "127.0.0.1"
        )
        builder = builder.config("spark.ui.enabled", "false")
        # Local workers run this interpreter, which has storyfold; on a cluster the
        # user's configuration names the executors' Python.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        builder = builder.config("spark.pyspark.python", os.environ["PYSPARK_PYTHON"])
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    builder = builder.config("spark.sql.session.timeZone", "UTC")
    builder = builder.config("spark.sql.execution.arrow.pyspark.enabled", "true")
    spark = builder.getOrCreate()
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    if shuffle_partitions is not None:
        spark.conf.set("spark.sql.shuffle.partitions", str(shuffle_partitions))
    elif spark.conf.get("spark.sql.shuffle.partitions") == "200":
        spark.conf.set("spark.sql.shuffle.partitions", str(DEFAULT_SHUFFLE_PARTITIONS))
    return spark
