# Infomaniak Connect: build, test, demo, bench.
# Each component adds its own targets in its make.mk and appends to TEST_TARGETS / DIST_TARGETS.

SHELL := /bin/bash
.DEFAULT_GOAL := build
export PATH := $(HOME)/.cargo/bin:$(PATH)

TEST_TARGETS := test-core
DIST_TARGETS :=

.PHONY: bootstrap build test test-core lint demo demo-core dist clean

## Install what a fresh machine lacks (apt, cargo, npm); quick when already done.
bootstrap:
	bash .ci/bootstrap.sh

build:
	cargo build --release

test-core:
	cargo test -p infomaniak-connect-core

## Formatting and clippy, warnings as errors.
lint:
	cargo fmt --all -- --check
	cargo clippy --all-targets -- -D warnings

-include bindings-php/make.mk
-include bindings-js/make.mk
-include plugins/wordpress/make.mk
-include plugins/drupal/make.mk
-include plugins/typo3/make.mk
-include tests/conformance/make.mk
-include core/fuzz/make.mk
-include bench/make.mk

## Every test that exists; the README's test command.
test: bootstrap lint
	@set -e; for t in $(TEST_TARGETS); do echo "== make $$t"; $(MAKE) --no-print-directory $$t; done

DEMO_TARGET ?= demo-core

## The README's main command: the WordPress demo once it exists, else the core walkthrough.
demo: bootstrap
	$(MAKE) --no-print-directory $(DEMO_TARGET)

## The core's own example until the WordPress demo exists: a login URL, a cookie, a validated token.
demo-core:
	cargo run -q -p infomaniak-connect-core --example walkthrough

dist: $(DIST_TARGETS)

clean:
	cargo clean
	rm -rf dist target-wasm
