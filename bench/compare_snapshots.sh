#!/usr/bin/env bash
# Compare two bench/snapshot_outputs.py folders file by file, reading run signatures as equal when
# they differ only in what a change of the signature's format adds (the model's fingerprint, the
# device, the glossary layers by name) and CAT files as equal when only their run store's id differs
# (random, made with each store). Prints the files that differ; nothing when all are identical.
set -euo pipefail
before=$1/out after=$2/out
norm() { sed -E 's/\|rev:[^|]*\|engine:([^|]*)(\|device:[a-z]+)?/|rev:R|engine:\1/; s/terms:none\+nbest\+repair/terms:none+nbest+force+repair/; s/((type|context-type)="x?-?store">)[0-9a-f]{16}</\1STORE</g' "$1"; }
(cd "$before" && find . -type f ! -name manifest.json ! -name '*.rc' ! -name .translate.lock | sort) | while read -r f; do
    if [ ! -f "$after/$f" ]; then echo "missing $f"; continue; fi
    cmp -s <(norm "$before/$f") <(norm "$after/$f") || echo "differs $f"
done
