# make install: the locally built plugin into the Pulumi CLI's plugin cache (PULUMI_HOME, by
# default ~/.pulumi), at $(VERSION), and the cloudflare-secondary-dns-import command (below);
# with PROJECT=<directory of a Pulumi program>, also the SDK for that program's language, built
# at the same version so that the program asks the engine for exactly the plugin just installed:
#   package.json      npm install of the packed SDK (bin/dist/*.tgz)
#   requirements.txt  pip install of the wheel into the project's virtualenv (PROJECT_VENV,
#   or pyproject.toml   default the `virtualenv` its Pulumi.yaml names, else PROJECT/venv)
#   go.mod            a replace directive to the Go SDK generated at that version
# Pulumi YAML programs need the plugin only. PULUMI=pulumi uses the CLI on your PATH instead of
# the pinned bin/pulumi.

PULUMI          ?= bin/pulumi
# Where `pulumi up` installs the program's requirements: the runtime's virtualenv option.
PROJECT_VENV    ?= $(PROJECT)/$(or $(shell sed -n 's/^ *virtualenv: *//p' '$(PROJECT)/Pulumi.yaml' 2>/dev/null | tr -d "\"'" | head -n 1),venv)
GO_SDK_MODULE   := $(MODULE)/sdk
INSTALL_NEEDS_PULUMI := $(filter bin/pulumi,$(PULUMI))

.PHONY: install install-plugin install-importer install-sdk install-nodejs-sdk install-python-sdk install-go-sdk \
	require-project

install: install-plugin install-importer $(if $(PROJECT),install-sdk)
	@$(if $(PROJECT),:,echo "install: to add the SDK to a Pulumi program too, run make install PROJECT=<its directory>")

install-plugin: check-version provider $(INSTALL_NEEDS_PULUMI)
	@test "$$(bin/$(PROVIDER) --version)" = '$(DIST_VERSION)' || { \
		echo "install: bin/$(PROVIDER) reports $$(bin/$(PROVIDER) --version), not $(DIST_VERSION)"; exit 1; }
	$(PULUMI) plugin install resource $(PACK) $(DIST_VERSION) --file bin/$(PROVIDER) --reinstall

# cloudflare-secondary-dns-import, where `go install` puts commands (GOBIN, else GOPATH/bin; on
# your PATH when Go is set up as usual), or in INSTALL_BIN.
INSTALL_BIN     ?= $(or $(shell go env GOBIN),$(shell go env GOPATH)/bin)
install-importer: check-version
	GOBIN=$(abspath $(INSTALL_BIN)) go install -ldflags "$(VERSION_LDFLAGS)" ./cmd/$(PACK)-import
	@echo "install: $(INSTALL_BIN)/$(PACK)-import (version $$($(INSTALL_BIN)/$(PACK)-import --version))"

require-project:
	@test -n '$(PROJECT)' && test -d '$(PROJECT)' || { echo "install: set PROJECT to the directory of your Pulumi program"; exit 1; }

# The SDK of each language the project uses (a project may use several, e.g. a Go test harness).
install-sdk: require-project
	@found=; \
	if [ -f '$(PROJECT)/package.json' ]; then found=1; $(MAKE) --no-print-directory install-nodejs-sdk || exit 1; fi; \
	if [ -f '$(PROJECT)/requirements.txt' ] || [ -f '$(PROJECT)/pyproject.toml' ]; then found=1; $(MAKE) --no-print-directory install-python-sdk || exit 1; fi; \
	if [ -f '$(PROJECT)/go.mod' ]; then found=1; $(MAKE) --no-print-directory install-go-sdk || exit 1; fi; \
	[ -n "$$found" ] || echo "install: $(PROJECT) has no package.json, requirements.txt, pyproject.toml or go.mod: the plugin alone is installed (enough for Pulumi YAML)"

install-nodejs-sdk: require-project dist-nodejs-sdk
	cd '$(PROJECT)' && $(NPM) install --no-audit --no-fund $(abspath $(DIST_DIR))/cfsecdns-pulumi-cloudflare-secondary-dns-$(DIST_VERSION).tgz

# Uninstall first: a rebuilt wheel keeps its version, and pip would call it already installed.
install-python-sdk: require-project dist-python-sdk
	@test -x '$(PROJECT_VENV)/bin/python' || { echo "install: no virtualenv at $(PROJECT_VENV): create it (python3 -m venv $(PROJECT_VENV)) or set PROJECT_VENV"; exit 1; }
	'$(PROJECT_VENV)/bin/python' -m pip uninstall --yes --quiet pulumi_cloudflare_secondary_dns
	py_version=$$(sed -n 's/^ *version = "\(.*\)"$$/\1/p' $(DIST_SDK_ROOT)/sdk/python/pyproject.toml) && \
		'$(PROJECT_VENV)/bin/python' -m pip install --quiet --disable-pip-version-check \
			$(abspath $(DIST_DIR))/pulumi_cloudflare_secondary_dns-$$py_version-py3-none-any.whl

install-go-sdk: require-project dist-sdk-gen
	cd '$(PROJECT)' && go mod edit -replace $(GO_SDK_MODULE)=$(abspath $(DIST_SDK_ROOT)/sdk) && go mod tidy
