# TYPO3 extension "infomaniak_connect": included by the top-level Makefile.
#   make test-typo3         php -l of every PHP file + PHPUnit unit tests (no TYPO3 needed) + the
#                           integration test, which is skipped (saying why) unless TYPO3_ROOT is set
#   make test-typo3-site TYPO3_ROOT=/path/to/composer/site
#                           only the integration test against that real TYPO3 12/13 site
#   make dist-typo3         dist/infomaniak_connect-typo3.zip (extension + PHP library + native core)

T3_DIR      := plugins/typo3
T3_EXT      := $(T3_DIR)/infomaniak_connect
T3_STAGE    := target/typo3-dist
T3_ZIP      := dist/infomaniak_connect-typo3.zip
T3_PHP_LIB  := bindings-php/php
T3_SO       := $(T3_PHP_LIB)/lib/linux-x86_64/libinfomaniak_connect.so
T3_HEADER   := bindings-php/include/infomaniak_connect.h
# The target that builds $(T3_SO) (bindings-php/make.mk).
T3_PHP_BUILD ?= build-php

.PHONY: dist-typo3 test-typo3 test-typo3-unit test-typo3-site

dist-typo3: $(T3_PHP_BUILD)
	@test -f $(T3_SO) || { echo "missing $(T3_SO) (make build-php)"; exit 1; }
	rm -rf $(T3_STAGE) && mkdir -p $(T3_STAGE) dist
	cp -r $(T3_EXT) $(T3_STAGE)/
	mkdir -p $(T3_STAGE)/infomaniak_connect/Resources/Private/Library/lib/linux-x86_64 $(T3_STAGE)/infomaniak_connect/Resources/Private/Library/include
	cp -r $(T3_PHP_LIB)/src $(T3_PHP_LIB)/autoload.php $(T3_PHP_LIB)/preload.php $(T3_STAGE)/infomaniak_connect/Resources/Private/Library/
	cp $(T3_SO) $(T3_STAGE)/infomaniak_connect/Resources/Private/Library/lib/linux-x86_64/
	cp $(T3_HEADER) $(T3_STAGE)/infomaniak_connect/Resources/Private/Library/include/
	rm -f $(T3_ZIP) && cd $(T3_STAGE) && zip -qrX ../../$(T3_ZIP) infomaniak_connect
	@echo "built $(T3_ZIP) ($$(stat -c %s $(T3_ZIP)) bytes)"

test-typo3-unit:
	bash .ci/bootstrap.sh php
	@find $(T3_DIR) -name '*.php' -not -path '*/node_modules/*' -print0 | sort -z | \
	  xargs -0 -n1 php -l >/dev/null && echo "php -l: $$(find $(T3_DIR) -name '*.php' | wc -l) files ok"
	phpunit -c $(T3_DIR)/tests/phpunit.xml --testsuite unit

test-typo3: test-typo3-unit dist-typo3
	bash .ci/bootstrap.sh node
	T3_ZIP=$(CURDIR)/$(T3_ZIP) phpunit --verbose -c $(T3_DIR)/tests/phpunit.xml --testsuite integration

test-typo3-site:
	@if [ -z "$(TYPO3_ROOT)" ]; then \
	  echo "test-typo3-site: SKIPPED: TYPO3_ROOT is not set (give a TYPO3 12/13 composer site set up with SQLite: make test-typo3-site TYPO3_ROOT=/path/to/site)"; \
	  exit 0; fi; \
	$(MAKE) --no-print-directory dist-typo3 && bash .ci/bootstrap.sh php node && \
	TYPO3_ROOT="$(TYPO3_ROOT)" T3_ZIP=$(CURDIR)/$(T3_ZIP) \
	  phpunit --verbose -c $(T3_DIR)/tests/phpunit.xml --testsuite integration

TEST_TARGETS += test-typo3
DIST_TARGETS += dist-typo3
