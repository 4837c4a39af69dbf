# bindings-php: the C ABI crate (libinfomaniak_connect.so) and the PHP library (bindings-php/php).
# Included by the top Makefile.

PHP_PLATFORM := $(shell uname -s | tr '[:upper:]' '[:lower:]')-$(shell uname -m)
PHP_LIB_DIR := bindings-php/php/lib/$(PHP_PLATFORM)
PHP_LIB := $(PHP_LIB_DIR)/libinfomaniak_connect.so

.PHONY: build-php test-php memcheck

## The release .so (first build compiles BoringSSL: minutes), copied into the PHP library's lib/<os>-<arch>/.
build-php:
	cargo build --release -p infomaniak-connect-php
	mkdir -p $(PHP_LIB_DIR)
	install -m 0644 target/release/libinfomaniak_connect.so $(PHP_LIB)

## Rust ABI tests, then PHPUnit: every vector through FFI, restricted FFI (ffi.enable=0, php -S with and without preload), end-to-end against the real OP.
test-php: build-php
	cargo test -p infomaniak-connect-php
	@if [ ! -d tests/node_modules/oidc-provider ]; then (cd tests && npm ci --no-audit --no-fund); fi
	cd bindings-php/php && phpunit

## valgrind memcheck (USE_ZEND_ALLOC=0) over the PHP vector run and the PHP end-to-end suite.
memcheck: build-php
	bash bindings-php/memcheck.sh

# memcheck takes ~15 s here, so it runs with every `make test` too.
TEST_TARGETS += test-php memcheck
