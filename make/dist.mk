# Release artifacts (make dist) and their check (make check-dist).
#
# bin/dist/ receives what a release publishes:
#   pulumi-resource-cloudflare-secondary-dns-v<version>-<os>-<arch>.tar.gz  one per platform, the
#       plugin binary (.exe on Windows) alone at the archive root: the asset the Pulumi CLI asks
#       the GitHub release v<version> for (schema pluginDownloadURL, github://...)
#   cloudflare-secondary-dns-tools-v<version>-<os>-<arch>.tar.gz            one per platform, the
#       emulator and the import command (cloudflare-secondary-dns-emulator, -import; .exe on
#       Windows), apart from the plugin archives, which the Pulumi CLI wants with the plugin alone
#   cfsecdns-pulumi-cloudflare-secondary-dns-<version>.tgz                   npm pack of the TypeScript SDK
#   pulumi_cloudflare_secondary_dns-<pep440>-py3-none-any.whl, .tar.gz       the Python SDK
# The packaged SDKs are generated at the release version in bin/dist-work/, never in sdk/, whose
# committed copy stays at the provider's development version (see the Makefile's codegen).

DIST_DIR        ?= bin/dist
DIST_WORK       ?= bin/dist-work
# The platforms the Pulumi CLI downloads plugins for.
DIST_PLATFORMS  := linux-amd64 linux-arm64 darwin-amd64 darwin-arm64 windows-amd64 windows-arm64
HOST_PLATFORM    = $(shell go env GOOS)-$(shell go env GOARCH)
# Tags are v<semver>; the version itself has no "v".
DIST_VERSION     = $(patsubst v%,%,$(VERSION))
DIST_LDFLAGS     = -s -w -X $(MODULE)/provider.Version=$(DIST_VERSION)
# Static, path-independent release binaries. check-dist empties both, so that its host build
# reuses the compilation of `make provider` instead of compiling everything again.
DIST_CGO        ?= CGO_ENABLED=0
DIST_TRIMPATH   ?= -trimpath
dist_archive     = $(DIST_DIR)/$(PROVIDER)-v$(DIST_VERSION)-$(1).tar.gz
dist_os          = $(word 1,$(subst -, ,$(1)))
dist_arch        = $(word 2,$(subst -, ,$(1)))
dist_exe         = $(PROVIDER)$(if $(filter windows,$(call dist_os,$(1))),.exe)
# The tools archives: the commands a user runs beside Pulumi, not the plugin.
DIST_TOOLS       := $(PACK)-emulator $(PACK)-import
tools_archive    = $(DIST_DIR)/$(PACK)-tools-v$(DIST_VERSION)-$(1).tar.gz
tool_exes        = $(foreach t,$(DIST_TOOLS),$(t)$(if $(filter windows,$(call dist_os,$(1))),.exe))
# Semantic Versioning 2.0.0 (semver.org), as a POSIX extended regular expression.
SEMVER_NUM      := (0|[1-9][0-9]*)
SEMVER_PRE_ID   := (0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)
SEMVER_RE       := ^$(SEMVER_NUM)\.$(SEMVER_NUM)\.$(SEMVER_NUM)(-$(SEMVER_PRE_ID)(\.$(SEMVER_PRE_ID))*)?(\+[0-9a-zA-Z-]+(\.[0-9a-zA-Z-]+)*)?$$

# The SDK packages are built with the Node.js suite's pinned TypeScript (make/e2e-nodejs.mk
# installs it; its stamp is named here because that fragment is read after this one) and with
# pinned Python build tools in their own venv.
DIST_NODE_TOOLCHAIN := tests/nodejs/node_modules/.deps-installed
DIST_NODE_SDK_IN    := tests/nodejs/node_modules/.sdk-installed
DIST_TSC            := tests/nodejs/node_modules/.bin/tsc
DIST_PY_VENV        := bin/dist-venv
DIST_PY_TOOLS       := build==1.3.0 packaging==25.0 pyproject_hooks==1.2.0 setuptools==80.9.0
DIST_SDK_ROOT        = $(DIST_WORK)/sdk-src

.PHONY: clean-dist dist dist-plugins dist-tools dist-tools-archive-names dist-sdks dist-sdk-gen dist-nodejs-sdk dist-python-sdk check-version \
	dist-archive-names check-dist check-release

# From empty directories, so that bin/dist holds exactly one version's artifacts.
dist: check-version
	rm -rf $(DIST_DIR) $(DIST_WORK)
	@$(MAKE) --no-print-directory dist-plugins dist-tools dist-sdks
	@echo "dist: version $(DIST_VERSION); artifacts in $(DIST_DIR)/:" && ls -1 $(DIST_DIR)

clean-dist:
	rm -rf $(DIST_DIR) $(DIST_WORK)

check-version:
	@printf '%s\n' '$(DIST_VERSION)' | grep -Eq '$(SEMVER_RE)' || { \
		echo "VERSION '$(VERSION)' is not a semantic version: expected MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD], e.g. 1.2.3 or 1.2.3-alpha.1 (a leading v is allowed)"; exit 1; }

# The archive names, one per line: the provider's plugin-download test offers them as the assets
# of a GitHub release and checks that the Pulumi CLI picks one of them for every platform.
dist-archive-names: check-version
	@$(foreach p,$(DIST_PLATFORMS),echo '$(notdir $(call dist_archive,$(p)))';)

dist-plugins: $(addprefix dist-plugin-,$(DIST_PLATFORMS))

# One platform: cross-compile, pack the binary alone at the archive root, and check the listing.
dist-plugin-%: check-version
	@test -n '$(filter $*,$(DIST_PLATFORMS))' || { echo "dist: unknown platform '$*'; known: $(DIST_PLATFORMS)"; exit 1; }
	rm -rf $(DIST_WORK)/plugin-$* && mkdir -p $(DIST_WORK)/plugin-$* $(DIST_DIR)
	$(DIST_CGO) GOOS=$(call dist_os,$*) GOARCH=$(call dist_arch,$*) \
		go build $(DIST_TRIMPATH) -ldflags "$(DIST_LDFLAGS)" -o $(DIST_WORK)/plugin-$*/$(call dist_exe,$*) ./cmd/$(PROVIDER)
	tar -czf $(call dist_archive,$*) -C $(DIST_WORK)/plugin-$* $(call dist_exe,$*)
	@test "$$(tar -tzf $(call dist_archive,$*))" = '$(call dist_exe,$*)' || { \
		echo "dist: $(call dist_archive,$*) must hold exactly $(call dist_exe,$*), it holds:"; tar -tzf $(call dist_archive,$*); exit 1; }

# The tools archives' names, one per line (scripts/check-goreleaser.sh compares them).
dist-tools-archive-names: check-version
	@$(foreach p,$(DIST_PLATFORMS),echo '$(notdir $(call tools_archive,$(p)))';)

dist-tools: $(addprefix dist-tools-,$(DIST_PLATFORMS))

# One platform: cross-compile both commands, pack them at the archive root, and check the listing.
dist-tools-%: check-version
	@test -n '$(filter $*,$(DIST_PLATFORMS))' || { echo "dist: unknown platform '$*'; known: $(DIST_PLATFORMS)"; exit 1; }
	rm -rf $(DIST_WORK)/tools-$* && mkdir -p $(DIST_WORK)/tools-$* $(DIST_DIR)
	$(foreach t,$(DIST_TOOLS),$(DIST_CGO) GOOS=$(call dist_os,$*) GOARCH=$(call dist_arch,$*) \
		go build $(DIST_TRIMPATH) -ldflags "$(DIST_LDFLAGS)" -o $(DIST_WORK)/tools-$*/ ./cmd/$(t) &&) true
	tar -czf $(call tools_archive,$*) -C $(DIST_WORK)/tools-$* $(call tool_exes,$*)
	@test "$$(tar -tzf $(call tools_archive,$*) | sort | tr '\n' ' ')" = '$(sort $(call tool_exes,$*)) ' || { \
		echo "dist: $(call tools_archive,$*) must hold exactly $(call tool_exes,$*), it holds:"; tar -tzf $(call tools_archive,$*); exit 1; }

dist-sdks: dist-nodejs-sdk dist-python-sdk

# schema.json and the three SDKs at the release version; sdk/go.mod makes the Go SDK a module
# there too (it is what `make install-go-sdk` points a replace directive at).
dist-sdk-gen: check-version
	rm -rf $(DIST_SDK_ROOT) && mkdir -p $(DIST_SDK_ROOT)/sdk
	go run ./cmd/pulumi-gen-$(PACK) -version $(DIST_VERSION) -root $(DIST_SDK_ROOT)
	cp sdk/go.mod sdk/go.sum $(DIST_SDK_ROOT)/sdk/

# As make/e2e-nodejs.mk builds it: the SDK's own tsconfig.json, compiled into bin/, packed from
# there with the generated package.json.
dist-nodejs-sdk: dist-sdk-gen $(DIST_NODE_TOOLCHAIN)
	ln -s $(abspath tests/nodejs/node_modules) $(DIST_SDK_ROOT)/sdk/nodejs/node_modules
	$(DIST_TSC) -p $(DIST_SDK_ROOT)/sdk/nodejs
	cp $(DIST_SDK_ROOT)/sdk/nodejs/package.json $(DIST_SDK_ROOT)/sdk/nodejs/README.md $(DIST_SDK_ROOT)/sdk/nodejs/bin/
	mkdir -p $(DIST_DIR)
	cd $(DIST_SDK_ROOT)/sdk/nodejs/bin && $(NPM) pack --silent --pack-destination $(abspath $(DIST_DIR)) >/dev/null
	@test -f $(DIST_DIR)/cfsecdns-pulumi-cloudflare-secondary-dns-$(DIST_VERSION).tgz || { \
		echo "dist: npm pack did not write $(DIST_DIR)/cfsecdns-pulumi-cloudflare-secondary-dns-$(DIST_VERSION).tgz"; exit 1; }

$(DIST_PY_VENV)/.installed: make/dist.mk
	rm -rf $(DIST_PY_VENV)
	$(PYTHON) -m venv $(DIST_PY_VENV)
	$(DIST_PY_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-input $(DIST_PY_TOOLS)
	touch $@

# sdist first, then the wheel built from the sdist (python -m build's default), so a file the
# sdist leaves out fails here rather than for a user. The pinned tools, not a fresh download.
dist-python-sdk: dist-sdk-gen $(DIST_PY_VENV)/.installed
	mkdir -p $(DIST_DIR)
	$(DIST_PY_VENV)/bin/python -m build --no-isolation --outdir $(DIST_DIR) $(DIST_SDK_ROOT)/sdk/python \
		>$(DIST_WORK)/python-build.log 2>&1 || { cat $(DIST_WORK)/python-build.log; exit 1; }

# Fast CI check of one platform's archive and of both SDK packages, at a test version whose
# prerelease exercises the PEP 440 translation (1.2.3-alpha.1 is 1.2.3a1 for Python).
DIST_CHECK_VERSION    := 1.2.3-alpha.1
DIST_CHECK_PY_VERSION := 1.2.3a1
DIST_CHECK_DIR        := bin/dist-check

# The Node.js suite's packages are installed here, not in the sub-make, so that a parallel
# make test never runs two npm installs in tests/nodejs at once.
check-dist: bin/pulumi $(DIST_NODE_TOOLCHAIN) $(DIST_NODE_SDK_IN)
	@$(MAKE) --no-print-directory VERSION=$(DIST_CHECK_VERSION) DIST_DIR=$(DIST_CHECK_DIR) \
		DIST_WORK=$(DIST_CHECK_DIR)-work DIST_CGO= DIST_TRIMPATH= dist-plugin-$(HOST_PLATFORM) dist-tools-$(HOST_PLATFORM) dist-sdks
	scripts/check-dist.sh $(DIST_CHECK_DIR) $(DIST_CHECK_VERSION) $(DIST_CHECK_PY_VERSION) $(HOST_PLATFORM)

# Before tagging or publishing a release: the Go SDK is consumed straight from the repository
# (tag sdk/v<version>), so the committed SDKs must carry the release version, and the module path
# must allow it (a v2+ release needs a /vN module path).
check-release: check-version
	@committed=$$(sed -n 's/^ *"version": "\(.*\)",*$$/\1/p' sdk/go/cloudflaresecondarydns/pulumi-plugin.json); \
	test "$$committed" = '$(DIST_VERSION)' || { \
		echo "check-release: the committed SDKs are at $$committed, not $(DIST_VERSION): set provider.Version to $(DIST_VERSION) in provider/version.go, run make codegen and commit"; exit 1; }
	@major=$$(echo '$(DIST_VERSION)' | cut -d. -f1); modpath=$$(sed -n 's/^module //p' sdk/go.mod); \
	case "$$major:$$modpath" in 0:*/sdk|1:*/sdk|*/v$$major) ;; *) \
		echo "check-release: Go SDK module $$modpath cannot be tagged sdk/v$(DIST_VERSION): major version $$major needs the /v$$major suffix"; exit 1;; esac
	@echo "check-release: $(DIST_VERSION) ok: tag the release commit v$(DIST_VERSION) and sdk/v$(DIST_VERSION)"

# The registry docs: front matter, and the overview's example in every language, checked against
# the SDKs (the TypeScript example's and the Python suite's installs of them, sdk/go).
.PHONY: check-docs
check-docs: check-example-typescript python-venv
	scripts/check-docs.sh

# Not part of CI (it needs goreleaser, v2.14 or newer): a snapshot release built by goreleaser
# from .goreleaser.yaml must produce what make dist produces.
GORELEASER ?= goreleaser
.PHONY: check-goreleaser
check-goreleaser:
	$(GORELEASER) check
	$(GORELEASER) release --snapshot --clean
	scripts/check-goreleaser.sh bin/goreleaser
