# Interop tests (tests/interop): the configurations nameserverConfig renders, run in the real
# BIND 9, Knot DNS, NSD and PowerDNS (Debian packages), alone and through the Pulumi engine
# against the emulator (hence the CLI and the plugin). Missing servers are installed by the
# target itself where it runs as root with apt-get (CI, a fresh machine); elsewhere it fails with
# the command to run. The packages and the programs they provide are listed once, in
# tests/interop/packages.txt (software: packages: programs), which the tests read too.
INTEROP_LIST       := tests/interop/packages.txt
INTEROP_PACKAGES   := $(shell sed -n 's/^[^\#][^:]*:\([^:]*\):.*/\1/p' $(INTEROP_LIST))
INTEROP_BINARIES   := $(shell sed -n 's/^[^\#][^:]*:[^:]*://p' $(INTEROP_LIST))
INTEROP_INSTALL    := apt-get install -y --no-install-recommends $(strip $(INTEROP_PACKAGES))
# -v: the log shows each server's version and what each test saw.
INTEROP_TEST_FLAGS ?= -count=1 -v

.PHONY: test-interop interop-servers
test-interop: interop-servers bin/pulumi provider
	cd tests && go test $(INTEROP_TEST_FLAGS) ./interop/

# The packages' scripts would start each daemon on port 53 unless policy-rc.d forbids it: one
# is put in place for the install when there is none, and removed after.
interop-servers:
	@missing=""; \
	for b in $(INTEROP_BINARIES); do PATH="$$PATH:/usr/sbin:/sbin" command -v $$b >/dev/null 2>&1 || missing="$$missing $$b"; done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then \
		echo "test-interop: missing$$missing; install the nameservers (as root, Debian 12) with:"; \
		echo "    apt-get update && $(INTEROP_INSTALL)"; \
		exit 1; \
	fi; \
	echo "test-interop: missing$$missing; installing: $(INTEROP_INSTALL)"; \
	placed=""; \
	if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; placed=1; fi; \
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(INTEROP_INSTALL); status=$$?; \
	if [ -n "$$placed" ]; then rm -f /usr/sbin/policy-rc.d; fi; \
	exit $$status
