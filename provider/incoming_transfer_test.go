package provider

import (
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/kinds"
	"net/http"
	"strings"
	"testing"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
)

const incomingType = "cloudflare-secondary-dns:index:IncomingTransfer"

func incomingInputs(zoneID string, peers ...string) map[string]property.Value {
	return map[string]property.Value{"zoneId": str(zoneID), "name": str(secondaryZone + "."), "peers": strs(peers...)}
}

const peerA, peerB = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

// Check refuses at preview what Cloudflare would refuse, naming the property and what it
// accepts, with no request; unknown values are not errors.
func TestIncomingTransferCheck(t *testing.T) {
	t.Parallel()
	h := start(t, emulator.Options{})
	zone := "0123456789abcdef0123456789abcdef"
	many := make([]string, 31)
	for i := range many {
		many[i] = strings.Repeat(string("0123456789abcdef"[i%16]), 31) + string("01"[i/16])
	}
	with := func(key string, v property.Value) map[string]property.Value {
		in := incomingInputs(zone, peerA)
		in[key] = v
		return in
	}
	tests := []struct {
		name     string
		inputs   map[string]property.Value
		property string
		reason   string // "" means no failure
	}{
		{"valid", incomingInputs(zone, peerA, peerB), "", ""},
		{"no peers", incomingInputs(zone), "", ""},
		{"zone ID", with("zoneId", str("example.com")), "zoneId", `zoneId: "example.com" is not a zone ID: expected 32 lowercase hexadecimal characters`},
		{"zone name", with("name", str("not a name")), "name", `name: "not a name" is not a DNS name`},
		{"refresh too low", with("autoRefreshSeconds", num(299)), "autoRefreshSeconds", "autoRefreshSeconds: 299 is below Cloudflare's minimum: expected " + kinds.AcceptsAutoRefresh},
		{"refresh fraction", with("autoRefreshSeconds", num(300.5)), "autoRefreshSeconds", "autoRefreshSeconds: 300.5 is not an integer"},
		{"refresh minimum", with("autoRefreshSeconds", num(300)), "", ""},
		{"31 peers", with("peers", strs(many...)), "peers", "peers: lists 31 peers; Cloudflare links at most 30 to a zone"},
		{"peer ID", with("peers", strs(peerA, "ns1")), "peers", `peers: item 1: "ns1" is not a peer ID: expected 32 lowercase hexadecimal characters`},
		{"duplicate", with("peers", strs(peerA, peerB, peerA)), "peers", "peers: peer " + peerA + " is listed twice (items 0 and 2)"},
		{"unknown peer", with("peers", property.New(property.NewArray([]property.Value{str(peerA), unknown()}))), "", ""},
		{"unknowns", map[string]property.Value{"zoneId": unknown(), "name": unknown(), "peers": unknown(), "autoRefreshSeconds": unknown()}, "", ""},
	}
	for _, tt := range tests {
		resp, err := h.srv.Check(p.CheckRequest{Urn: urn(incomingType, "in"), Inputs: property.NewMap(tt.inputs)})
		require.NoError(t, err, tt.name)
		if tt.reason == "" {
			assert.Empty(t, resp.Failures, tt.name)
			continue
		}
		require.Len(t, resp.Failures, 1, tt.name)
		assert.Equal(t, tt.property, resp.Failures[0].Property, tt.name)
		assert.Contains(t, resp.Failures[0].Reason, tt.reason, tt.name)
	}
	checked := h.check(incomingType, "in", incomingInputs(zone, peerA))
	assert.Equal(t, num(86400), checked.Get("autoRefreshSeconds"), "the default is filled in")
	assert.Empty(t, h.requests(), "preview calls nothing")
}

func incomingProps(zoneID string, refresh int, c emulator.Incoming, triggers []string, peers ...string) property.Map {
	m := map[string]property.Value{
		"zoneId": str(zoneID), "name": str(secondaryZone + "."), "peers": strs(peers...), "autoRefreshSeconds": num(float64(refresh)),
		"soaSerial": num(float64(c.SOASerial)), "checkedTime": str(stamp(c.CheckedTime)), "createdTime": str(stamp(c.CreatedTime)),
		"modifiedTime": str(stamp(c.ModifiedTime)),
	}
	if triggers != nil {
		m["triggers"] = strs(triggers...)
	}
	return property.NewMap(m)
}

// The life of an incoming configuration: checks before the one POST, peers as a set, writes
// only when the configuration changed, force AXFR once per change of triggers, drift on
// refresh, a 404 on refresh drops it, and delete tolerates 404.
func TestIncomingTransferLifecycle(t *testing.T) {
	t.Parallel()
	h := startTransfers(t, false)
	a, b := h.peer("a", ""), h.peer("b", "")
	zone := h.secondary

	id, state := h.up(incomingType, "in", incomingInputs(zone, a, b))
	assert.Equal(t, zone, id)
	c, ok := h.emu.Incoming(zone)
	require.True(t, ok)
	assert.Equal(t, []string{a, b}, c.Peers)
	assert.Equal(t, 86400, c.AutoRefreshSeconds)
	assert.Equal(t, incomingProps(zone, 86400, c, nil, a, b), state)
	assert.Equal(t, []string{"POST zones/{zone}/secondary_dns/incoming 200"}, h.zoneRequests(zone), "a create is its write")

	assert.False(t, h.diff(incomingType, "in", id, state, incomingInputs(zone, b, a)).HasChanges, "reordered peers are the same set")
	assert.False(t, h.diff(incomingType, "in", id, state, map[string]property.Value{
		"zoneId": str(zone), "name": str(strings.ToUpper(secondaryZone)), "peers": strs(a, b),
	}).HasChanges, "names compare as DNS does")

	update := func(state property.Map, inputs map[string]property.Value) property.Map {
		t.Helper()
		h.emu.ResetObservations()
		resp, err := h.srv.Update(p.UpdateRequest{ID: id, Urn: urn(incomingType, "in"), State: state, Inputs: h.check(incomingType, "in", inputs)})
		require.NoError(t, err)
		return resp.Properties
	}

	// A change of the configuration: one PUT.
	next := incomingInputs(zone, a)
	next["autoRefreshSeconds"] = num(600)
	d := h.diff(incomingType, "in", id, state, next)
	assert.Equal(t, map[string]p.PropertyDiff{"peers": {Kind: p.Update}, "autoRefreshSeconds": {Kind: p.Update}}, d.DetailedDiff)
	state = update(state, next)
	c, _ = h.emu.Incoming(zone)
	assert.Equal(t, incomingProps(zone, 600, c, nil, a), state)
	assert.Equal(t, []string{"PUT zones/{zone}/secondary_dns/incoming 200"}, h.zoneRequests(zone))
	assert.Zero(t, h.emu.ZoneActions(zone).ForceAXFR)

	// A change of triggers alone: one force AXFR, nothing else.
	next["triggers"] = strs("v1")
	assert.Equal(t, map[string]p.PropertyDiff{"triggers": {Kind: p.Update}}, h.diff(incomingType, "in", id, state, next).DetailedDiff)
	state = update(state, next)
	assert.Equal(t, []string{"POST zones/{zone}/secondary_dns/force_axfr 200"}, h.zoneRequests(zone))
	assert.Equal(t, 1, h.emu.ZoneActions(zone).ForceAXFR)
	assert.Equal(t, strs("v1"), state.Get("triggers"))

	// Both: the configuration is written first, then the AXFR forced once.
	next["triggers"] = strs("v2")
	next["peers"] = strs(b)
	state = update(state, next)
	assert.Equal(t, []string{
		"PUT zones/{zone}/secondary_dns/incoming 200", "POST zones/{zone}/secondary_dns/force_axfr 200",
	}, h.zoneRequests(zone))
	assert.Equal(t, 1, h.emu.ZoneActions(zone).ForceAXFR)
	c, _ = h.emu.Incoming(zone)
	// The outputs are the PUT's reply: the forced transfer checks the SOA after it.
	assert.Equal(t, incomingProps(zone, 600, c, []string{"v2"}, b).Delete("checkedTime"), state.Delete("checkedTime"))

	// Drift: refresh reports what Cloudflare holds and keeps the triggers.
	c.Peers, c.AutoRefreshSeconds = []string{a, b}, 3600
	require.True(t, h.emu.PutIncoming(zone, c))
	read, err := h.srv.Read(p.ReadRequest{ID: id, Urn: urn(incomingType, "in"), Properties: state})
	require.NoError(t, err)
	assert.Equal(t, incomingProps(zone, 3600, c, []string{"v2"}, a, b), read.Properties)
	assert.Equal(t, map[string]p.PropertyDiff{"peers": {Kind: p.Update}, "autoRefreshSeconds": {Kind: p.Update}},
		h.diff(incomingType, "in", id, read.Properties, next).DetailedDiff, "the next up puts it back")

	h.emu.ResetObservations()
	require.NoError(t, h.srv.Delete(p.DeleteRequest{ID: id, Urn: urn(incomingType, "in"), Properties: read.Properties}))
	_, ok = h.emu.Incoming(zone)
	assert.False(t, ok)
	gone, err := h.srv.Read(p.ReadRequest{ID: id, Urn: urn(incomingType, "in"), Properties: read.Properties})
	require.NoError(t, err)
	assert.Empty(t, gone.ID, "refresh drops it")
	require.NoError(t, h.srv.Delete(p.DeleteRequest{ID: id, Urn: urn(incomingType, "in"), Properties: read.Properties}), "already gone")
	assert.Equal(t, []string{
		"DELETE zones/{zone}/secondary_dns/incoming 200", "GET zones/{zone}/secondary_dns/incoming 404",
		"DELETE zones/{zone}/secondary_dns/incoming 404",
	}, h.zoneRequests(zone))
}

// Import takes the zone ID and needs nothing else; a preview after it shows no change.
func TestIncomingTransferImport(t *testing.T) {
	t.Parallel()
	h := startTransfers(t, false)
	a := h.peer("a", "")
	require.True(t, h.emu.PutIncoming(h.secondary, emulator.Incoming{Name: secondaryZone + ".", Peers: []string{a}, AutoRefreshSeconds: 900, SOASerial: 7}))
	c, _ := h.emu.Incoming(h.secondary)
	resp, err := h.srv.Read(p.ReadRequest{ID: h.secondary, Urn: urn(incomingType, "imported")})
	require.NoError(t, err)
	assert.Equal(t, h.secondary, resp.ID)
	assert.Equal(t, incomingProps(h.secondary, 900, c, nil, a), resp.Properties)
	inputs := map[string]property.Value{"zoneId": str(h.secondary), "name": str(secondaryZone + "."), "peers": strs(a), "autoRefreshSeconds": num(900)}
	assert.Equal(t, property.NewMap(inputs), resp.Inputs)
	assert.False(t, h.diff(incomingType, "imported", resp.ID, resp.Properties, inputs).HasChanges)

	_, err = h.srv.Read(p.ReadRequest{ID: h.full, Urn: urn(incomingType, "missing")})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `importing IncomingTransfer "`+h.full+`"`)
	assert.Contains(t, err.Error(), "(import accepts <zoneId>)")
	_, err = h.srv.Read(p.ReadRequest{ID: "example.com", Urn: urn(incomingType, "bad")})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "expected <zoneId>")
}

// A create whose reply is lost adopts the configuration it made and sends no second POST: one
// read, after the loss.
func TestIncomingTransferCreateExactlyOnce(t *testing.T) {
	t.Parallel()
	h := startTransfers(t, true)
	a := h.peer("a", "")
	h.emu.InjectFault(emulator.Fault{Kind: emulator.FaultCommitThenDrop, Method: http.MethodPost})
	resp, err := h.create(incomingType, "in", incomingInputs(h.secondary, a))
	require.NoError(t, err)
	assert.Equal(t, h.secondary, resp.ID)
	c, ok := h.emu.Incoming(h.secondary)
	require.True(t, ok)
	assert.Equal(t, incomingProps(h.secondary, 86400, c, nil, a), resp.Properties)
	assert.Equal(t, []string{
		"POST zones/{zone}/secondary_dns/incoming 0", "GET zones/{zone}/secondary_dns/incoming 200",
	}, h.zoneRequests(h.secondary))
}

// What Cloudflare refuses is explained in the user's terms: the zone, the peer, the rule.
func TestIncomingTransferRefusals(t *testing.T) {
	t.Parallel()
	h := startTransfers(t, false)
	a := h.peer("a", "")
	other := h.emu.PutPeer(otherAccount, emulator.Peer{Name: "elsewhere"}).ID
	tests := []struct {
		name   string
		inputs map[string]property.Value
		want   []string
	}{
		{"full zone", incomingInputs(h.full, a), []string{
			"IncomingTransfer for zone " + fullZone + " (" + h.full + `): the zone is of type "full"`,
			`only for a zone of type "secondary"`, `Create the zone with type "secondary"`,
		}},
		{"peer of another account", incomingInputs(h.secondary, a, other), []string{
			"IncomingTransfer for zone " + secondaryZone + " (" + h.secondary + "): peers: no peer " + other + " in the zone's account " + emulator.DemoAccountID,
		}},
	}
	for _, tt := range tests {
		h.emu.ResetObservations()
		_, err := h.create(incomingType, "in", tt.inputs)
		require.Error(t, err, tt.name)
		for _, want := range tt.want {
			assert.Contains(t, err.Error(), want, tt.name)
		}
		h.assertNothingWritten(t, tt.name)
	}
	_, ok := h.emu.Incoming(h.secondary)
	assert.False(t, ok)
}

// Cloudflare may list a configuration's peers in another order than the program: refresh keeps
// the state's order, so neither refresh nor the next preview shows a change.
func TestIncomingTransferRefreshKeepsPeerOrder(t *testing.T) {
	t.Parallel()
	h := startTransfers(t, false)
	a, b := h.peer("ns-a", ""), h.peer("ns-b", "")
	inputs := incomingInputs(h.secondary, a, b)
	id, state := h.up(incomingType, "in", inputs)
	stored, ok := h.emu.Incoming(h.secondary)
	require.True(t, ok)
	stored.Peers = []string{b, a}
	require.True(t, h.emu.PutIncoming(h.secondary, stored))

	read, err := h.srv.Read(p.ReadRequest{ID: id, Urn: urn(incomingType, "in"), Properties: state})
	require.NoError(t, err)
	assert.Equal(t, strs(a, b), read.Properties.Get("peers"))
	assert.False(t, h.diff(incomingType, "in", id, read.Properties, inputs).HasChanges)
}

// A zone that already has its configuration is not written to, even when it is the one
// declared: the error says how to take it over, and Cloudflare's refusal of the POST is all
// that was sent.
func TestTransferCreateWhereOneExistsSaysImport(t *testing.T) {
	t.Parallel()
	h := startTransfers(t, false)
	require.True(t, h.emu.PutIncoming(h.secondary, emulator.Incoming{Name: secondaryZone + ".", Peers: []string{}, AutoRefreshSeconds: 86400}))
	h.emu.ResetObservations()
	_, err := h.create(incomingType, "in", incomingInputs(h.secondary))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "zone "+h.secondary+" already has its IncomingTransfer configuration")
	assert.Contains(t, err.Error(), "pulumi import cloudflare-secondary-dns:index:IncomingTransfer <name> "+h.secondary)
	h.assertNothingWritten(t, "a configuration already there")
}
