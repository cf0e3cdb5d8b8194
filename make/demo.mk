# The demo: build the CLI, the provider plugin and the emulator, start the emulator on a free
# port, and run the Go example through the Pulumi engine (up, outputs, refresh, destroy).
# Nothing is needed beyond Go; nothing is downloaded at run time. See tests/demo/.
.PHONY: demo
demo: bin/pulumi provider emulator
	cd tests && go run ./demo
