#!/usr/bin/env bash
# Builds the DICOM parser with libFuzzer (swiftc -sanitize=fuzzer,address) and runs it for a fixed
# budget. Usage: tools/fuzz-dicom.sh [seconds=60] [corpus-dir]
# Seeds: valid files written by the project's writer (tests) can be dropped into the corpus dir.
# A crash leaves crash-* files in the current directory; turn each into a regression input in
# Tests/DICOMTests/DICOMMutationTests.swift (regressionInputs).
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_BUDGET="${1:-60}"
CORPUS="${2:-.build/fuzz-dicom-corpus}"
WORK=".build/fuzz-dicom"
mkdir -p "$WORK/src" "$CORPUS"
rm -f "$WORK"/src/*.swift
for f in Sources/MyoFlowCore/*.swift Sources/DICOM/*.swift; do
    sed -e '/^import MyoFlowCore$/d' "$f" > "$WORK/src/$(basename "$(dirname "$f")")_$(basename "$f")"
done
cp tools/fuzz/DICOMFuzzEntry.swift "$WORK/src/"
swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name DICOMFuzz "$WORK"/src/*.swift -o "$WORK/dicom-fuzz"
"$WORK/dicom-fuzz" -max_total_time="$SECONDS_BUDGET" -max_len=65536 -rss_limit_mb=2048 "$CORPUS"
