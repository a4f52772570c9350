#!/usr/bin/env bash
# Rebuild MyoFlow's shipped networks from scratch, deterministically (fixed seeds):
#   tools/train/reproduce.sh registration|segmentation|all
# Training sets come from the phantom (`myoflow phantom --training-set`), held-out validation from
# another seed; checkpoints resume, so an interrupted run continues where it stopped. Writes
# Models/<name>.h5 and the Swift parity fixtures; the model cards (Models/<name>.md) quote the
# figures the exports print. Env: PYTHON (default tools/train/.venv/bin/python), RUNS
# (tools/train/runs), THREADS (2), DEVICE (cpu; registration runs, e.g. cuda). The shipped registration
# runs trained on the CPU (1 thread, affine1i 2 threads); a GPU run reproduces them up to floating-point order.
set -euo pipefail
cd "$(dirname "$0")/../.."
what=${1:-all}
PY=${PYTHON:-tools/train/.venv/bin/python}
RUNS=${RUNS:-tools/train/runs}
THREADS=${THREADS:-2}
DEVICE=${DEVICE:-cpu}
mkdir -p "$RUNS"
swift build -c release --product myoflow
MF=.build/release/myoflow
[ -f "$RUNS/val.h5" ] || "$MF" phantom --training-set 300 --out "$RUNS/val.h5" --seed 12345

registration() {
    [ -f "$RUNS/reg_train.h5" ] || "$MF" phantom --training-set 6000 --out "$RUNS/reg_train.h5" --seed 21
    for size in 128 96; do
        [ -f "$RUNS/train_reg$size.npz" ] || "$PY" tools/train/pack_registration.py "$RUNS/reg_train.h5" "$RUNS/train_reg$size.npz" --size $size --seed 3
        [ -f "$RUNS/val_reg$size.npz" ] || "$PY" tools/train/pack_registration.py "$RUNS/val.h5" "$RUNS/val_reg$size.npz" --size $size --seed 1
    done
    common=(--threads "$THREADS" --device "$DEVICE" --checkpoint-every 50 --supervised 0.02 --lr 3e-4 --head-lr 1e-4)
    affine1=(--model affine1 --data "$RUNS/train_reg128.npz" --val "$RUNS/val_reg128.npz" --out "$RUNS/affine1" --seed 1 --rigid-scale 0.5)
    # affine2 starts from affine1's step-450 weights (the shipped models trained side by side).
    "$PY" tools/train/train_registration.py "${affine1[@]}" --steps 450 "${common[@]}"
    [ -f "$RUNS/affine1_step450.pt" ] || cp "$RUNS/affine1/checkpoint.pt" "$RUNS/affine1_step450.pt"
    "$PY" tools/train/train_registration.py "${affine1[@]}" --steps 2500 "${common[@]}"
    "$PY" tools/train/train_registration.py --model affine2 --data "$RUNS/train_reg128.npz" --val "$RUNS/val_reg128.npz" \
        --out "$RUNS/affine2" --seed 2 --steps 1500 --init "$RUNS/affine1_step450.pt" "${common[@]}"
    "$PY" tools/train/train_registration.py --model nonrigid --data "$RUNS/train_reg96.npz" --val "$RUNS/val_reg96.npz" \
        --out "$RUNS/nonrigid" --seed 1 --steps 2500 --threads "$THREADS" --device "$DEVICE" --checkpoint-every 50 --supervised 0.02
    # Phase 2 (each continues a copy of the run above): the realistic motion range (rigid
    # augmentation x0.15) and a stronger supervised term; affine1's phase 3 lowers the learning rates.
    phase() {  # phase FROM TO STEPS ARGS...: continue a copy of run FROM as run TO up to STEPS
        local from=$1 to=$2 steps=$3; shift 3
        [ -d "$RUNS/$to" ] || cp -r "$RUNS/$from" "$RUNS/$to"
        "$PY" tools/train/train_registration.py --out "$RUNS/$to" --steps "$steps" --threads "$THREADS" --device "$DEVICE" --checkpoint-every 50 "$@"
    }
    a1=(--model affine1 --data "$RUNS/train_reg128.npz" --val "$RUNS/val_reg128.npz" --seed 1 --rigid-scale 0.15 --supervised 0.3)
    a2=(--model affine2 --data "$RUNS/train_reg128.npz" --val "$RUNS/val_reg128.npz" --seed 2 --rigid-scale 0.15 --supervised 0.3)
    phase affine1 affine1s 4450 "${a1[@]}" --lr 3e-4 --head-lr 1e-4
    phase affine1s affine1t 6000 "${a1[@]}" --lr 1e-4 --head-lr 3e-5
    phase affine2 affine2s 4050 "${a2[@]}" --lr 3e-4 --head-lr 1e-4
    phase nonrigid nonrigids 4200 --model nonrigid --data "$RUNS/train_reg96.npz" --val "$RUNS/val_reg96.npz" --seed 1 --supervised 0.3 --lr 1e-4
    # Phase 3 of the refining stages: inputs pre-aligned as stages 1-2 leave them in the product
    # (small rigid error, small smooth field), for precision near identity.
    phase affine2s affine2r 7150 --model affine2 --data "$RUNS/train_reg128.npz" --val "$RUNS/val_reg128.npz" --seed 3 --rigid-scale 0.15 \
        --supervised 0.3 --lr 1e-4 --head-lr 3e-5 --input-error-px 1.0
    phase nonrigids nonrigidr 6100 --model nonrigid --data "$RUNS/train_reg96.npz" --val "$RUNS/val_reg96.npz" --seed 3 --supervised 0.3 \
        --lr 1e-4 --input-error-px 0.8 --field-px 1.5
    # affine1's phase 4: longer at lower rates, then the supervised term narrowed onto the heart
    # (σ 0.12 of the grid): with the default σ the network followed the chest wall, which moves
    # less than the heart, under large breathing motion. The last part anneals the rates.
    # Phase 4 trained on the 2,000-pair seed-11 set (the segmentation set), not the seed-21 one. The
    # shipped run used a packing of it from an earlier session that today's phantom and packer do
    # not reproduce byte for byte, so this phase's result differs slightly from Models/affine1.h5.
    [ -f "$RUNS/train.h5" ] || "$MF" phantom --training-set 2000 --out "$RUNS/train.h5" --seed 11
    [ -f "$RUNS/train11_reg128.npz" ] || "$PY" tools/train/pack_registration.py "$RUNS/train.h5" "$RUNS/train11_reg128.npz" --size 128 --seed 3
    a1h=(--model affine1 --data "$RUNS/train11_reg128.npz" --val "$RUNS/val_reg128.npz" --rigid-scale 0.15 --supervised 2.0 --supervised-sigma 0.12)
    phase affine1t affine1u 8950 --model affine1 --data "$RUNS/train11_reg128.npz" --val "$RUNS/val_reg128.npz" --seed 4 --rigid-scale 0.15 \
        --supervised 0.5 --lr 5e-5 --head-lr 2e-5
    phase affine1u affine1h 10350 "${a1h[@]}" --seed 5 --lr 1e-4 --head-lr 3e-5
    phase affine1h affine1i 13000 "${a1h[@]}" --seed 6 --lr 3e-5 --head-lr 1e-5
    for m in affine1:affine1i affine2:affine2r nonrigid:nonrigidr; do
        name=${m%%:*} run=${m#*:}
        size=128; [ $name = nonrigid ] && size=96
        "$PY" tools/train/export_registration.py --run "$RUNS/$run" --val "$RUNS/val_reg$size.npz" --out "Models/$name.h5" \
            --fixture "Tests/MotionCorrectionTests/Fixtures/${name}_golden.h5"
    done
    # The LocalNet's phase 4: the product's own stage-3 inputs (StageTrainingSet --stage 3: the deep
    # chain with the affine1/affine2 just exported; the pairs do not depend on the LocalNet). On its
    # phase-3 inputs the network halved the residual, on these it made the heart's worse (1.34 → 1.54
    # px median on the stage validation set). A fresh optimiser from phase 3's weights, 4,000 steps
    # on 40 studies, then 2,250 more at half the rate on those and 60 more (the step the chain scored
    # best on validation studies, MocoValidation --seed 7601 --studies 10).
    swift build -c release --product StageTrainingSet
    ST=.build/release/StageTrainingSet
    [ -f "$RUNS/stage3_val.h5" ] || "$ST" --stage 3 --out "$RUNS/stage3_val.h5" --studies 8 --seed 7501
    [ -f "$RUNS/stage3_train.h5" ] || "$ST" --stage 3 --out "$RUNS/stage3_train.h5" --studies 40 --seed 7001
    [ -f "$RUNS/stage3_train2.h5" ] || "$ST" --stage 3 --out "$RUNS/stage3_train2.h5" --studies 60 --seed 7101
    s3=(--model nonrigid --val "$RUNS/stage3_val.h5" --supervised 2.0)
    "$PY" tools/train/train_registration.py "${s3[@]}" --data "$RUNS/stage3_train.h5" --out "$RUNS/nonrigid3" \
        --init "$RUNS/nonrigidr/checkpoint.pt" --steps 4000 --seed 11 --lr 1e-4 --threads "$THREADS" --device "$DEVICE" --checkpoint-every 50
    phase nonrigid3 nonrigid3b 6250 "${s3[@]}" --data "$RUNS/stage3_train.h5,$RUNS/stage3_train2.h5" --seed 12 --lr 5e-5
    "$PY" tools/train/export_registration.py --run "$RUNS/nonrigid3b" --val "$RUNS/stage3_val.h5" --out Models/nonrigid.h5 \
        --fixture Tests/MotionCorrectionTests/Fixtures/nonrigid_golden.h5
}

segmentation() {
    [ -f "$RUNS/train.h5" ] || "$MF" phantom --training-set 2000 --out "$RUNS/train.h5" --seed 11
    [ -f "$RUNS/train_seg.npz" ] || "$PY" tools/train/pack_segmentation.py "$RUNS/train.h5" "$RUNS/train_seg.npz"
    [ -f "$RUNS/val_seg.npz" ] || "$PY" tools/train/pack_segmentation.py "$RUNS/val.h5" "$RUNS/val_seg.npz"
    "$PY" tools/train/train_segmentation.py --data "$RUNS/train_seg.npz" --val "$RUNS/val_seg.npz" --out "$RUNS/segmentation" \
        --steps 1600 --batch 12 --crop 80 --jitter 12 --val-count 64 --threads "$THREADS"
    "$PY" tools/train/export_segmentation.py --run "$RUNS/segmentation" --val "$RUNS/val.h5" --val-npz "$RUNS/val_seg.npz" \
        --out Models/segmentation.h5 --fixture Tests/PreprocessingTests/Fixtures/segmentation_golden.h5
}

case "$what" in
    registration) registration ;;
    segmentation) segmentation ;;
    all) segmentation; registration ;;
    *) echo "usage: $0 registration|segmentation|all" >&2; exit 2 ;;
esac
