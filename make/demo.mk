# The demo: build the CLI, the provider plugin and the emulator, start the emulator on free
# ports (API and DNS), and run the Go example through the Pulumi engine: up, outputs, a real
# zone transfer from a small TSIG-signing primary the demo serves on loopback, refresh, destroy.
# Nothing is needed beyond Go; nothing is downloaded at run time. See tests/demo/.
.PHONY: demo
demo: bin/pulumi provider emulator
	cd tests && go run ./demo
