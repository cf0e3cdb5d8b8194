# Every registry example proven in every language (issue 22; the examples: make/examples.mk):
#   Go          go vet of each program, as schema.json carries it, against sdk/ (check-registry-examples,
#               which also type-checks the other languages' blocks: make/examples.mk)
#   TypeScript  type-checked strictly against the SDK tests/nodejs installs, then each program
#               run through the engine as an inline program (Automation API) against an emulator
#               of its own, and destroyed, four at once (tests/nodejs/registry-examples.ts)
#   Python      the same through the Python Automation API (tests/python/registry_examples.py)
#   YAML        each program through the real CLI and YAML language host (tests/registryexamples)
# A failure names the example and the language. The four run one after the other, each running
# its examples concurrently.
REGISTRY_TS_BUILT := bin/registry-examples/nodejs/.built
# This fragment is read before the ones that define these (make/e2e-{go,nodejs,python}.mk, and
# make/examples.mk), and prerequisites are expanded when read: their stamps are named here.
REGISTRY_DIR      := examples/registry
REGISTRY_NODE_DIR := tests/nodejs
REGISTRY_NODE_SUITE := $(REGISTRY_NODE_DIR)/build/.built
REGISTRY_NODE_SDK := $(REGISTRY_NODE_DIR)/node_modules/.sdk-installed
REGISTRY_PY_READY := bin/venv/.installed
REGISTRY_YAML_HOST := bin/pulumi-language-yaml

.PHONY: test-e2e-examples test-registry-examples-nodejs test-registry-examples-python test-registry-examples-yaml
test-e2e-examples: check-registry-examples test-registry-examples-nodejs test-registry-examples-python test-registry-examples-yaml

$(REGISTRY_TS_BUILT): $(wildcard $(REGISTRY_DIR)/*/*/index.ts) $(REGISTRY_NODE_DIR)/registry-examples.tsconfig.json $(REGISTRY_NODE_SDK)
	rm -rf $(dir $@)
	$(REGISTRY_NODE_DIR)/node_modules/.bin/tsc -p $(REGISTRY_NODE_DIR)/registry-examples.tsconfig.json
	@# The programs load the suite's packages: one @pulumi/pulumi for them and the Automation API.
	ln -s $(abspath $(REGISTRY_NODE_DIR)/node_modules) $(dir $@)node_modules
	touch $@

test-registry-examples-nodejs: bin/pulumi provider emulator $(REGISTRY_NODE_SUITE) $(REGISTRY_TS_BUILT)
	cd $(REGISTRY_NODE_DIR) && node --test --test-reporter=spec --test-timeout=300000 build/tests/nodejs/registry-examples.js

test-registry-examples-python: bin/pulumi provider emulator $(REGISTRY_PY_READY)
	cd tests/python && ../../bin/venv/bin/python -m pytest $(PYTEST_FLAGS) registry_examples.py

test-registry-examples-yaml: bin/pulumi provider $(REGISTRY_YAML_HOST)
	cd tests && go test $(E2E_GO_TEST_FLAGS) -parallel 4 ./registryexamples/
