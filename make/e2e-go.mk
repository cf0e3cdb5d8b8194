# Go engine-level tests: the Go example's program through the Pulumi engine (Automation API,
# inline) with the built CLI and provider plugin, against the emulator. See tests/.
# Without -race by default: the code under test runs in other processes (the CLI, the plugin),
# and race-instrumenting the Pulumi SDK for this module alone costs minutes of CI.
E2E_GO_TEST_FLAGS ?= -count=1

.PHONY: test-e2e-go
test-e2e-go: bin/pulumi provider emulator
	cd tests && go test $(E2E_GO_TEST_FLAGS) $$(go list ./... | grep -v /interop)
