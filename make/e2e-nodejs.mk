# Engine-level tests of the Node.js SDK and the TypeScript example (tests/nodejs, examples/typescript).
#
# tests/nodejs pins @pulumi/pulumi, TypeScript and @types/node (package-lock.json). The generated
# SDK is compiled with that toolchain in a copy under bin/, packed with npm pack, and installed
# from the tarball into tests/nodejs without touching its lock file, so that the SDK, the example's
# program and the Automation API share one @pulumi/pulumi. (The tarball stays out of the lock
# files on purpose: npm ci installs the content the lock's integrity names, from npm's cache,
# even after the tarball was rebuilt.)

NPM                 ?= npm
NPM_CI              := $(NPM) ci --no-audit --no-fund
E2E_NODE_DIR        := tests/nodejs
E2E_NODE_TSC        := $(E2E_NODE_DIR)/node_modules/.bin/tsc
# Stamps live inside node_modules, so that npm ci (which empties it) invalidates them.
E2E_NODE_DEPS       := $(E2E_NODE_DIR)/node_modules/.deps-installed
E2E_NODE_SDK_IN     := $(E2E_NODE_DIR)/node_modules/.sdk-installed
E2E_NODE_BUILT      := $(E2E_NODE_DIR)/build/.built
NODEJS_SDK_SRC      := $(shell find sdk/nodejs -type f -not -path 'sdk/nodejs/node_modules/*' -not -path 'sdk/nodejs/bin/*')
NODEJS_SDK_STAGE    := bin/nodejs-sdk
NODEJS_SDK_TGZ      := bin/cfsecdns-pulumi-cloudflare-secondary-dns.tgz
EXAMPLE_TS_DIR      := examples/typescript
EXAMPLE_TS_DEPS     := $(EXAMPLE_TS_DIR)/node_modules/.deps-installed
EXAMPLE_TS_SDK_IN   := $(EXAMPLE_TS_DIR)/node_modules/.sdk-installed
EXAMPLE_TS_CHECKED  := $(EXAMPLE_TS_DIR)/node_modules/.checked

.PHONY: nodejs-sdk check-example-typescript test-e2e-nodejs
nodejs-sdk: $(NODEJS_SDK_TGZ)
check-example-typescript: $(EXAMPLE_TS_CHECKED)

$(E2E_NODE_DEPS): $(E2E_NODE_DIR)/package.json $(E2E_NODE_DIR)/package-lock.json
	cd $(E2E_NODE_DIR) && $(NPM_CI)
	touch $@

# The SDK's own tsconfig.json, unchanged, in a copy whose node_modules is the suite's toolchain;
# the package is its compiled bin/ with the generated package.json, as the SDK's build script
# (tsc) lays it out.
$(NODEJS_SDK_TGZ): $(NODEJS_SDK_SRC) $(E2E_NODE_DEPS)
	rm -rf $(NODEJS_SDK_STAGE) && mkdir -p $(NODEJS_SDK_STAGE)
	cd sdk/nodejs && tar -cf - --exclude=./node_modules --exclude=./bin . | tar -xf - -C ../../$(NODEJS_SDK_STAGE)
	ln -s ../../$(E2E_NODE_DIR)/node_modules $(NODEJS_SDK_STAGE)/node_modules
	$(E2E_NODE_TSC) -p $(NODEJS_SDK_STAGE)
	cp sdk/nodejs/package.json sdk/nodejs/README.md $(NODEJS_SDK_STAGE)/bin/
	cd $(NODEJS_SDK_STAGE)/bin && $(NPM) pack --silent --pack-destination .. > ../packed
	mv $(NODEJS_SDK_STAGE)/$$(cat $(NODEJS_SDK_STAGE)/packed) $@

$(E2E_NODE_SDK_IN): $(NODEJS_SDK_TGZ) $(E2E_NODE_DEPS)
	cd $(E2E_NODE_DIR) && $(NPM) install --no-save --no-audit --no-fund ../../$(NODEJS_SDK_TGZ)
	touch $@

# The suite and the example's program module it imports, compiled together into build/.
$(E2E_NODE_BUILT): $(wildcard $(E2E_NODE_DIR)/*.ts) $(E2E_NODE_DIR)/tsconfig.json $(EXAMPLE_TS_DIR)/secondaryDns.ts $(E2E_NODE_SDK_IN)
	rm -rf $(E2E_NODE_DIR)/build
	$(E2E_NODE_TSC) -p $(E2E_NODE_DIR)
	touch $@

# The example as a user installs it: its own pinned packages plus the SDK tarball, type-checked.
$(EXAMPLE_TS_DEPS): $(EXAMPLE_TS_DIR)/package.json $(EXAMPLE_TS_DIR)/package-lock.json
	cd $(EXAMPLE_TS_DIR) && $(NPM_CI)
	touch $@

$(EXAMPLE_TS_SDK_IN): $(NODEJS_SDK_TGZ) $(EXAMPLE_TS_DEPS)
	cd $(EXAMPLE_TS_DIR) && $(NPM) install --no-save --no-audit --no-fund ../../$(NODEJS_SDK_TGZ)
	touch $@

$(EXAMPLE_TS_CHECKED): $(wildcard $(EXAMPLE_TS_DIR)/*.ts) $(EXAMPLE_TS_DIR)/tsconfig.json $(EXAMPLE_TS_SDK_IN)
	$(EXAMPLE_TS_DIR)/node_modules/.bin/tsc --noEmit -p $(EXAMPLE_TS_DIR)
	touch $@

test-e2e-nodejs: bin/pulumi provider emulator $(E2E_NODE_BUILT) $(EXAMPLE_TS_CHECKED)
	cd $(E2E_NODE_DIR) && node --test --test-reporter=spec --test-concurrency=2 --test-timeout=120000 build/tests/nodejs/*.test.js
