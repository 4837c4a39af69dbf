# bindings-js: the WebAssembly module and the npm package @infomaniak/connect.
# Included by the top Makefile.

.PHONY: build-js test-js pack-js

## The wasm module (Debian rustc-web, target-wasm/) and bindings-js/wasm/; prints its size.
build-js:
	bash bindings-js/scripts/build.sh

## Every vector through wasm, the API, the packed package, and the example site against a real OP.
test-js: build-js
	@[ -d tests/node_modules ] || bash .ci/bootstrap.sh node
	cd bindings-js && node --test --test-concurrency=1 test/*.test.mjs

## The npm tarball in dist/.
pack-js: build-js
	mkdir -p dist && cd bindings-js && npm pack --pack-destination ../dist

TEST_TARGETS += test-js
