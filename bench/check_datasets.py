"""Load what this project publishes with Hugging Face ``datasets`` (a test requirement, not a dependency):
every corpus folder alone, through its card's configs (train, validation and test, none empty), all of
them together, and a run's ``corpus.parquet`` beside them — one row schema, the same features, the
Translation feature.

    python bench/check_datasets.py CORPUS_DIR... [--run RUN_DIR]

(``datasets`` needs pyarrow newer than this project's pin allows to resolve together; in the project's
environment install it with ``pip install --no-deps datasets==5.2.0 dill multiprocess xxhash`` — it
reads local Parquet with the pinned pyarrow — or use a virtual environment of its own.)
"""

from __future__ import annotations

import glob
import sys

import datasets


def main() -> None:
    args = sys.argv[1:]
    runs = [args[i + 1] for i, a in enumerate(args) if a == "--run"]
    folders = [a for i, a in enumerate(args) if a != "--run" and (i == 0 or args[i - 1] != "--run")]
    features = []
    for folder in folders:
        ds = datasets.load_dataset(folder)
        sizes = {k: v.num_rows for k, v in ds.items()}
        print(folder, sizes)
        assert set(sizes) == {"train", "validation", "test"} and all(sizes.values()), f"{folder}: {sizes}"
        features.append(ds["train"].features)
    assert all(f == features[0] for f in features), "the folders' features differ"
    files = sorted(f for folder in folders for f in glob.glob(f"{folder}/data/*.parquet"))
    files += [f"{run}/corpus.parquet" for run in runs]
    together = datasets.load_dataset("parquet", data_files={"train": files})["train"]
    print(f"{len(files)} files together: {together.num_rows} rows,", together.features["translation"])
    assert isinstance(together.features["translation"], datasets.Translation)
    assert not features or together.features == features[0]


if __name__ == "__main__":
    main()
