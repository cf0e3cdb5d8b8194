# Engine-level tests of the Python SDK and example (tests/python, examples/python).

PYTHON          ?= python3
PYTEST_FLAGS    ?=
E2E_PY_VENV     := bin/venv
# Put in place last, so that a failed install is retried on the next run.
E2E_PY_READY    := $(E2E_PY_VENV)/.installed
E2E_PY_SDK      := $(shell find sdk/python -type f -not -path '*/__pycache__/*' -not -path 'sdk/python/build/*' -not -path '*.egg-info/*')

.PHONY: python-venv test-e2e-python
python-venv: $(E2E_PY_READY)

# A fresh venv whenever the pins or the generated SDK change, so nothing stale survives. The SDK
# is built from a copy: setuptools would otherwise leave build/ in sdk/python, whose leftovers
# end up in later wheels.
$(E2E_PY_READY): tests/python/requirements.txt $(E2E_PY_SDK)
	mkdir -p $(dir $(E2E_PY_VENV))
	touch $(E2E_PY_VENV).started
	rm -rf $(E2E_PY_VENV)
	$(PYTHON) -m venv $(E2E_PY_VENV)
	@echo "$(E2E_PY_VENV)/bin/python -m pip install -r tests/python/requirements.txt <copy of sdk/python>"
	@sdk_copy=$$(mktemp -d) && trap 'rm -rf "$$sdk_copy"' EXIT && cp -R sdk/python/. "$$sdk_copy" && \
		$(E2E_PY_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --no-input \
			-r tests/python/requirements.txt "$$sdk_copy"
	@# Stamped with the start time: an SDK regenerated during the install is newer, so reinstalled.
	mv $(E2E_PY_VENV).started $@

# pytest exits 5 when it collects no test: that fails here, and says why.
test-e2e-python: bin/pulumi provider emulator $(E2E_PY_READY)
	cd tests/python && ../../$(E2E_PY_VENV)/bin/python -m pytest $(PYTEST_FLAGS); \
		status=$$?; [ $$status -ne 5 ] || echo "test-e2e-python: pytest collected no tests"; exit $$status
