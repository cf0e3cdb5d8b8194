# Fuzzing (issue 6): each target runs from its committed seed corpus (provider/testdata/fuzz/)
# in every `go test`; `make fuzz-smoke` also explores for FUZZTIME each, as CI does. A failure
# writes the input to provider/testdata/fuzz/<Target>/: commit it with the fix.
FUZZTIME     ?= 3s
FUZZ_TARGETS := $(shell grep -ho '^func Fuzz[A-Za-z0-9_]*' provider/*_test.go | cut -d' ' -f2)

.PHONY: fuzz-smoke
fuzz-smoke:
	@test -n "$(FUZZ_TARGETS)" || { echo "fuzz-smoke: no fuzz targets found in provider/"; exit 1; }
	@for target in $(FUZZ_TARGETS); do \
		echo "go test -run '^$$' -fuzz '^$$target\$$' -fuzztime $(FUZZTIME) ./provider"; \
		go test -run '^$$' -fuzz "^$$target\$$" -fuzztime $(FUZZTIME) ./provider || exit 1; \
	done
