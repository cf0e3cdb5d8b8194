# Go engine-level tests: the Go example's program through the Pulumi engine (Automation API,
# inline) with the built CLI and provider plugin, against the emulator. See tests/.
# Without -race by default: the code under test runs in other processes (the CLI, the plugin),
# and race-instrumenting the Pulumi SDK for this module alone costs minutes of CI.
E2E_GO_TEST_FLAGS ?= -count=1

# The YAML language host, for running the YAML programs through the real CLI (tests/yamlcli,
# tests/registryexamples), beside bin/pulumi where the CLI looks for the hosts it bundles. Like
# the CLI, a tool of tests/go.mod, at the pulumi-yaml that go.mod pins for generating the
# registry examples' YAML (one pulumi-yaml for the project; v1.25.0 does not build against our
# engine), so that it reuses the CLI's compiled engine packages instead of compiling another;
# built after the CLI, so that a parallel make does not compile those packages twice at once.
YAML_HOST         := bin/pulumi-language-yaml
.PHONY: yaml-host
yaml-host: $(YAML_HOST)
$(YAML_HOST): tests/go.mod tests/go.sum | bin/pulumi
	cd tests && go build -o ../$(YAML_HOST) github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml

.PHONY: test-e2e-go
test-e2e-go: bin/pulumi provider emulator importer $(YAML_HOST)
	cd tests && go test $(E2E_GO_TEST_FLAGS) $$(go list ./... | grep -v -e /interop -e /registryexamples)
