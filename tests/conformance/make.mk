# tests/conformance: the hostile test OP's scenarios (tests/op/) through the PHP library and the
# npm package, over HTTP on 127.0.0.1. Included by the top Makefile.

CONFORMANCE_BINDINGS ?= php,js

.PHONY: conformance

## OpenID Foundation Basic RP tests, config tests, attacks and provider faults through both bindings, after a self-test of the OP (~20-50 s).
conformance: build-php build-js
	@if [ ! -d tests/node_modules/jose ]; then (cd tests && npm ci --no-audit --no-fund); fi
	CONFORMANCE_BINDINGS=$(CONFORMANCE_BINDINGS) node tests/conformance/run.mjs

TEST_TARGETS += conformance
