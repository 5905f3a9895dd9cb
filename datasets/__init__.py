"""Deterministic toy data sets for binary classification, mostly in 2-D.

Built-in data sets are loaded by name (`dataset_names` lists them); a user's own data comes from
a CSV file through `load_csv`. Both give a `Dataset` with read-only arrays: ``points`` of shape
(n, d) and ``labels`` of shape (n,) in {0, 1}.

Examples
--------
>>> from datasets import load_dataset
>>> data = load_dataset("two-curves")
>>> data.points.shape, data.labels.shape
((200, 2), (200,))
"""

from datasets.csv_loader import load_csv
from datasets.dataset import Dataset, DatasetError, standardize
from datasets.registry import dataset_names, load_dataset

__all__ = ["Dataset", "DatasetError", "dataset_names", "load_csv", "load_dataset", "standardize"]
