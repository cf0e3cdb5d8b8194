# Interop tests (tests/interop): the configurations nameserverConfig renders, run in the real
# BIND 9, Knot DNS, NSD and PowerDNS (Debian packages), alone and through the Pulumi engine
# against the emulator (hence the CLI and the plugin). A missing server fails with the command
# that installs it; in CI (CI=true, as root) the target installs the missing ones itself.
INTEROP_PACKAGES   := bind9 knot nsd pdns-server pdns-backend-bind
INTEROP_BINARIES   := named knotd knotc nsd nsd-control pdns_server pdns_control pdnsutil
INTEROP_INSTALL    := apt-get install -y --no-install-recommends $(INTEROP_PACKAGES)
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
	if [ "$$CI" != true ] || [ "$$(id -u)" != 0 ]; then \
		echo "test-interop: missing$$missing; install the nameservers with:"; \
		echo "    $(INTEROP_INSTALL)"; \
		exit 1; \
	fi; \
	echo "test-interop: missing$$missing; installing: $(INTEROP_INSTALL)"; \
	placed=""; \
	if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; placed=1; fi; \
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(INTEROP_INSTALL); status=$$?; \
	if [ -n "$$placed" ]; then rm -f /usr/sbin/policy-rc.d; fi; \
	exit $$status
