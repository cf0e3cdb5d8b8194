package provider

import (
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
)

// A fleet is what teams run Secondary DNS for: many secondary zones, each with an
// IncomingTransfer from shared primaries, and many full zones, each with an enabled
// OutgoingTransfer to a shared secondary. These tests count the requests of each operation on
// the emulator's log.

const fleetZones = 12

// fleet is a harness with fleetZones secondary and fleetZones full zones, two primaries with no
// key and one secondary with a key.
type fleet struct {
	*harness
	secondary, full []string
	primaries       []string
	secondaryPeer   string
}

func startFleet(t *testing.T, withFaults bool) *fleet {
	t.Helper()
	var opts emulator.Options
	for i := range fleetZones {
		opts.Zones = append(opts.Zones,
			emulator.ZoneSeed{Name: fleetZone("in", i), Type: emulator.ZoneSecondary},
			emulator.ZoneSeed{Name: fleetZone("out", i), Type: emulator.ZoneFull})
	}
	var h *harness
	if withFaults {
		h = startWith(t, opts, nil, &fastRetry)
	} else {
		h = start(t, opts)
	}
	f := &fleet{harness: h}
	for i := range fleetZones {
		in, okIn := h.emu.ZoneByName(emulator.DemoAccountID, fleetZone("in", i))
		out, okOut := h.emu.ZoneByName(emulator.DemoAccountID, fleetZone("out", i))
		require.True(t, okIn && okOut)
		f.secondary, f.full = append(f.secondary, in.ID), append(f.full, out.ID)
	}
	key := h.emu.PutTSIG(emulator.DemoAccountID, emulator.TSIG{Name: "fleet.", Algo: "hmac-sha512.", Secret: testSecret}).ID
	f.primaries = []string{
		h.emu.PutPeer(emulator.DemoAccountID, emulator.Peer{Name: "primary-a"}).ID,
		h.emu.PutPeer(emulator.DemoAccountID, emulator.Peer{Name: "primary-b"}).ID,
	}
	f.secondaryPeer = h.emu.PutPeer(emulator.DemoAccountID, emulator.Peer{Name: "secondary", TSIGID: &key}).ID
	h.emu.ResetObservations()
	return f
}

func fleetZone(direction string, i int) string {
	return fmt.Sprintf("%s%d.fleet.example", direction, i)
}

func (f *fleet) incoming(i int, peers ...string) map[string]property.Value {
	return map[string]property.Value{"zoneId": str(f.secondary[i]), "name": str(fleetZone("in", i) + "."), "peers": strs(peers...)}
}

func (f *fleet) outgoing(i int, peers ...string) map[string]property.Value {
	return map[string]property.Value{"zoneId": str(f.full[i]), "name": str(fleetZone("out", i) + "."), "peers": strs(peers...)}
}

// createAll creates every zone's configuration at once, as the engine does, and returns the
// errors by resource name.
func (f *fleet) createAll(inputs map[string]map[string]property.Value) map[string]error {
	var mu sync.Mutex
	errs := map[string]error{}
	var wg sync.WaitGroup
	for name, in := range inputs {
		typ := incomingType
		if strings.HasPrefix(name, "out") {
			typ = outgoingType
		}
		checked := f.check(typ, name, in)
		wg.Go(func() {
			_, err := f.srv.Create(p.CreateRequest{Urn: urn(typ, name), Properties: checked})
			mu.Lock()
			defer mu.Unlock()
			errs[name] = err
		})
	}
	wg.Wait()
	return errs
}

// everyZone is the inputs of both directions for every zone of the fleet.
func (f *fleet) everyZone() map[string]map[string]property.Value {
	inputs := map[string]map[string]property.Value{}
	for i := range fleetZones {
		inputs[fmt.Sprintf("in-%d", i)] = f.incoming(i, f.primaries...)
		inputs[fmt.Sprintf("out-%d", i)] = f.outgoing(i, f.secondaryPeer)
	}
	return inputs
}

// counts counts the emulator's requests by method and the last part of the path.
func (f *fleet) counts() map[string]int {
	out := map[string]int{}
	for _, r := range f.emu.Requests() {
		_, path, _ := strings.Cut(r.Path, "/secondary_dns/")
		if path == "" {
			path = "zone"
		}
		out[fmt.Sprintf("%s %s %d", r.Method, path, r.Status)]++
	}
	return out
}

// A create is its writes: one POST for an incoming configuration, a POST and an enable for an
// outgoing one, and not one read, however many zones and shared peers.
func TestFleetCreatesAreTheirWrites(t *testing.T) {
	t.Parallel()
	f := startFleet(t, false)
	errs := f.createAll(f.everyZone())
	for name, err := range errs {
		require.NoError(t, err, name)
	}
	assert.Equal(t, map[string]int{
		"POST incoming 200": fleetZones, "POST outgoing 200": fleetZones, "POST outgoing/enable 200": fleetZones,
	}, f.counts())
	for i := range fleetZones {
		in, ok := f.emu.Incoming(f.secondary[i])
		require.True(t, ok)
		assert.ElementsMatch(t, f.primaries, in.Peers)
		out, ok := f.emu.Outgoing(f.full[i])
		require.True(t, ok)
		assert.True(t, out.Enabled)
	}
}

// Refused creates are explained as before, each naming its zone, peer and rule; the checks that
// explain a burst of refusals share one peer listing, and read each refused zone once.
func TestFleetRefusalsShareOnePeerListing(t *testing.T) {
	t.Parallel()
	f := startFleet(t, false)
	stranger := f.emu.PutPeer(otherAccount, emulator.Peer{Name: "elsewhere"}).ID
	inputs := map[string]map[string]property.Value{}
	for i := range fleetZones {
		inputs[fmt.Sprintf("in-%d", i)] = f.incoming(i, f.primaries[0], stranger)
	}
	f.emu.ResetObservations()
	errs := f.createAll(inputs)
	for i := range fleetZones {
		err := errs[fmt.Sprintf("in-%d", i)]
		require.Error(t, err)
		assert.Contains(t, err.Error(), "IncomingTransfer for zone "+fleetZone("in", i)+" ("+f.secondary[i]+"): peers: no peer "+stranger+
			" in the zone's account "+emulator.DemoAccountID)
	}
	assert.Equal(t, map[string]int{
		"POST incoming 400": fleetZones, "GET zone 200": fleetZones, "GET peers 200": 1,
	}, f.counts())
	f.assertNothingWritten(t)
}

// assertNothingWritten asserts that Cloudflare accepted no write.
func (f *fleet) assertNothingWritten(t *testing.T) {
	t.Helper()
	(&transferHarness{harness: f.harness}).assertNothingWritten(t, "refused")
}

// A create or enable whose reply is lost converges in the same up, even when every create and
// every enable loses its first reply: the configuration Cloudflare holds is adopted when it is
// the one declared, and each loss costs one read (a create) or one repeat (an enable).
func TestFleetConvergesWhenEveryFirstReplyIsLost(t *testing.T) {
	t.Parallel()
	f := startFleet(t, true)
	for i := range fleetZones {
		f.emu.InjectFault(emulator.Fault{Kind: emulator.FaultCommitThenDrop, Method: http.MethodPost, Path: f.secondary[i] + "/secondary_dns/incoming"})
		// The create, then the enable: each loses its first reply.
		f.emu.InjectFault(emulator.Fault{Kind: emulator.FaultCommitThenDrop, Method: http.MethodPost, Path: f.full[i] + "/secondary_dns/outgoing", Times: 2})
	}
	errs := f.createAll(f.everyZone())
	for name, err := range errs {
		require.NoError(t, err, name)
	}
	assert.Equal(t, map[string]int{
		"POST incoming 0": fleetZones, "GET incoming 200": fleetZones,
		"POST outgoing 0": fleetZones, "GET outgoing 200": fleetZones,
		"POST outgoing/enable 0": fleetZones, "POST outgoing/enable 200": fleetZones,
	}, f.counts())
	for i := range fleetZones {
		_, ok := f.emu.Incoming(f.secondary[i])
		assert.True(t, ok)
		out, ok := f.emu.Outgoing(f.full[i])
		assert.True(t, ok && out.Enabled)
	}
}

// A different configuration already there is neither overwritten nor adopted, even when the
// create's reply was lost: the error says how to take it over.
func TestFleetLostReplyNeverAdoptsAnotherConfiguration(t *testing.T) {
	t.Parallel()
	f := startFleet(t, true)
	theirs := emulator.Incoming{Name: fleetZone("in", 0) + ".", Peers: []string{f.primaries[1]}, AutoRefreshSeconds: 3600}
	require.True(t, f.emu.PutIncoming(f.secondary[0], theirs))
	// The POST is refused, and its reply lost: the create reads the zone's configuration.
	f.emu.InjectFault(emulator.Fault{Kind: emulator.FaultReset, Method: http.MethodPost})
	f.emu.ResetObservations()
	_, err := f.create(incomingType, "in-0", f.incoming(0, f.primaries...))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "zone "+f.secondary[0]+" already has its IncomingTransfer configuration")
	assert.Contains(t, err.Error(), "pulumi import cloudflare-secondary-dns:index:IncomingTransfer <name> "+f.secondary[0])
	held, _ := f.emu.Incoming(f.secondary[0])
	assert.Equal(t, theirs.Peers, held.Peers, "not overwritten")
	assert.Equal(t, theirs.AutoRefreshSeconds, held.AutoRefreshSeconds)
	f.assertNothingWritten(t)
}

// A token may write a zone's transfers without reading the zone: a refusal the checks cannot
// explain is returned in Cloudflare's own words, not as the failed read.
func TestRefusalWithoutZoneReadKeepsCloudflaresWords(t *testing.T) {
	t.Parallel()
	forbidZoneReads := func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodGet && !strings.Contains(r.URL.Path, "/secondary_dns/") && strings.Contains(r.URL.Path, "/zones/") {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(http.StatusForbidden)
				_, _ = w.Write([]byte(`{"success":false,"errors":[{"code":10000,"message":"Authentication error"}],"messages":[],"result":null}`))
				return
			}
			next.ServeHTTP(w, r)
		})
	}
	h := serve(t, setup{opts: emulator.Options{Zones: []emulator.ZoneSeed{{Name: fullZone, Type: emulator.ZoneFull}}}, front: forbidZoneReads})
	zone, ok := h.emu.ZoneByName(emulator.DemoAccountID, fullZone)
	require.True(t, ok)
	_, err := h.create(incomingType, "in", incomingInputs(zone.ID))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "in zone "+zone.ID+": Cloudflare answered 400")
	assert.Contains(t, err.Error(), "incoming zone transfers need a zone of type secondary")
	assert.NotContains(t, err.Error(), "Authentication error")
}

// An update is its PUT, and the switch only when it differs from the state: nothing is read
// before either.
func TestFleetUpdatesAreTheirWrites(t *testing.T) {
	t.Parallel()
	f := startFleet(t, false)
	inID, inState := f.up(incomingType, "in-0", f.incoming(0, f.primaries...))
	outID, outState := f.up(outgoingType, "out-0", f.outgoing(0, f.secondaryPeer))
	update := func(typ, name, id string, state property.Map, inputs map[string]property.Value) []string {
		t.Helper()
		f.emu.ResetObservations()
		_, err := f.srv.Update(p.UpdateRequest{ID: id, Urn: urn(typ, name), State: state, Inputs: f.check(typ, name, inputs)})
		require.NoError(t, err)
		var out []string
		for _, r := range f.emu.Requests() {
			_, path, _ := strings.Cut(r.Path, "/secondary_dns/")
			out = append(out, r.Method+" "+path)
		}
		return out
	}
	assert.Equal(t, []string{"PUT incoming"}, update(incomingType, "in-0", inID, inState, f.incoming(0, f.primaries[0])))
	assert.Equal(t, []string{"PUT outgoing"}, update(outgoingType, "out-0", outID, outState, f.outgoing(0)), "peers only: the switch is as the state says")
	off := f.outgoing(0)
	off["enabled"] = boolean(false)
	assert.Equal(t, []string{"POST outgoing/disable"}, update(outgoingType, "out-0", outID, outState.Set("peers", strs()), off))
	held, _ := f.emu.Outgoing(f.full[0])
	assert.False(t, held.Enabled)
	assert.Empty(t, held.Peers)
}
