# WordPress plugin "Infomaniak Connect": included by the top-level Makefile.
#   make dist-wordpress   dist/infomaniak-connect-wordpress.zip (plugin + PHP library + native core)
#   make test-wordpress   the seven end-to-end scenarios: real WordPress + MariaDB + Chromium
#   make demo-wordpress   a local OP and a WordPress site with the plugin, configured (Ctrl-C stops)
#   make pot-wordpress    refresh languages/infomaniak-connect.pot from the sources (xgettext)

WP_DIR      := plugins/wordpress
WP_PLUGIN   := $(WP_DIR)/infomaniak-connect
WP_STAGE    := target/wordpress-dist
WP_ZIP      := dist/infomaniak-connect-wordpress.zip
WP_PHP_LIB  := bindings-php/php
WP_SO       := $(WP_PHP_LIB)/lib/linux-x86_64/libinfomaniak_connect.so
WP_HEADER   := bindings-php/include/infomaniak_connect.h
# The target that builds $(WP_SO) (bindings-php/make.mk).
WP_PHP_BUILD ?= build-php

.PHONY: dist-wordpress test-wordpress demo-wordpress pot-wordpress

dist-wordpress: $(WP_PHP_BUILD)
	@test -f $(WP_SO) || { echo "missing $(WP_SO) (make build-php)"; exit 1; }
	rm -rf $(WP_STAGE) && mkdir -p $(WP_STAGE) dist
	cp -r $(WP_PLUGIN) $(WP_STAGE)/
	mkdir -p $(WP_STAGE)/infomaniak-connect/library/lib/linux-x86_64 $(WP_STAGE)/infomaniak-connect/library/include
	cp -r $(WP_PHP_LIB)/src $(WP_PHP_LIB)/autoload.php $(WP_PHP_LIB)/preload.php $(WP_STAGE)/infomaniak-connect/library/
	cp $(WP_SO) $(WP_STAGE)/infomaniak-connect/library/lib/linux-x86_64/
	cp $(WP_HEADER) $(WP_STAGE)/infomaniak-connect/library/include/
	for po in $(WP_STAGE)/infomaniak-connect/languages/*.po; do [ -f "$$po" ] || continue; msgfmt --check -o "$${po%.po}.mo" "$$po" || exit 1; done
	rm -f $(WP_ZIP) && cd $(WP_STAGE) && zip -qrX ../../$(WP_ZIP) infomaniak-connect
	@echo "built $(WP_ZIP) ($$(stat -c %s $(WP_ZIP)) bytes)"

.PHONY: wp-prereqs
## WordPress, MariaDB, a theme (Debian's wordpress ships none), Chromium, and the npm test deps.
wp-prereqs:
	bash .ci/bootstrap.sh wordpress node

test-wordpress: wp-prereqs dist-wordpress
	node --test --test-concurrency=1 $(WP_DIR)/tests/

demo-wordpress: wp-prereqs dist-wordpress
	node $(WP_DIR)/tests/demo.mjs

# Strings of the plugin header and block.json (WordPress translates them with the text domain).
WP_POT_EXTRA := "Lets visitors log in with their Infomaniak account (OpenID Connect)." \
  "A \\\"Log in with Infomaniak\\\" button, rendered on the server (no JavaScript on the page). Hidden for logged-in visitors."

pot-wordpress:
	cd $(WP_PLUGIN) && find . -name '*.php' -not -path './library/*' | LC_ALL=C sort | xgettext --from-code=UTF-8 -L PHP \
	  --keyword=__ --keyword=_e --keyword=esc_html__ --keyword=esc_html_e --keyword=esc_attr__ --keyword=esc_attr_e \
	  --keyword=_x:1,2c --keyword=_n:1,2 --add-comments=translators: --package-name="Infomaniak Connect" \
	  --package-version=0.1.0 --msgid-bugs-address=https://github.com/infomaniak-connect/infomaniak-connect/issues \
	  --omit-header -f - -o /tmp/ikc-wp-code.pot
	( printf 'msgid ""\nmsgstr ""\n"Project-Id-Version: Infomaniak Connect 0.1.0\\n"\n"MIME-Version: 1.0\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Content-Transfer-Encoding: 8bit\\n"\n"X-Domain: infomaniak-connect\\n"\n\n'; \
	  for s in $(WP_POT_EXTRA); do printf '#: infomaniak-connect.php blocks/login-button/block.json\nmsgid "%s"\nmsgstr ""\n\n' "$$s"; done ) > /tmp/ikc-wp-extra.pot
	msgcat --use-first /tmp/ikc-wp-extra.pot /tmp/ikc-wp-code.pot -o $(WP_PLUGIN)/languages/infomaniak-connect.pot
	cd $(WP_PLUGIN)/languages && for po in *.po; do [ -f "$$po" ] || continue; msgmerge -q --update --backup=none "$$po" infomaniak-connect.pot; done

TEST_TARGETS += test-wordpress
DIST_TARGETS += dist-wordpress
DEMO_TARGET := demo-wordpress
