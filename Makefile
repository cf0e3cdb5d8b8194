# Build, test and demo targets for the Cloudflare Secondary DNS Pulumi provider.
PACK            := cloudflare-secondary-dns
PROVIDER        := pulumi-resource-$(PACK)
MODULE          := github.com/cfsecdns/pulumi-$(PACK)
VERSION         ?= 0.1.0-dev
# The variable must exist: a wrong -X path is silently ignored (provider tests check the stamp).
VERSION_LDFLAGS := -X $(MODULE)/provider.Version=$(VERSION)

# Where the official OpenAPI document is read from by the contract tests.
SHARED_DIR      ?= $(abspath ../shared)
export CFSECDNS_OPENAPI ?= $(SHARED_DIR)/cloudflare/secondary-dns.openapi.json

GO_TEST_FLAGS   ?= -race -count=1

.PHONY: all provider emulator test test-unit lint

all: provider emulator

provider:
	go build -o bin/$(PROVIDER) -ldflags "$(VERSION_LDFLAGS)" ./cmd/$(PROVIDER)

emulator:
	go build -o bin/$(PACK)-emulator ./cmd/$(PACK)-emulator

lint:
	@test -z "$$(gofmt -l $$(git ls-files '*.go' | grep -v '^sdk/'))" || { gofmt -l $$(git ls-files '*.go' | grep -v '^sdk/'); echo "gofmt needed"; exit 1; }
	go vet ./...

test-unit:
	go test $(GO_TEST_FLAGS) ./...

test: lint test-unit
