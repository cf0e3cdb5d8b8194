package provider

import (
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"net/http"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/provider/internal/cfapi"
)

// soakOps is how many operations the soak runs: CFSECDNS_SOAK_OPS, else 200 (make bench runs
// 1,000 or more).
func soakOps(t *testing.T) int {
	n := 200
	if s := os.Getenv("CFSECDNS_SOAK_OPS"); s != "" {
		var err error
		n, err = strconv.Atoi(s)
		require.NoError(t, err, "CFSECDNS_SOAK_OPS")
	}
	return n
}

// soakSeed is the seed of every random choice of the soak: CFSECDNS_SOAK_SEED to replay a run,
// else a new one. It is logged, so a failure can be replayed (goroutine scheduling still varies).
func soakSeed(t *testing.T) uint64 {
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("CFSECDNS_SOAK_SEED"); s != "" {
		var err error
		seed, err = strconv.ParseUint(s, 10, 64)
		require.NoError(t, err, "CFSECDNS_SOAK_SEED")
	}
	t.Logf("soak seed %d (replay with CFSECDNS_SOAK_SEED=%d)", seed, seed)
	return seed
}

// soakRetry is the default policy with millisecond waits.
var soakRetry = cfapi.RetryPolicy{MaxAttempts: 12, FirstDelay: time.Millisecond, MaxDelay: 8 * time.Millisecond, MaxWait: cfapi.DefaultMaxRetryWait, TellAfter: time.Hour}

// faultyNetwork sits in front of the emulator and spoils a fifth of the requests: 5% are
// answered 429 (Retry-After: 0), 5% are carried out and then the connection is dropped, 5% are
// answered 500 and 5% are dropped unanswered. Its choices come from the soak's seed.
type faultyNetwork struct {
	emu                            *emulator.Emulator
	mu                             sync.Mutex
	rng                            *rand.Rand
	rateLimited, committedThenLost atomic.Int64
}

func (f *faultyNetwork) roll() float64 {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.rng.Float64()
}

func (f *faultyNetwork) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch roll := f.roll(); {
		case roll < 0.05:
			f.rateLimited.Add(1)
			w.Header().Set("Retry-After", "0")
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = w.Write([]byte(`{"success":false,"errors":[{"code":10100,"message":"Rate limited"}],"messages":[],"result":null}`))
			return
		case roll < 0.10:
			f.committedThenLost.Add(1)
			f.emu.InjectFault(emulator.Fault{Kind: emulator.FaultCommitThenDrop, Method: r.Method, Path: r.URL.Path})
		case roll < 0.15:
			f.emu.InjectFault(emulator.Fault{Kind: emulator.FaultServerError, Method: r.Method, Path: r.URL.Path})
		case roll < 0.20:
			f.emu.InjectFault(emulator.Fault{Kind: emulator.FaultReset, Method: r.Method, Path: r.URL.Path})
		}
		next.ServeHTTP(w, r)
	})
}

// tracked is what Pulumi would hold for one resource.
type tracked struct {
	typ, name string
	id        string
	inputs    map[string]property.Value
	state     property.Map
}

// The soak: many creates, updates, reads and deletes of keys, peers and ACLs, several at a time,
// through a network that spoils a fifth of the requests. At the end Cloudflare holds exactly
// what the state says (no duplicate, no orphan, every field equal), a refresh finds no drift,
// and a destroy leaves nothing behind.
func TestSoak(t *testing.T) {
	t.Parallel()
	ops := soakOps(t)
	seed := soakSeed(t)
	net := &faultyNetwork{rng: rand.New(rand.NewPCG(seed, 0))}
	h := serve(t, setup{
		opts:   emulator.Options{RateLimit: 1 << 30},
		policy: &soakRetry,
		front:  net.wrap,
	})
	net.emu = h.emu.Emulator

	const workers = 8
	var (
		mu       sync.Mutex
		failures []string
		wg       sync.WaitGroup
		next     atomic.Int64
		live     = make([][]*tracked, workers)
	)
	fail := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		failures = append(failures, fmt.Sprintf(format, args...))
	}
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(seed, uint64(w)+1))
			for n := next.Add(1); n <= int64(ops); n = next.Add(1) {
				mine := live[w]
				switch op := rng.IntN(10); {
				case len(mine) < 3 || op < 3:
					r := &tracked{typ: []string{tsigType, peerType, aclType}[rng.IntN(3)], name: fmt.Sprintf("r%d", n)}
					r.inputs = soakInputs(rng, r.typ, n)
					if err := soakCreate(h, r); err != nil {
						fail("create %s %s: %v", r.typ, r.name, err)
						continue
					}
					live[w] = append(mine, r)
				case op < 6:
					r := mine[rng.IntN(len(mine))]
					r.inputs = soakInputs(rng, r.typ, n)
					if err := soakUpdate(h, r); err != nil {
						fail("update %s %s: %v", r.typ, r.id, err)
					}
				case op < 8:
					r := mine[rng.IntN(len(mine))]
					if err := soakRead(h, r); err != nil {
						fail("read %s %s: %v", r.typ, r.id, err)
					}
				default:
					i := rng.IntN(len(mine))
					if err := soakDelete(h, mine[i]); err != nil {
						fail("delete %s %s: %v", mine[i].typ, mine[i].id, err)
						continue
					}
					live[w] = append(mine[:i], mine[i+1:]...)
				}
			}
		}()
	}
	wg.Wait()
	require.Empty(t, failures)

	var all []*tracked
	for _, mine := range live {
		all = append(all, mine...)
	}
	assertStoreMatches(t, h, all)

	// A refresh finds no drift: every Read returns the recorded state, and the program's
	// inputs show no change against it.
	for _, r := range all {
		before := r.state
		require.NoError(t, soakRead(h, r), "refresh %s", r.id)
		assert.Equal(t, before, r.state, "refresh of %s %s", r.typ, r.id)
		checked, err := h.srv.Check(p.CheckRequest{Urn: urn(r.typ, r.name), Inputs: property.NewMap(r.inputs)})
		require.NoError(t, err)
		d, err := h.srv.Diff(p.DiffRequest{ID: r.id, Urn: urn(r.typ, r.name), State: r.state, Inputs: checked.Inputs})
		require.NoError(t, err)
		assert.False(t, d.HasChanges, "drift in %s %s: %v", r.typ, r.id, d.DetailedDiff)
	}

	for _, r := range all {
		require.NoError(t, soakDelete(h, r))
	}
	assertStoreMatches(t, h, nil)

	// The faults happened, of every kind.
	counts := map[int]int{}
	for _, req := range h.emu.Requests() {
		counts[req.Status]++
	}
	t.Logf("%d operations, %d requests: %d answered 429, %d committed then lost, %d lost or 500 at random (%d unanswered, %d answered 500)",
		ops, len(h.emu.Requests()), net.rateLimited.Load(), net.committedThenLost.Load(), counts[0]+counts[500]-int(net.committedThenLost.Load()),
		counts[0], counts[500])
	assert.Positive(t, net.rateLimited.Load())
	assert.Positive(t, net.committedThenLost.Load())
	assert.Positive(t, counts[http.StatusInternalServerError])
	assert.Greater(t, counts[0], int(net.committedThenLost.Load()), "connections dropped without a commit too")
}

// soakInputs makes inputs for operation n: unique names, and fields set or unset at random.
func soakInputs(rng *rand.Rand, typ string, n int64) map[string]property.Value {
	if typ == tsigType {
		algo := []string{"hmac-sha256.", "hmac-sha512.", "hmac-sha1."}[rng.IntN(3)]
		in := map[string]property.Value{"name": str(fmt.Sprintf("soak-%d.example.", n)), "algo": str(algo)}
		if rng.IntN(2) == 0 {
			key := make([]byte, 32)
			for i := range key {
				key[i] = byte(rng.UintN(256))
			}
			in["secret"] = secret(base64.StdEncoding.EncodeToString(key))
		}
		return in
	}
	if typ == aclType {
		return map[string]property.Value{"name": str(fmt.Sprintf("soak-acl-%d", n)), "ipRange": str(fmt.Sprintf("198.51.%d.0/%d", rng.IntN(256), 24+rng.IntN(9)))}
	}
	in := map[string]property.Value{"name": str(fmt.Sprintf("soak-peer-%d", n))}
	if rng.IntN(2) == 0 {
		in["ip"] = str(fmt.Sprintf("192.0.2.%d", rng.IntN(250)+1))
	}
	if rng.IntN(2) == 0 {
		in["port"] = num(float64(rng.IntN(65535) + 1))
	}
	if rng.IntN(2) == 0 {
		in["ixfrEnable"] = boolean(rng.IntN(2) == 0)
	}
	if rng.IntN(2) == 0 {
		in["tsigId"] = str(tsigID)
	}
	return in
}

func soakCreate(h *harness, r *tracked) error {
	checked, err := h.srv.Check(p.CheckRequest{Urn: urn(r.typ, r.name), Inputs: property.NewMap(r.inputs)})
	if err != nil || len(checked.Failures) > 0 {
		return fmt.Errorf("check: %v %v", err, checked.Failures)
	}
	resp, err := h.srv.Create(p.CreateRequest{Urn: urn(r.typ, r.name), Properties: checked.Inputs})
	if err != nil {
		return err
	}
	r.id, r.state = resp.ID, resp.Properties
	return nil
}

func soakUpdate(h *harness, r *tracked) error {
	checked, err := h.srv.Check(p.CheckRequest{Urn: urn(r.typ, r.name), Inputs: property.NewMap(r.inputs)})
	if err != nil || len(checked.Failures) > 0 {
		return fmt.Errorf("check: %v %v", err, checked.Failures)
	}
	resp, err := h.srv.Update(p.UpdateRequest{ID: r.id, Urn: urn(r.typ, r.name), State: r.state, Inputs: checked.Inputs})
	if err != nil {
		return err
	}
	r.state = resp.Properties
	return nil
}

func soakRead(h *harness, r *tracked) error {
	checked, err := h.srv.Check(p.CheckRequest{Urn: urn(r.typ, r.name), Inputs: property.NewMap(r.inputs)})
	if err != nil {
		return err
	}
	resp, err := h.srv.Read(p.ReadRequest{ID: r.id, Urn: urn(r.typ, r.name), Properties: r.state, Inputs: checked.Inputs})
	if err != nil {
		return err
	}
	if resp.ID != r.id {
		return fmt.Errorf("read returned ID %q", resp.ID)
	}
	r.state = resp.Properties
	return nil
}

func soakDelete(h *harness, r *tracked) error {
	return h.srv.Delete(p.DeleteRequest{ID: r.id, Urn: urn(r.typ, r.name), Properties: r.state})
}

// assertStoreMatches checks the emulator holds exactly the tracked objects, with equal fields.
func assertStoreMatches(t *testing.T, h *harness, all []*tracked) {
	t.Helper()
	acct := h.emu.AccountID
	want := map[string]*tracked{}
	for _, r := range all {
		want[r.id] = r
	}
	names := map[string]int{}
	for _, k := range h.emu.TSIGs(acct) {
		names[k.Name]++
		r, ok := want[k.ID]
		if !assert.True(t, ok, "orphan key %s %q", k.ID, k.Name) {
			continue
		}
		assert.Equal(t, tsigType, r.typ)
		assert.Equal(t, property.NewMap(map[string]property.Value{
			"accountId": str(acct), "name": str(k.Name), "algo": str(k.Algo), "secret": secret(k.Secret),
		}), r.state, "key %s", k.ID)
		delete(want, k.ID)
	}
	for _, peer := range h.emu.Peers(acct) {
		names[peer.Name]++
		r, ok := want[peer.ID]
		if !assert.True(t, ok, "orphan peer %s %q", peer.ID, peer.Name) {
			continue
		}
		assert.Equal(t, peerType, r.typ)
		fields := map[string]property.Value{"accountId": str(acct), "name": str(peer.Name)}
		if peer.IP != nil {
			fields["ip"] = str(*peer.IP)
		}
		if peer.Port != nil {
			fields["port"] = num(*peer.Port)
		}
		if peer.IxfrEnable != nil {
			fields["ixfrEnable"] = boolean(*peer.IxfrEnable)
		}
		if peer.TSIGID != nil {
			fields["tsigId"] = str(*peer.TSIGID)
		}
		assert.Equal(t, property.NewMap(fields), r.state, "peer %s", peer.ID)
		delete(want, peer.ID)
	}
	for _, acl := range h.emu.ACLs(acct) {
		names[acl.Name]++
		r, ok := want[acl.ID]
		if !assert.True(t, ok, "orphan ACL %s %q", acl.ID, acl.Name) {
			continue
		}
		assert.Equal(t, aclType, r.typ)
		assert.Equal(t, aclProps(acct, acl.Name, acl.IPRange), r.state, "ACL %s", acl.ID)
		delete(want, acl.ID)
	}
	for id, r := range want {
		assert.Fail(t, "missing", "the state holds %s %s, Cloudflare does not", r.typ, id)
	}
	for name, n := range names {
		assert.Equal(t, 1, n, "duplicates named %q", name)
	}
}
