package provider

import (
	"net/http"
	"testing"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
)

const outgoingType = "cloudflare-secondary-dns:index:OutgoingTransfer"

func outgoingInputs(zoneID string, peers ...string) map[string]property.Value {
	in := map[string]property.Value{"zoneId": str(zoneID), "name": str(fullZone)}
	if peers != nil {
		in["peers"] = strs(peers...)
	}
	return in
}

func outgoingProps(zoneID string, c emulator.Outgoing, triggers []string, peers ...string) property.Map {
	m := map[string]property.Value{
		"zoneId": str(zoneID), "name": str(fullZone), "peers": strs(peers...), "enabled": boolean(c.Enabled),
		"soaSerial": num(float64(c.SOASerial)), "checkedTime": str(stamp(c.CheckedTime)), "createdTime": str(stamp(c.CreatedTime)),
		"lastTransferredTime": str(stamp(c.LastTransferredTime)),
	}
	if triggers != nil {
		m["triggers"] = strs(triggers...)
	}
	return property.NewMap(m)
}

// Check shares the incoming rules and fills in enabled; nothing is asked of Cloudflare.
func TestOutgoingTransferCheck(t *testing.T) {
	t.Parallel()
	h := start(t, emulator.Options{})
	zone := "0123456789abcdef0123456789abcdef"
	checked := h.check(outgoingType, "out", outgoingInputs(zone))
	assert.Equal(t, boolean(true), checked.Get("enabled"))
	for name, tt := range map[string]struct {
		inputs   map[string]property.Value
		property string
		reason   string
	}{
		"zone ID":   {outgoingInputs("nope"), "zoneId", `zoneId: "nope" is not a zone ID`},
		"duplicate": {outgoingInputs(zone, peerA, peerA), "peers", "peers: peer " + peerA + " is listed twice"},
		"name":      {map[string]property.Value{"zoneId": str(zone), "name": str("-bad-.")}, "name", `name: "-bad-." is not a DNS name`},
		"enabled":   {map[string]property.Value{"zoneId": str(zone), "name": str(fullZone), "enabled": str("yes")}, "enabled", "enabled has the wrong type: expected " + acceptsEnabled},
	} {
		resp, err := h.srv.Check(p.CheckRequest{Urn: urn(outgoingType, "out"), Inputs: property.NewMap(tt.inputs)})
		require.NoError(t, err, name)
		require.Len(t, resp.Failures, 1, name)
		assert.Equal(t, tt.property, resp.Failures[0].Property, name)
		assert.Contains(t, resp.Failures[0].Reason, tt.reason, name)
	}
	assert.Empty(t, h.requests(), "preview calls nothing")
}

// The life of an outgoing configuration: created then enabled, peers [] when none, the switch
// read back on refresh and put back by up, force NOTIFY once per change of triggers, and
// destroy disables before it deletes.
func TestOutgoingTransferLifecycle(t *testing.T) {
	t.Parallel()
	h := startTransfers(t, false)
	zone := h.full

	id, state := h.up(outgoingType, "out", outgoingInputs(zone))
	assert.Equal(t, zone, id)
	c, ok := h.emu.Outgoing(zone)
	require.True(t, ok)
	assert.True(t, c.Enabled)
	assert.Equal(t, []string{}, c.Peers)
	assert.Equal(t, outgoingProps(zone, c, nil).Delete("lastTransferredTime"), state.Delete("lastTransferredTime"),
		"the outputs are the POST's reply, before enabling transferred the zone")
	assert.Equal(t, []string{
		"POST zones/{zone}/secondary_dns/outgoing 200", "POST zones/{zone}/secondary_dns/outgoing/enable 200",
	}, h.zoneRequests(zone), "a create is its writes")
	assert.Equal(t, emulator.ZoneActions{Enable: 1}, h.emu.ZoneActions(zone))

	// The switch flipped in the dashboard shows on refresh; up puts it back.
	require.True(t, h.emu.SetOutgoingEnabled(zone, false))
	read, err := h.srv.Read(p.ReadRequest{ID: id, Urn: urn(outgoingType, "out"), Properties: state})
	require.NoError(t, err)
	assert.Equal(t, boolean(false), read.Properties.Get("enabled"))
	inputs := outgoingInputs(zone)
	assert.Equal(t, map[string]p.PropertyDiff{"enabled": {Kind: p.Update}}, h.diff(outgoingType, "out", id, read.Properties, inputs).DetailedDiff)
	h.emu.ResetObservations()
	updated, err := h.srv.Update(p.UpdateRequest{ID: id, Urn: urn(outgoingType, "out"), State: read.Properties, Inputs: h.check(outgoingType, "out", inputs)})
	require.NoError(t, err)
	assert.Equal(t, boolean(true), updated.Properties.Get("enabled"))
	assert.Equal(t, []string{"POST zones/{zone}/secondary_dns/outgoing/enable 200"}, h.zoneRequests(zone))

	// Triggers alone: one force NOTIFY, no write, the switch left as it is.
	inputs["triggers"] = strs("v1")
	h.emu.ResetObservations()
	updated, err = h.srv.Update(p.UpdateRequest{ID: id, Urn: urn(outgoingType, "out"), State: updated.Properties, Inputs: h.check(outgoingType, "out", inputs)})
	require.NoError(t, err)
	assert.Equal(t, []string{"POST zones/{zone}/secondary_dns/outgoing/force_notify 200"}, h.zoneRequests(zone))
	assert.Equal(t, emulator.ZoneActions{ForceNotify: 1}, h.emu.ZoneActions(zone))
	assert.Equal(t, strs("v1"), updated.Properties.Get("triggers"))

	// Disabling is a change of the switch only.
	inputs["enabled"] = boolean(false)
	h.emu.ResetObservations()
	updated, err = h.srv.Update(p.UpdateRequest{ID: id, Urn: urn(outgoingType, "out"), State: updated.Properties, Inputs: h.check(outgoingType, "out", inputs)})
	require.NoError(t, err)
	c, _ = h.emu.Outgoing(zone)
	assert.False(t, c.Enabled)
	assert.Equal(t, boolean(false), updated.Properties.Get("enabled"))

	h.emu.ResetObservations()
	require.NoError(t, h.srv.Delete(p.DeleteRequest{ID: id, Urn: urn(outgoingType, "out"), Properties: updated.Properties}))
	_, ok = h.emu.Outgoing(zone)
	assert.False(t, ok)
	gone, err := h.srv.Read(p.ReadRequest{ID: id, Urn: urn(outgoingType, "out"), Properties: updated.Properties})
	require.NoError(t, err)
	assert.Empty(t, gone.ID, "refresh drops it")
	require.NoError(t, h.srv.Delete(p.DeleteRequest{ID: id, Urn: urn(outgoingType, "out"), Properties: updated.Properties}), "already gone")
	assert.Equal(t, []string{
		"POST zones/{zone}/secondary_dns/outgoing/disable 200", "DELETE zones/{zone}/secondary_dns/outgoing 200",
		"GET zones/{zone}/secondary_dns/outgoing 404",
		"POST zones/{zone}/secondary_dns/outgoing/disable 404", "DELETE zones/{zone}/secondary_dns/outgoing 404",
	}, h.zoneRequests(zone))
}

// Peers are a set, sent whole, and all must share one TSIG key; a partial zone is accepted.
func TestOutgoingTransferPeers(t *testing.T) {
	t.Parallel()
	h := startTransfers(t, false)
	key := h.emu.PutTSIG(emulator.DemoAccountID, emulator.TSIG{Name: "k.", Algo: "hmac-sha512.", Secret: testSecret}).ID
	a, b, plain := h.peer("a", key), h.peer("b", key), h.peer("plain", "")
	in := outgoingInputs(h.partial, a, b)
	in["name"] = str(partialZone)
	id, state := h.up(outgoingType, "out", in)
	c, _ := h.emu.Outgoing(h.partial)
	assert.Equal(t, []string{a, b}, c.Peers)
	in["peers"] = strs(b, a)
	assert.False(t, h.diff(outgoingType, "out", id, state, in).HasChanges, "reordered peers are the same set")

	h.emu.ResetObservations()
	in["peers"] = strs(a, plain)
	_, err := h.srv.Update(p.UpdateRequest{ID: id, Urn: urn(outgoingType, "out"), State: state, Inputs: h.check(outgoingType, "out", in)})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "OutgoingTransfer for zone "+partialZone+" ("+h.partial+"): peers: peer "+a+" uses TSIG key "+key+" and peer "+plain+" uses none")
	assert.Contains(t, err.Error(), "all peers of a zone must use the same TSIG key, or none")
	h.assertNothingWritten(t, "peers with different keys")

	h.emu.ResetObservations()
	_, err = h.create(outgoingType, "sec", map[string]property.Value{"zoneId": str(h.secondary), "name": str(secondaryZone)})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "OutgoingTransfer for zone "+secondaryZone+" ("+h.secondary+`): the zone is of type "secondary"`)
	assert.Contains(t, err.Error(), `only for a zone of type "full" or "partial"`)
	h.assertNothingWritten(t, "a secondary zone")
	_, ok := h.emu.Outgoing(h.secondary)
	assert.False(t, ok)
}

// A lost reply to the POST adopts the configuration; a failed enable keeps it in the state
// (a partial create), and the next up enables it.
func TestOutgoingTransferCreateFailures(t *testing.T) {
	t.Parallel()
	h := startTransfers(t, true)
	h.emu.InjectFault(emulator.Fault{Kind: emulator.FaultCommitThenDrop, Method: http.MethodPost, Path: "/outgoing"})
	resp, err := h.create(outgoingType, "out", outgoingInputs(h.full))
	require.NoError(t, err)
	assert.Equal(t, h.full, resp.ID)
	assert.Equal(t, []string{
		"POST zones/{zone}/secondary_dns/outgoing 0", "GET zones/{zone}/secondary_dns/outgoing 200",
		"POST zones/{zone}/secondary_dns/outgoing/enable 200",
	}, h.zoneRequests(h.full))

	in := outgoingInputs(h.partial)
	in["name"] = str(partialZone)
	h.emu.InjectFault(emulator.Fault{Kind: emulator.FaultServerError, Method: http.MethodPost, Path: "/outgoing/enable", Times: 20})
	partial, err := h.create(outgoingType, "partial", in)
	require.Error(t, err)
	assert.Equal(t, h.partial, partial.ID, "the state keeps it")
	assert.Equal(t, boolean(false), partial.Properties.Get("enabled"), "so the next up enables it")
	c, ok := h.emu.Outgoing(h.partial)
	require.True(t, ok, "the configuration is kept")
	assert.False(t, c.Enabled)
}

// Import takes the zone ID and reads the switch.
func TestOutgoingTransferImport(t *testing.T) {
	t.Parallel()
	h := startTransfers(t, false)
	require.True(t, h.emu.PutOutgoing(h.full, emulator.Outgoing{Name: fullZone, Peers: []string{}, Enabled: true, SOASerial: 9}))
	c, _ := h.emu.Outgoing(h.full)
	resp, err := h.srv.Read(p.ReadRequest{ID: h.full, Urn: urn(outgoingType, "imported")})
	require.NoError(t, err)
	assert.Equal(t, outgoingProps(h.full, c, nil), resp.Properties)
	inputs := map[string]property.Value{"zoneId": str(h.full), "name": str(fullZone), "peers": strs(), "enabled": boolean(true)}
	assert.Equal(t, property.NewMap(inputs), resp.Inputs)
	assert.False(t, h.diff(outgoingType, "imported", resp.ID, resp.Properties, outgoingInputs(h.full)).HasChanges)
}
