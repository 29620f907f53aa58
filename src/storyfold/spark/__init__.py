"""The distributed job: the library's own functions per partition, stories sharded by time.

`storyfold spark INPUT... --output DIR` (or `spark-submit -m storyfold.spark.job`) reads
WARC, JSONL and Parquet inputs, extracts and cleans articles, computes their features,
drops near-duplicates by MinHash bands, clusters shards of days with the unchanged online
clusterer and joins the shards' stories (`storyfold.stories.shards`). pyspark is an
optional extra (`pip install storyfold[spark]`); only this package imports it.
"""
