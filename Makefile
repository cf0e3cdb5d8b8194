# Build, test and demo targets for the Cloudflare Secondary DNS Pulumi provider.
PACK            := cloudflare-secondary-dns
PROVIDER        := pulumi-resource-$(PACK)
MODULE          := github.com/cfsecdns/pulumi-$(PACK)
# The release version: VERSION=, else the git tag (vX.Y.Z) on this commit's history, else the
# development version written in provider/version.go. Evaluated once.
ifeq ($(origin VERSION),undefined)
VERSION         := $(or $(patsubst v%,%,$(shell git describe --tags --match 'v*' 2>/dev/null)),$(shell sed -n 's/^var Version = "\(.*\)"$$/\1/p' provider/version.go))
endif
# The variable must exist: a wrong -X path is silently ignored (provider tests check the stamp).
VERSION_LDFLAGS := -X $(MODULE)/provider.Version=$(VERSION)

# Cloudflare's OpenAPI documents, which the emulator's contract tests hold it to: subsets of
# openapi.json from Cloudflare's api-schemas repository (https://github.com/cloudflare/api-schemas),
# in $(SHARED_DIR)/cloudflare/ (CONTRIBUTING.md). They are required (named to the tests, so a
# missing one fails) when SHARED_DIR or a CFSECDNS_OPENAPI* variable is given, in CI (CI=true),
# or when the directory holds any of them; a clone without them skips the validation, and
# test-unit says so once.
SHARED_DIR      ?= $(abspath ../shared)
OPENAPI_DIR     := $(SHARED_DIR)/cloudflare
OPENAPI_REQUIRED := $(strip $(filter-out file,$(origin SHARED_DIR)) $(filter true,$(CI)) \
	$(CFSECDNS_OPENAPI)$(CFSECDNS_OPENAPI_ZONE_TRANSFERS)$(CFSECDNS_OPENAPI_ZONES) $(wildcard $(OPENAPI_DIR)/*.openapi.json))
ifneq ($(OPENAPI_REQUIRED),)
export CFSECDNS_OPENAPI ?= $(OPENAPI_DIR)/secondary-dns.openapi.json
export CFSECDNS_OPENAPI_ZONE_TRANSFERS ?= $(OPENAPI_DIR)/secondary-dns-zones.openapi.json
export CFSECDNS_OPENAPI_ZONES ?= $(OPENAPI_DIR)/zones.openapi.json
endif
OPENAPI_SKIPPED := $(if $(OPENAPI_REQUIRED),,echo "test-unit: SKIPPED the emulator's OpenAPI contract validation: no documents in $(OPENAPI_DIR)/. They are subsets of openapi.json from Cloudflare's api-schemas repository, https://github.com/cloudflare/api-schemas (CONTRIBUTING.md says how to make them); CI requires them.")

GO_TEST_FLAGS   ?= -race -count=1

.PHONY: all provider emulator importer pulumi codegen check-codegen check-sdk-go test test-unit lint

all: provider emulator importer

provider:
	go build -o bin/$(PROVIDER) -ldflags "$(VERSION_LDFLAGS)" ./cmd/$(PROVIDER)

emulator:
	go build -o bin/$(PACK)-emulator ./cmd/$(PACK)-emulator

# cloudflare-secondary-dns-import: the import file of an existing account (docs/adopting-an-existing-account.md).
importer:
	go build -o bin/$(PACK)-import -ldflags "$(VERSION_LDFLAGS)" ./cmd/$(PACK)-import

# A Pulumi CLI for the engine-level tests, at the pinned engine version, built from its own module
# (tests/go.mod) so that the provider's go.mod stays lean. The Automation API refuses an
# unversioned CLI, hence the stamp.
PULUMI_VERSION  := v3.276.0
pulumi: bin/pulumi
bin/pulumi: tests/go.mod tests/go.sum
	cd tests && go build -o ../bin/pulumi \
		-ldflags "-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$(PULUMI_VERSION)" \
		github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
	@bin/pulumi version | grep -qx '$(PULUMI_VERSION)' || { echo "bin/pulumi does not report $(PULUMI_VERSION)"; exit 1; }

# schema.json and sdk/ are generated from the provider itself and committed; never edit them.
# Their version is the provider's unstamped development version, so that regenerating is stable.
codegen:
	go run ./cmd/pulumi-gen-$(PACK) -root .
	cd sdk && go mod tidy
	cd $(REGISTRY_EXAMPLES) && go mod tidy

# Fails when the committed schema or SDKs differ from what the provider generates now.
# The registry examples' programs and the docs that include them are generated too.
CODEGEN_PATHS = schema.json sdk $(REGISTRY_EXAMPLES) README.md docs
check-codegen: codegen
	@git diff --exit-code --stat -- $(CODEGEN_PATHS) || { echo "schema.json, sdk/, the registry examples or the docs are stale: run 'make codegen' and commit"; exit 1; }
	@test -z "$$(git status --porcelain -- $(CODEGEN_PATHS))" || { git status --porcelain -- $(CODEGEN_PATHS); echo "make codegen produced files that are not committed"; exit 1; }

# The Go SDK is a module of its own (sdk/go.mod, taggable as sdk/v<version>): it must build alone.
check-sdk-go:
	cd sdk && go build ./... && go vet ./...

lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go' | grep -v '^sdk/'))" || { gofmt -l $$(git ls-files '*.go' | grep -v '^sdk/'); echo "gofmt needed"; exit 1; }
	go vet ./...

# The race detector runs where our code runs goroutines: every package but the code generator,
# which runs none and would otherwise race-build Pulumi's code generators (the biggest part of
# the graph) only for its own two tests; it is tested without, on the build check-codegen made.
RACE_FREE_PKG   := cmd/pulumi-gen-$(PACK)
test-unit:
	@$(OPENAPI_SKIPPED)
	go test $(GO_TEST_FLAGS) $$(go list ./... | grep -vx '$(MODULE)/$(RACE_FREE_PKG)')
	go test $(filter-out -race,$(GO_TEST_FLAGS)) ./$(RACE_FREE_PKG)

# Engine-level suites, one fragment per language: make/e2e-*.mk define test-e2e-<lang>.
include $(wildcard make/*.mk)
E2E_SUITES := $(patsubst make/e2e-%.mk,test-e2e-%,$(wildcard make/e2e-*.mk))

.PHONY: test-e2e
test-e2e: $(E2E_SUITES)

# make test: check-codegen first, since it may rewrite sdk/, which the other layers read (and it
# compiles the provider's dependencies once, before several layers would at the same time); then
# the layers side by side, TEST_JOBS at a time, each one's output printed whole when it ends.
# Shared prerequisites (bin/pulumi, the plugin, the npm and pip installs) are built once. Three
# jobs on two cores overlap one layer's compiling with another's waiting on processes and
# downloads; TEST_JOBS=1 runs the layers one after another.
TEST_JOBS       ?= 3
TEST_LAYERS     := test-e2e test-interop test-unit fuzz-smoke lint actionlint check-sdk-go check-dist check-docs
.PHONY: test test-layers
test: check-codegen
	@$(MAKE) --no-print-directory -j$(TEST_JOBS) --output-sync=target test-layers
test-layers: $(TEST_LAYERS)
