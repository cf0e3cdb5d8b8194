# Go engine-level tests: the Go example's program through the Pulumi engine (Automation API,
# inline) with the built CLI and provider plugin, against the emulator. See tests/.
# Without -race by default: the code under test runs in other processes (the CLI, the plugin),
# and race-instrumenting the Pulumi SDK for this module alone costs minutes of CI.
E2E_GO_TEST_FLAGS ?= -count=1

# The YAML language host, for running the YAML programs through the real CLI (tests/yamlcli,
# tests/registryexamples), beside bin/pulumi where the CLI looks for the hosts it bundles. Its
# version is the pulumi-yaml that go.mod pins for generating the registry examples' YAML, so the
# project has one pulumi-yaml; it is built as released, in its own module graph.
YAML_HOST_VERSION := $(shell sed -n 's|^[[:space:]]*github.com/pulumi/pulumi-yaml \(v[^ ]*\).*|\1|p' go.mod)
YAML_HOST         := bin/pulumi-language-yaml
.PHONY: yaml-host
yaml-host: $(YAML_HOST)
$(YAML_HOST): go.mod # rebuilt when the pinned pulumi-yaml changes
	GOBIN=$(abspath $(dir $(YAML_HOST))) go install github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@$(YAML_HOST_VERSION)

.PHONY: test-e2e-go
test-e2e-go: bin/pulumi provider emulator importer $(YAML_HOST)
	cd tests && go test $(E2E_GO_TEST_FLAGS) $$(go list ./... | grep -v -e /interop -e /registryexamples)
