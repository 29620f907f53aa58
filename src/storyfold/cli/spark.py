"""`storyfold spark`: the distributed job (pyspark, the `spark` extra) from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from storyfold.cli.common import app, fail


@app.command("spark")
def spark_command(
    inputs: Annotated[
        list[str], typer.Argument(help="WARC, JSONL and Parquet files or folders; any Spark path.")
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="The output folder.")],
    master: Annotated[
        str | None, typer.Option("--master", help="Spark master URL [default: local[*]].")
    ] = None,
    shard_days: Annotated[
        float | None,
        typer.Option("--shard-days", help="Days per shard [default: stories.shards.SHARD_DAYS]."),
    ] = None,
    lead_in_days: Annotated[
        float | None,
        typer.Option(
            "--lead-in-days", help="Days each shard reads before it [default: LEAD_IN_DAYS]."
        ),
    ] = None,
    no_briefs: Annotated[
        bool,
        typer.Option("--no-briefs", help="Stories only: no brief per story (much faster)."),
    ] = False,
    shuffle_partitions: Annotated[
        int | None, typer.Option("--shuffle-partitions", help="spark.sql.shuffle.partitions.")
    ] = None,
) -> None:
    """Run the Spark job: articles, near-duplicates and stories, sharded by time, and a
    brief per story of two or more articles; writes Parquet, DIR/stories/*.jsonl,
    DIR/skipped.jsonl and DIR/report.json (printed)."""
    try:
        from storyfold.spark.job import JobSettings, run_job
        from storyfold.spark.session import build_session
    except ImportError as exc:
        fail(f"the Spark job needs pyspark: pip install 'storyfold[spark]' ({exc})")
    from storyfold.errors import StoryfoldError
    from storyfold.spark.outputs import write_report
    from storyfold.stories.shards import LEAD_IN_DAYS, SHARD_DAYS

    settings = JobSettings(
        SHARD_DAYS if shard_days is None else shard_days,
        LEAD_IN_DAYS if lead_in_days is None else lead_in_days,
        briefs=not no_briefs,
    )
    spark = build_session(master or "local[*]", shuffle_partitions=shuffle_partitions)
    try:
        result = run_job(spark, inputs, output, settings)
    except StoryfoldError as exc:
        fail(str(exc))
    finally:
        spark.stop()
    typer.echo(write_report(result.report, output / "report.json"))
