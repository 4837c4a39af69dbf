# Benchmarks (issue 9): included by the top Makefile with `-include bench/make.mk`.
# Not part of `make test`; never fails on a missed budget.
#   make bench                       every figure, the closing table, bench/RESULTS.md
#   make bench BENCH_FIGURES="php"   only some: native php wordpress wasm sizes backchannel

BENCH_FIGURES ?=

.PHONY: bench

## Speed and size figures, each against a baseline measured in the same run; writes bench/RESULTS.md.
bench:
	bash bench/run.sh $(BENCH_FIGURES)
