# core/fuzz: cargo-fuzz targets of the core (see core/fuzz/README.md). Included by the top Makefile.
# Not part of `make test` (1,100,000 runs took 18 min on a busy 2-core machine): run it by hand or nightly.
#   make fuzz                    every target, a fixed number of runs (1,100,000 in all)
#   FUZZ_SCALE=10 make fuzz      ten times the runs
#   make fuzz FUZZ_TARGETS=jwks  some targets only

FUZZ_TARGETS ?=

.PHONY: fuzz

## Every fuzz target for a fixed number of runs (cargo +nightly fuzz; installs cargo-fuzz if missing).
fuzz:
	bash core/fuzz/run.sh $(FUZZ_TARGETS)
