package provider

import (
	"encoding/base64"
	"fmt"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/kinds"
	"math/rand/v2"
	"net/http"
	"os"
	"slices"
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
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/cfapi"
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
	// A transfer configuration's zone, and the peers and triggers of its inputs.
	zone     *soakZone
	peers    []string
	triggers []string
}

// soakZone is a zone of the pool one worker owns, with the configuration it holds, if any.
type soakZone struct {
	id, name, typ string
	config        *tracked
	forced        int // changes of triggers applied: each one force AXFR or force NOTIFY at least
}

// soakWorker is what one worker of the soak owns: its live resources and its zones, so that no
// two workers touch one object or one zone.
type soakWorker struct {
	live  []*tracked
	zones []*soakZone
}

// Zones each worker owns: transfers need a secondary zone (incoming) or a full one (outgoing).
const soakZonesPerType = 3

var soakTypes = []string{tsigType, peerType, aclType, incomingType, outgoingType}

func isTransfer(typ string) bool { return typ == incomingType || typ == outgoingType }

// The soak: many creates, updates, reads and deletes of keys, peers, ACLs and zone transfer
// configurations (incoming on secondary zones, outgoing on full zones, linked to the soak's
// peers), several at a time, through a network that spoils a fifth of the requests. At the end
// Cloudflare holds exactly what the state says (no duplicate, no orphan, every field equal, the
// outgoing switch as enabled says), each change of triggers ran its action, a refresh finds no
// drift, and a destroy leaves nothing behind.
func TestSoak(t *testing.T) {
	t.Parallel()
	ops := soakOps(t)
	seed := soakSeed(t)
	const workers = 8
	var seeds []emulator.ZoneSeed
	for w := range workers {
		for i := range soakZonesPerType {
			seeds = append(seeds,
				emulator.ZoneSeed{Name: fmt.Sprintf("in%d-%d.soak.example", w, i), Type: emulator.ZoneSecondary},
				emulator.ZoneSeed{Name: fmt.Sprintf("out%d-%d.soak.example", w, i), Type: emulator.ZoneFull})
		}
	}
	net := &faultyNetwork{rng: rand.New(rand.NewPCG(seed, 0))}
	h := serve(t, setup{
		opts:   emulator.Options{RateLimit: 1 << 30, Zones: seeds},
		policy: &soakRetry,
		front:  net.wrap,
	})
	net.emu = h.emu.Emulator

	var (
		mu       sync.Mutex
		failures []string
		wg       sync.WaitGroup
		next     atomic.Int64
		mine     = make([]*soakWorker, workers)
		zones    []*soakZone
	)
	for w := range workers {
		mine[w] = &soakWorker{}
		for i := range soakZonesPerType {
			for _, z := range []struct{ name, typ string }{
				{fmt.Sprintf("in%d-%d.soak.example", w, i), emulator.ZoneSecondary},
				{fmt.Sprintf("out%d-%d.soak.example", w, i), emulator.ZoneFull},
			} {
				got, ok := h.emu.ZoneByName(h.emu.AccountID, z.name)
				require.True(t, ok, z.name)
				mine[w].zones = append(mine[w].zones, &soakZone{id: got.ID, name: z.name, typ: z.typ})
			}
		}
		zones = append(zones, mine[w].zones...)
	}
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
			wk := mine[w]
			for n := next.Add(1); n <= int64(ops); n = next.Add(1) {
				switch op := rng.IntN(10); {
				case len(wk.live) < 3 || op < 3:
					r := &tracked{typ: soakTypes[rng.IntN(len(soakTypes))], name: fmt.Sprintf("r%d", n)}
					if isTransfer(r.typ) {
						if r.zone = wk.freeZone(rng, r.typ); r.zone == nil {
							r.typ = peerType // every zone of the type is taken: a peer instead, for later links
						}
					}
					wk.setInputs(rng, r, n)
					if err := soakCreate(h, r); err != nil {
						fail("create %s %s: %v", r.typ, r.name, err)
						continue
					}
					if r.zone != nil {
						r.zone.config = r
					}
					wk.live = append(wk.live, r)
				case op < 6:
					r := wk.live[rng.IntN(len(wk.live))]
					before := r.triggers
					wk.setInputs(rng, r, n)
					if err := soakUpdate(h, r); err != nil {
						fail("update %s %s: %v", r.typ, r.id, err)
						continue
					}
					if r.zone != nil && !slices.Equal(before, r.triggers) {
						r.zone.forced++
					}
				case op < 8:
					r := wk.live[rng.IntN(len(wk.live))]
					if err := soakRead(h, r); err != nil {
						fail("read %s %s: %v", r.typ, r.id, err)
					}
				default:
					i := rng.IntN(len(wk.live))
					r := wk.live[i]
					if r.typ == peerType && wk.linked(r.id) {
						// A peer linked to a zone stays while the link does: read it instead.
						if err := soakRead(h, r); err != nil {
							fail("read %s %s: %v", r.typ, r.id, err)
						}
						continue
					}
					if err := soakDelete(h, r); err != nil {
						fail("delete %s %s: %v", r.typ, r.id, err)
						continue
					}
					if r.zone != nil {
						r.zone.config = nil
					}
					wk.live = slices.Delete(wk.live, i, i+1)
				}
			}
		}()
	}
	wg.Wait()
	require.Empty(t, failures)

	var all []*tracked
	for _, wk := range mine {
		all = append(all, wk.live...)
	}
	assertStoreMatches(t, h, all, false)
	transfers := 0
	for _, z := range zones {
		actions := h.emu.ZoneActions(z.id)
		forced := map[string]int{emulator.ZoneSecondary: actions.ForceAXFR, emulator.ZoneFull: actions.ForceNotify}[z.typ]
		// A force whose reply was lost is sent again, so Cloudflare may have run it more often.
		assert.GreaterOrEqual(t, forced, z.forced, "forced actions in zone %s", z.name)
		if z.forced == 0 {
			assert.Zero(t, forced, "forced actions in zone %s, whose triggers never changed", z.name)
		}
		if z.config != nil {
			transfers++
		}
	}

	// A refresh finds no drift: every Read returns the recorded state, but for the times
	// Cloudflare moves by itself (a forced or enabled transfer), and the program's inputs show
	// no change against it.
	for _, r := range all {
		before := r.state
		require.NoError(t, soakRead(h, r), "refresh %s", r.id)
		assert.Equal(t, withoutMovingTimes(before), withoutMovingTimes(r.state), "refresh of %s %s", r.typ, r.id)
		checked, err := h.srv.Check(p.CheckRequest{Urn: urn(r.typ, r.name), Inputs: property.NewMap(r.inputs)})
		require.NoError(t, err)
		d, err := h.srv.Diff(p.DiffRequest{ID: r.id, Urn: urn(r.typ, r.name), State: r.state, Inputs: checked.Inputs})
		require.NoError(t, err)
		assert.False(t, d.HasChanges, "drift in %s %s: %v", r.typ, r.id, d.DetailedDiff)
	}
	assertStoreMatches(t, h, all, true)

	for _, r := range all {
		require.NoError(t, soakDelete(h, r))
	}
	assertStoreMatches(t, h, nil, true)

	// The faults happened, of every kind.
	counts := map[int]int{}
	for _, req := range h.emu.Requests() {
		counts[req.Status]++
	}
	t.Logf("%d operations, %d requests, %d resources left at the end (%d zone transfer configurations): %d answered 429, %d committed then lost, %d lost or 500 at random (%d unanswered, %d answered 500)",
		ops, len(h.emu.Requests()), len(all), transfers, net.rateLimited.Load(), net.committedThenLost.Load(), counts[0]+counts[500]-int(net.committedThenLost.Load()),
		counts[0], counts[500])
	assert.Positive(t, net.rateLimited.Load())
	assert.Positive(t, net.committedThenLost.Load())
	assert.Positive(t, counts[http.StatusInternalServerError])
	assert.Greater(t, counts[0], int(net.committedThenLost.Load()), "connections dropped without a commit too")
}

// freeZone picks one of the worker's zones of the type a transfer needs that holds no
// configuration now, or nil. A zone whose configuration was deleted is used again, so the soak
// also re-creates configurations where the provider deleted one.
func (wk *soakWorker) freeZone(rng *rand.Rand, typ string) *soakZone {
	want := map[string]string{incomingType: emulator.ZoneSecondary, outgoingType: emulator.ZoneFull}[typ]
	var free []*soakZone
	for _, z := range wk.zones {
		if z.typ == want && z.config == nil {
			free = append(free, z)
		}
	}
	if len(free) == 0 {
		return nil
	}
	return free[rng.IntN(len(free))]
}

// linked reports whether a live transfer configuration of the worker links the peer.
func (wk *soakWorker) linked(peerID string) bool {
	for _, r := range wk.live {
		if slices.Contains(r.peers, peerID) {
			return true
		}
	}
	return false
}

// setInputs makes r's inputs for operation n. A linked peer keeps its TSIG key or its lack of
// one, since the peers of an outgoing configuration must share one.
func (wk *soakWorker) setInputs(rng *rand.Rand, r *tracked, n int64) {
	if !isTransfer(r.typ) {
		in := soakInputs(rng, r.typ, n)
		if r.typ == peerType && r.id != "" && wk.linked(r.id) {
			delete(in, "tsigId")
			if v, ok := r.inputs["tsigId"]; ok {
				in["tsigId"] = v
			}
		}
		r.inputs = in
		return
	}
	in := map[string]property.Value{"zoneId": str(r.zone.id), "name": str(r.zone.name + ".")}
	if r.typ == incomingType {
		r.peers = wk.pickPeers(rng, 3, false)
		in["peers"] = strs(r.peers...)
		if rng.IntN(2) == 0 {
			in["autoRefreshSeconds"] = num(float64(kinds.MinAutoRefreshSeconds + 60*rng.IntN(100)))
		}
	} else {
		r.peers = wk.pickPeers(rng, 2, true)
		if len(r.peers) > 0 || rng.IntN(2) == 0 {
			in["peers"] = strs(r.peers...)
		}
		if rng.IntN(3) > 0 {
			in["enabled"] = boolean(rng.IntN(2) == 0)
		}
	}
	switch rng.IntN(6) {
	case 0, 1:
		r.triggers = []string{fmt.Sprintf("t%d", n)}
	case 2:
		r.triggers = nil
	}
	if r.triggers != nil {
		in["triggers"] = strs(r.triggers...)
	}
	r.inputs = in
}

// pickPeers picks up to most of the worker's live peers, in a random order; with sameKey, only
// peers that all have the TSIG key or all have none.
func (wk *soakWorker) pickPeers(rng *rand.Rand, most int, sameKey bool) []string {
	keyed := rng.IntN(2) == 0
	var peers []string
	for _, r := range wk.live {
		if _, hasKey := r.inputs["tsigId"]; r.typ == peerType && (!sameKey || hasKey == keyed) {
			peers = append(peers, r.id)
		}
	}
	k := rng.IntN(min(most, len(peers)) + 1)
	picked := make([]string, 0, k)
	for _, i := range rng.Perm(len(peers))[:k] {
		picked = append(picked, peers[i])
	}
	return picked
}

// withoutMovingTimes leaves out the times Cloudflare moves by itself: when it last checked the
// primary, and when a secondary last transferred the zone.
func withoutMovingTimes(state property.Map) property.Map {
	return state.Delete("checkedTime", "lastTransferredTime")
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

// assertStoreMatches checks the emulator holds exactly the tracked objects, with equal fields;
// before a refresh, the times Cloudflare moves by itself are not compared.
func assertStoreMatches(t *testing.T, h *harness, all []*tracked, refreshed bool) {
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
	for _, z := range h.emu.Zones(acct) {
		if c, ok := h.emu.Incoming(z.ID); ok {
			r, ok := want[z.ID]
			if assert.True(t, ok, "orphan incoming transfer configuration in zone %s", z.Name) && assert.Equal(t, incomingType, r.typ) {
				fields := map[string]property.Value{
					"zoneId": str(z.ID), "name": str(c.Name), "peers": strs(c.Peers...), "autoRefreshSeconds": num(float64(c.AutoRefreshSeconds)),
					"soaSerial": num(float64(c.SOASerial)), "checkedTime": str(stamp(c.CheckedTime)), "createdTime": str(stamp(c.CreatedTime)),
					"modifiedTime": str(stamp(c.ModifiedTime)),
				}
				assertTransfer(t, r, fields, refreshed)
				delete(want, z.ID)
			}
		}
		if c, ok := h.emu.Outgoing(z.ID); ok {
			r, ok := want[z.ID]
			if assert.True(t, ok, "orphan outgoing transfer configuration in zone %s", z.Name) && assert.Equal(t, outgoingType, r.typ) {
				fields := map[string]property.Value{
					"zoneId": str(z.ID), "name": str(c.Name), "peers": strs(c.Peers...), "enabled": boolean(c.Enabled),
					"soaSerial": num(float64(c.SOASerial)), "checkedTime": str(stamp(c.CheckedTime)), "createdTime": str(stamp(c.CreatedTime)),
					"lastTransferredTime": str(stamp(c.LastTransferredTime)),
				}
				on, set := r.inputs["enabled"]
				assert.Equal(t, !set || on.AsBool(), c.Enabled, "the switch of outgoing transfers in zone %s is as enabled says", z.Name)
				assertTransfer(t, r, fields, refreshed)
				delete(want, z.ID)
			}
		}
	}
	for id, r := range want {
		assert.Fail(t, "missing", "the state holds %s %s, Cloudflare does not", r.typ, id)
	}
	for name, n := range names {
		assert.Equal(t, 1, n, "duplicates named %q", name)
	}
}

// assertTransfer checks a configuration's state against what Cloudflare holds (fields) and the
// inputs' peers and triggers, which Pulumi alone keeps.
func assertTransfer(t *testing.T, r *tracked, fields map[string]property.Value, refreshed bool) {
	t.Helper()
	var peers []string
	for _, v := range r.state.Get("peers").AsArray().All {
		peers = append(peers, v.AsString())
	}
	assert.ElementsMatch(t, r.peers, peers, "peers of %s %s are those of its inputs", r.typ, r.id)
	// Peers are a set: the state keeps them in the order of the program, Cloudflare in its own.
	if got, ok := fields["peers"]; ok && got.IsArray() {
		var sent []string
		for _, v := range got.AsArray().All {
			sent = append(sent, v.AsString())
		}
		if assert.ElementsMatch(t, sent, peers, "peers of %s %s in Cloudflare", r.typ, r.id) {
			fields["peers"] = r.state.Get("peers")
		}
	}
	if v, ok := r.inputs["triggers"]; ok {
		fields["triggers"] = v
	}
	want, got := property.NewMap(fields), r.state
	if !refreshed {
		want, got = withoutMovingTimes(want), withoutMovingTimes(got)
	}
	assert.Equal(t, want, got, "%s %s", r.typ, r.id)
}
