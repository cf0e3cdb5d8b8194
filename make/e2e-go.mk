# Go engine-level tests: the Go example's program through the Pulumi engine (Automation API,
# inline) with the built CLI and provider plugin, against the emulator. See tests/.
.PHONY: test-e2e-go
test-e2e-go: bin/pulumi provider emulator
	cd tests && go test $(GO_TEST_FLAGS) ./...
