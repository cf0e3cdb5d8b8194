# Every registry example proven in every language (issue 22; the examples: make/examples.mk):
#   Go          go vet of each generated program against sdk/
#   TypeScript  type-checked strictly against the SDK tests/nodejs installs, then each program
#               run through the engine as an inline program (Automation API) against an emulator
#               of its own, and destroyed, four at once (tests/nodejs/registry-examples.ts)
#   Python      the same through the Python Automation API (tests/python/registry_examples.py)
#   YAML        each program through the real CLI and YAML language host (tests/registryexamples)
# A failure names the example and the language. The four run one after the other, each running
# its examples concurrently.
REGISTRY_TS_BUILT := bin/registry-examples/nodejs/.built

.PHONY: test-e2e-examples test-registry-examples-nodejs test-registry-examples-python test-registry-examples-yaml
test-e2e-examples: check-registry-examples check-registry-examples-go test-registry-examples-nodejs test-registry-examples-python test-registry-examples-yaml

$(REGISTRY_TS_BUILT): $(wildcard $(REGISTRY_EXAMPLES)/*/*/index.ts) $(E2E_NODE_DIR)/registry-examples.tsconfig.json $(E2E_NODE_SDK_IN)
	rm -rf $(dir $@)
	$(E2E_NODE_TSC) -p $(E2E_NODE_DIR)/registry-examples.tsconfig.json
	touch $@

test-registry-examples-nodejs: bin/pulumi provider emulator $(E2E_NODE_BUILT) $(REGISTRY_TS_BUILT)
	cd $(E2E_NODE_DIR) && node --test --test-reporter=spec --test-timeout=300000 build/tests/nodejs/registry-examples.js

test-registry-examples-python: bin/pulumi provider emulator $(E2E_PY_READY)
	cd tests/python && ../../$(E2E_PY_VENV)/bin/python -m pytest $(PYTEST_FLAGS) registry_examples.py

test-registry-examples-yaml: bin/pulumi provider $(YAML_HOST)
	cd tests && go test $(E2E_GO_TEST_FLAGS) ./registryexamples/
