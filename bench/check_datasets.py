"""Load what this project publishes with Hugging Face ``datasets`` (run in an environment that has it;
it is not a dependency): every corpus folder alone (its card's configs), all of them together, and a
run's ``corpus.parquet`` beside them — one schema, the Translation feature.

    python3 -m venv /tmp/dsvenv && /tmp/dsvenv/bin/pip install datasets
    /tmp/dsvenv/bin/python bench/check_datasets.py CORPUS_DIR... [--run RUN_DIR]
"""

from __future__ import annotations

import glob
import sys

import datasets


def main() -> None:
    args = sys.argv[1:]
    runs = [args[i + 1] for i, a in enumerate(args) if a == "--run"]
    folders = [a for i, a in enumerate(args) if a != "--run" and (i == 0 or args[i - 1] != "--run")]
    for folder in folders:
        ds = datasets.load_dataset(folder)
        print(folder, {k: v.num_rows for k, v in ds.items()}, ds["train"].features["translation"])
    files = sorted(f for folder in folders for f in glob.glob(f"{folder}/data/*.parquet"))
    files += [f"{run}/corpus.parquet" for run in runs]
    together = datasets.load_dataset("parquet", data_files={"train": files})["train"]
    print(f"{len(files)} files together: {together.num_rows} rows,", together.features["translation"])
    assert isinstance(together.features["translation"], datasets.Translation)


if __name__ == "__main__":
    main()
