# Benchmarks (issue 5). `make bench` measures at full size; `make bench-smoke` runs the same
# at a small size in seconds, and `make test` runs it so that CI checks the benchmarks still work.
#
#   - Go benchmarks of the provider's operations in process against the emulator (requests/op);
#   - the soaks of the reliability work at 1,000 operations, in process and through the engine;
#   - the engine-level scenario (tests/bench): N key+peer pairs through the Pulumi engine at 50 ms
#     latency, then under a rate limit, and the plugin's start-up. It prints a table and writes
#     the figures to bin/bench.json (bin/bench-smoke.json for the smoke run);
#   - the engine-level transfer scenario (tests/bench): N incoming and N outgoing zone transfer
#     configurations created, refreshed (failing above the floor of 3N requests), then destroyed;
#   - the import scenario (tests/bench/adopt.go): cloudflare-secondary-dns-import reading an
#     account of 1,000 zones under Cloudflare's limit (1,200 per 5 minutes) and headers, failing on
#     any 429 or a request above the floor (the listings and one read per zone); its wall time is
#     shown against the least time the limit allows.
#   - the fleet scenario (tests/bench/fleet.go): N secondary zones with an IncomingTransfer from
#     two shared primaries and N full zones with an enabled OutgoingTransfer to a shared secondary
#     and key, under Cloudflare's limit (1,200 per 5 minutes) with its headers: up, refresh, no-op
#     up and destroy, each failing above its request goal. N = 100 and 1,000 (the latter spans
#     several of Cloudflare's five-minute windows: about 40 minutes).
#
# BENCH_FLAGS passes flags to the scenario, e.g. BENCH_FLAGS='-n 100 -zones 200 -rate 120/10s -fleet 100'.

BENCH_FLAGS       ?=
BENCH_SOAK_OPS    ?= 1000
BENCH_ENGINE_SOAK_PAIRS ?= 125
BENCH_SMOKE_FLAGS := -n 3 -zones 3 -fleet 3 -latency 5ms -rate 10/2s -adopt-zones 30 -adopt-rate 20/2s -startup-runs 5 -out bin/bench-smoke.json

.PHONY: bench bench-smoke
bench: bin/pulumi provider importer
	go test -run '^$$' -bench . -benchmem ./provider/
	CFSECDNS_SOAK_OPS=$(BENCH_SOAK_OPS) go test -count=1 -run '^TestSoak$$' ./provider/
	@# 125 key+peer pairs: create, update, refresh and delete of 250 resources, 1,000 operations.
	cd tests && CFSECDNS_ENGINE_SOAK_PAIRS=$(BENCH_ENGINE_SOAK_PAIRS) go test -count=1 -run '^TestEngineSoak$$' ./reliability/
	cd tests && go run ./bench $(BENCH_FLAGS)

bench-smoke: bin/pulumi provider importer
	go test -run '^$$' -bench . -benchtime 3x ./provider/
	cd tests && go run ./bench $(BENCH_SMOKE_FLAGS)

test-e2e: bench-smoke
