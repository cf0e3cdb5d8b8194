# actionlint over the project's GitHub workflows and the users' example workflow
# (docs/continuous-integration.md). actionlint runs shellcheck on every `run:` script only when
# shellcheck is on PATH: the target installs Debian's where it runs as root with apt-get, and
# fails without it in CI (CI=true); elsewhere it says that the scripts went unchecked.
ACTIONLINT_VERSION := v1.7.12
ACTIONLINT         := bin/actionlint
ACTIONLINT_FILES   := $(wildcard .github/workflows/*.yml .github/workflows/*.yaml) examples/ci/github-actions.yml

.PHONY: actionlint shellcheck
$(ACTIONLINT): make/actionlint.mk # rebuilt when ACTIONLINT_VERSION changes
	GOBIN=$(abspath $(dir $(ACTIONLINT))) go install github.com/rhysd/actionlint/cmd/actionlint@$(ACTIONLINT_VERSION)

shellcheck:
	@command -v shellcheck >/dev/null 2>&1 && exit 0; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "actionlint: installing shellcheck: apt-get install -y --no-install-recommends shellcheck"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends shellcheck >/dev/null; \
	elif [ "$$CI" = true ]; then \
		echo "actionlint: shellcheck is missing; CI must check the run: scripts: install it (Debian: apt-get install shellcheck)"; exit 1; \
	else \
		echo "actionlint: NOTE: shellcheck is not installed: the workflows' run: scripts are NOT checked (Debian: apt-get install shellcheck)"; \
	fi

# The second run is the check's own check: a workflow with a known error must be rejected, so
# that a silent actionlint (wrong files, wrong version) cannot pass.
actionlint: $(ACTIONLINT) shellcheck
	$(ACTIONLINT) $(ACTIONLINT_FILES)
	@canary=$$(mktemp -d) && trap 'rm -rf "$$canary"' EXIT && \
		printf 'on: push\njobs:\n  j:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "$${{ github.event.nope }}"\n        uses: actions/checkout@v4\n' >"$$canary/broken.yml" && \
		if $(ACTIONLINT) "$$canary/broken.yml" >/dev/null 2>&1; then echo "actionlint: accepted a broken workflow"; exit 1; fi
