#!/usr/bin/env bash
# Seeds the fuzz corpora: every event of tests/fixtures (and of any folders given as
# arguments, searched for *.json) is copied into fuzz/corpus/<target>/ for each target, named
# after its content so that running this again adds nothing twice. For `event` and
# `differential` they are inputs as they are; for `mutate` they are only varied starting
# bytes (its events are built in, from tests/fixtures).
#
#   fuzz/seed.sh [FOLDER...]
set -euo pipefail
fuzz=$(cd "$(dirname "$0")" && pwd)
sources=("$fuzz/../tests/fixtures" "$@")
for target in event mutate differential; do
    mkdir -p "$fuzz/corpus/$target"
done
count=0
while IFS= read -r -d '' file; do
    name=$(sha1sum "$file" | cut -d' ' -f1)
    for target in event mutate differential; do
        cp "$file" "$fuzz/corpus/$target/$name"
    done
    count=$((count + 1))
done < <(find "${sources[@]}" -type f -name '*.json' -print0 | sort -z)
echo "seed: $count events into fuzz/corpus/{event,mutate,differential}"
