#!/usr/bin/env bash
# Fuzzes the pure-Swift DICOM parser with libFuzzer (swiftc -sanitize=fuzzer,address) for a fixed
# budget. Usage: tools/fuzz-dicom.sh [seconds=60]
#   tools/fuzz-dicom.sh --make-seeds   regenerates tools/fuzz/seeds (valid files in every layout)
# The sources of MyoFlowCore and DICOM are compiled into one module (their `import MyoFlowCore`
# lines stripped) with the entry point tools/fuzz/DICOMFuzzEntry.swift. The corpus starts from
# tools/fuzz/seeds and grows in .build/fuzz-dicom/corpus. A crash leaves crash-* files in
# .build/fuzz-dicom and a non-zero exit; add each as a regression input in
# Tests/DICOMTests/DICOMMutationTests.swift (regressionInputs).
set -euo pipefail
cd "$(dirname "$0")/.."
WORK=".build/fuzz-dicom"
mkdir -p "$WORK/src" "$WORK/corpus"
rm -f "$WORK"/src/*.swift
for f in Sources/MyoFlowCore/*.swift Sources/DICOM/*.swift; do
    sed -e '/^import MyoFlowCore$/d' "$f" > "$WORK/src/$(basename "$(dirname "$f")")_$(basename "$f")"
done
if [[ "${1:-}" == "--make-seeds" ]]; then
    swiftc -O -parse-as-library -module-name DICOMSeeds "$WORK"/src/*.swift tools/fuzz/MakeSeeds.swift -o "$WORK/make-seeds"
    rm -rf tools/fuzz/seeds && "$WORK/make-seeds" tools/fuzz/seeds
    exit 0
fi
BUDGET="${1:-60}"
swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name DICOMFuzz "$WORK"/src/*.swift tools/fuzz/DICOMFuzzEntry.swift -o "$WORK/dicom-fuzz"
cd "$WORK"
./dicom-fuzz -max_total_time="$BUDGET" -max_len=8192 -rss_limit_mb=2048 -print_final_stats=1 corpus ../../tools/fuzz/seeds
