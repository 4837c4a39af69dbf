# Drupal module "infomaniak_connect": included by the top-level Makefile.
#   make test-drupal        php -l of every file + PHPUnit of the classes that need no Drupal bootstrap
#   make dist-drupal        dist/infomaniak_connect-drupal.tar.gz and .zip (module + PHP library + native core + preload.php)
#   make test-drupal-site   install the zip into the Drupal 10/11 site at DRUPAL_ROOT (with drush) and
#                           log in over HTTP against tests/provider; skipped, saying so, without DRUPAL_ROOT

DRUPAL_DIR      := plugins/drupal
DRUPAL_MODULE   := $(DRUPAL_DIR)/infomaniak_connect
DRUPAL_STAGE    := target/drupal-dist
DRUPAL_ZIP      := dist/infomaniak_connect-drupal.zip
DRUPAL_TGZ      := dist/infomaniak_connect-drupal.tar.gz
DRUPAL_PHP_LIB  := bindings-php/php
DRUPAL_SO       := $(DRUPAL_PHP_LIB)/lib/linux-x86_64/libinfomaniak_connect.so
DRUPAL_HEADER   := bindings-php/include/infomaniak_connect.h
# The target that builds $(DRUPAL_SO) (bindings-php/make.mk).
DRUPAL_PHP_BUILD ?= build-php

.PHONY: test-drupal dist-drupal test-drupal-site

test-drupal: $(DRUPAL_PHP_BUILD)
	@test -f $(DRUPAL_SO) || { echo "missing $(DRUPAL_SO) (make $(DRUPAL_PHP_BUILD))"; exit 1; }
	@echo "php -l: every PHP file of the Drupal module and its tests"
	@set -e; n=0; while IFS= read -r f; do php -l "$$f" >/dev/null || { php -l "$$f"; exit 1; }; n=$$((n+1)); done \
	  < <(find $(DRUPAL_DIR) -type f \( -name '*.php' -o -name '*.module' -o -name '*.install' \) -not -path '*/library/*' | sort); \
	  echo "php -l: $$n files, no syntax error"
	phpunit -c $(DRUPAL_DIR)/tests/phpunit.xml

dist-drupal: $(DRUPAL_PHP_BUILD)
	@test -f $(DRUPAL_SO) || { echo "missing $(DRUPAL_SO) (make $(DRUPAL_PHP_BUILD))"; exit 1; }
	rm -rf $(DRUPAL_STAGE) && mkdir -p $(DRUPAL_STAGE) dist
	cp -r $(DRUPAL_MODULE) $(DRUPAL_STAGE)/
	mkdir -p $(DRUPAL_STAGE)/infomaniak_connect/library/lib/linux-x86_64 $(DRUPAL_STAGE)/infomaniak_connect/library/include
	cp -r $(DRUPAL_PHP_LIB)/src $(DRUPAL_PHP_LIB)/autoload.php $(DRUPAL_PHP_LIB)/preload.php $(DRUPAL_STAGE)/infomaniak_connect/library/
	cp $(DRUPAL_SO) $(DRUPAL_STAGE)/infomaniak_connect/library/lib/linux-x86_64/
	cp $(DRUPAL_HEADER) $(DRUPAL_STAGE)/infomaniak_connect/library/include/
	rm -f $(DRUPAL_ZIP) && cd $(DRUPAL_STAGE) && zip -qrX ../../$(DRUPAL_ZIP) infomaniak_connect
	rm -f $(DRUPAL_TGZ) && tar -C $(DRUPAL_STAGE) --sort=name --owner=0 --group=0 --numeric-owner -czf $(DRUPAL_TGZ) infomaniak_connect
	@echo "built $(DRUPAL_TGZ) ($$(stat -c %s $(DRUPAL_TGZ)) bytes) and $(DRUPAL_ZIP) ($$(stat -c %s $(DRUPAL_ZIP)) bytes)"

test-drupal-site:
	@if [ -z "$(DRUPAL_ROOT)" ]; then \
	  echo "test-drupal-site: SKIPPED: DRUPAL_ROOT is not set (give a Drupal 10/11 site with vendor/bin/drush: make test-drupal-site DRUPAL_ROOT=/path/to/site)"; \
	  exit 0; fi; \
	$(MAKE) --no-print-directory dist-drupal && bash .ci/bootstrap.sh php node && \
	DRUPAL_ROOT="$(DRUPAL_ROOT)" node --test --test-concurrency=1 $(DRUPAL_DIR)/tests/integration/

TEST_TARGETS += test-drupal
DIST_TARGETS += dist-drupal
