#!/usr/bin/env bash
# `make fuzz`: every fuzz target of the core for a fixed number of runs (1,100,000 in all), from the
# committed seeds (seeds/<target>, made from tests/vectors by make_seeds.py) plus the corpus kept
# from earlier runs (corpus/<target>, not committed). Any crash stops the run; its input is in
# artifacts/<target>/ and the reproducer line is printed.
#   FUZZ_SCALE=10 make fuzz      ten times the runs
#   bash core/fuzz/run.sh jwks    one target
set -euo pipefail
cd "$(dirname "$0")"
export PATH="$HOME/.cargo/bin:$PATH"

# target:runs (the slow ones verify RSA signatures on most inputs)
PLAN=(return_path:200000 login_cookie:200000 discovery:150000 callback:150000 jwks:100000
      dispatch:100000 ffi:100000 id_token:50000 token_response:50000)
SCALE="${FUZZ_SCALE:-1}"

rustup toolchain list | grep -q '^nightly' || { echo "fuzz: the nightly toolchain is missing (rustup toolchain list)" >&2; exit 1; }
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked

echo "fuzz: building the targets (cargo +nightly fuzz build -O; the first build compiles BoringSSL)"
mkdir -p corpus
if ! cargo +nightly fuzz build -O >corpus/build.log 2>&1; then
    tail -30 corpus/build.log >&2
    echo "fuzz: build failed (core/fuzz/corpus/build.log)" >&2
    exit 1
fi

wanted=("$@")
summary=()
total=0
started=$SECONDS
for entry in "${PLAN[@]}"; do
    target="${entry%%:*}"
    runs=$(( ${entry##*:} * SCALE ))
    if [ "${#wanted[@]}" -gt 0 ] && [[ ! " ${wanted[*]} " =~ " ${target} " ]]; then continue; fi
    seeds="seeds/$target"
    [ "$target" = ffi ] && seeds="seeds/dispatch"   # same input format
    mkdir -p "corpus/$target" "artifacts/$target"
    log="corpus/$target.log"
    t0=$SECONDS
    set +e
    cargo +nightly fuzz run -O "$target" "corpus/$target" "$seeds" -- \
        -runs="$runs" -dict=oidc.dict -print_final_stats=1 -rss_limit_mb=2048 -timeout=10 >"$log" 2>&1
    status=$?
    set -e
    if [ "$status" -ne 0 ]; then
        echo "fuzz: $target FAILED (exit $status); last lines of $log:" >&2
        grep -E 'panicked|ERROR|SUMMARY|Test unit written|artifact' "$log" | head -20 >&2 || tail -30 "$log" >&2
        crash=$(ls -t "artifacts/$target"/* 2>/dev/null | head -1 || true)
        [ -n "$crash" ] && echo "fuzz: reproduce with: (cd core/fuzz && cargo +nightly fuzz run -O $target $crash)" >&2
        exit 1
    fi
    done_line=$(grep -E '^#[0-9]+\s+DONE' "$log" | tail -1)
    cov=$(sed -nE 's/.* cov: ([0-9]+) ft: ([0-9]+) corp: ([0-9]+).*/\1 \2 \3/p' <<<"$done_line")
    eps=$(sed -nE 's/^stat::average_exec_per_sec:\s+([0-9]+)/\1/p' "$log" | tail -1)
    execd=$(sed -nE 's/^stat::number_of_executed_units:\s+([0-9]+)/\1/p' "$log" | tail -1)
    read -r edges features corpus <<<"$cov"
    total=$(( total + ${execd:-0} ))
    summary+=("$(printf '%-15s %9s runs %6s exec/s %6s edges %6s features %5s corpus %4ss' \
        "$target" "$execd" "$eps" "$edges" "$features" "$corpus" "$(( SECONDS - t0 ))")")
    echo "fuzz: ${summary[-1]}"
done
echo "fuzz: summary"
printf 'fuzz:   %s\n' "${summary[@]}"
echo "fuzz: $total runs in $(( SECONDS - started )) s, no crash"
