# Go engine-level tests: the Go example's program through the Pulumi engine (Automation API,
# inline) with the built CLI and provider plugin, against the emulator. See tests/.
# Without -race by default: the code under test runs in other processes (the CLI, the plugin),
# and race-instrumenting the Pulumi SDK for this module alone costs minutes of CI.
E2E_GO_TEST_FLAGS ?= -count=1

# The YAML language host, for running the YAML example through the real CLI (tests/yamlcli),
# beside bin/pulumi where the CLI looks for the hosts it bundles. It builds in a module graph of
# its own: it does not compile against the engine our go.mod pins.
YAML_HOST_VERSION := v1.25.0
YAML_HOST         := bin/pulumi-language-yaml
.PHONY: yaml-host
yaml-host: $(YAML_HOST)
$(YAML_HOST): make/e2e-go.mk # rebuilt when YAML_HOST_VERSION changes
	GOBIN=$(abspath $(dir $(YAML_HOST))) go install github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@$(YAML_HOST_VERSION)

.PHONY: test-e2e-go
test-e2e-go: bin/pulumi provider emulator importer $(YAML_HOST)
	cd tests && go test $(E2E_GO_TEST_FLAGS) $$(go list ./... | grep -v -e /interop -e /registryexamples)
