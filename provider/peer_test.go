package provider

import (
	"testing"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
)

const tsigID = "69cd1e104af3e6ed3cb344f263fd0d5a"

func ptr[T any](v T) *T { return &v }

func fullPeer(name string) map[string]property.Value {
	return map[string]property.Value{
		"name":       str(name),
		"ip":         str("192.0.2.53"),
		"port":       num(53),
		"ixfrEnable": boolean(true),
		"tsigId":     str(tsigID),
	}
}

func TestPeerCreate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		inputs   map[string]property.Value
		want     map[string]property.Value
		stored   emulator.Peer
		requests func(id string) []string
	}{
		{
			name:   "name only: one POST",
			inputs: map[string]property.Value{"name": str("ns1")},
			want:   map[string]property.Value{"accountId": str(emulator.DemoAccountID), "name": str("ns1")},
			stored: emulator.Peer{Name: "ns1"},
			requests: func(string) []string {
				return []string{"GET peers", "POST peers"}
			},
		},
		{
			name:   "every field: POST then one PUT",
			inputs: fullPeer("ns1"),
			want: map[string]property.Value{
				"accountId": str(emulator.DemoAccountID), "name": str("ns1"), "ip": str("192.0.2.53"),
				"port": num(53), "ixfrEnable": boolean(true), "tsigId": str(tsigID),
			},
			stored: emulator.Peer{Name: "ns1", IP: ptr("192.0.2.53"), Port: ptr(53.0), IxfrEnable: ptr(true), TSIGID: ptr(tsigID)},
			requests: func(id string) []string {
				return []string{"GET peers", "POST peers", "PUT peers/" + id}
			},
		},
		{
			name:   "IPv6 and ixfrEnable false",
			inputs: map[string]property.Value{"name": str("ns2"), "ip": str("2001:db8::53"), "ixfrEnable": boolean(false)},
			want: map[string]property.Value{
				"accountId": str(emulator.DemoAccountID), "name": str("ns2"), "ip": str("2001:db8::53"), "ixfrEnable": boolean(false),
			},
			stored: emulator.Peer{Name: "ns2", IP: ptr("2001:db8::53"), IxfrEnable: ptr(false)},
			requests: func(id string) []string {
				return []string{"GET peers", "POST peers", "PUT peers/" + id}
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			h := start(t, emulator.Options{})
			id, props := h.up(peerType, "peer", tt.inputs)
			assert.Equal(t, property.NewMap(tt.want), props)
			stored, ok := h.emu.GetPeer(emulator.DemoAccountID, id)
			require.True(t, ok)
			tt.stored.ID = id
			assert.Equal(t, tt.stored, stored)
			assert.Equal(t, tt.requests(id), h.requests())
		})
	}
}

func TestPeerPreviewCallsNothing(t *testing.T) {
	t.Parallel()
	h := start(t, emulator.Options{})
	inputs := fullPeer("ns1")
	inputs["tsigId"] = unknown() // a Tsig created in the same program

	checked := h.check(peerType, "peer", inputs)
	resp, err := h.srv.Create(p.CreateRequest{Urn: urn(peerType, "peer"), Properties: checked, DryRun: true})
	require.NoError(t, err)
	assert.Equal(t, property.NewMap(map[string]property.Value{
		"accountId": str(emulator.DemoAccountID), "name": str("ns1"), "ip": str("192.0.2.53"),
		"port": num(53), "ixfrEnable": boolean(true), "tsigId": unknown(),
	}), resp.Properties)
	assert.Empty(t, h.requests())
}

func TestPeerUpdate(t *testing.T) {
	t.Parallel()
	h := start(t, emulator.Options{})
	id, state := h.up(peerType, "peer", fullPeer("ns1"))
	h.emu.ResetObservations()

	// Dropping ip and tsigId from the program clears them in Cloudflare.
	next := map[string]property.Value{"name": str("ns1-renamed"), "port": num(5353), "ixfrEnable": boolean(true)}
	d := h.diff(peerType, "peer", id, state, next)
	assert.Equal(t, map[string]p.PropertyDiff{
		"name": {Kind: p.Update}, "port": {Kind: p.Update}, "ip": {Kind: p.Delete}, "tsigId": {Kind: p.Delete},
	}, d.DetailedDiff)

	checked := h.check(peerType, "peer", next)
	_, err := h.srv.Update(p.UpdateRequest{ID: id, Urn: urn(peerType, "peer"), State: state, Inputs: checked, DryRun: true})
	require.NoError(t, err)
	assert.Empty(t, h.requests(), "a preview calls nothing")

	resp, err := h.srv.Update(p.UpdateRequest{ID: id, Urn: urn(peerType, "peer"), State: state, Inputs: checked})
	require.NoError(t, err)
	assert.Equal(t, property.NewMap(map[string]property.Value{
		"accountId": str(emulator.DemoAccountID), "name": str("ns1-renamed"), "port": num(5353), "ixfrEnable": boolean(true),
	}), resp.Properties)
	stored, _ := h.emu.GetPeer(emulator.DemoAccountID, id)
	assert.Equal(t, emulator.Peer{ID: id, Name: "ns1-renamed", Port: ptr(5353.0), IxfrEnable: ptr(true)}, stored)
	assert.Equal(t, []string{"PUT peers/" + id}, h.requests())

	// An unknown tsigId in a preview is a change, even where the state has none.
	pending := map[string]property.Value{"name": str("ns1-renamed"), "port": num(5353), "ixfrEnable": boolean(true), "tsigId": unknown()}
	d = h.diff(peerType, "peer", id, resp.Properties, pending)
	assert.True(t, d.HasChanges)
	assert.Contains(t, d.DetailedDiff, "tsigId")
}

func TestPeerAccountChangeReplaces(t *testing.T) {
	t.Parallel()
	h := start(t, emulator.Options{})
	id, state := h.up(peerType, "peer", fullPeer("ns1"))
	moved := fullPeer("ns1")
	moved["accountId"] = str(otherAccount)
	d := h.diff(peerType, "peer", id, state, moved)
	assert.Equal(t, map[string]p.PropertyDiff{"accountId": {Kind: p.UpdateReplace}}, d.DetailedDiff)
}

func TestPeerRefresh(t *testing.T) {
	t.Parallel()
	h := start(t, emulator.Options{})
	inputs := fullPeer("ns1")
	id, state := h.up(peerType, "peer", inputs)
	checked := h.check(peerType, "peer", inputs)

	h.emu.PutPeer(emulator.DemoAccountID, emulator.Peer{ID: id, Name: "ns1", IP: ptr("198.51.100.7"), Port: ptr(53.0)})
	resp, err := h.srv.Read(p.ReadRequest{ID: id, Urn: urn(peerType, "peer"), Properties: state, Inputs: checked})
	require.NoError(t, err)
	drifted := property.NewMap(map[string]property.Value{
		"accountId": str(emulator.DemoAccountID), "name": str("ns1"), "ip": str("198.51.100.7"), "port": num(53),
	})
	assert.Equal(t, drifted, resp.Properties)
	assert.Equal(t, drifted, resp.Inputs)
	d := h.diff(peerType, "peer", id, resp.Properties, inputs)
	assert.Equal(t, map[string]p.PropertyDiff{
		"ip": {Kind: p.Update}, "ixfrEnable": {Kind: p.Add}, "tsigId": {Kind: p.Add},
	}, d.DetailedDiff)

	require.True(t, h.emu.DeletePeer(emulator.DemoAccountID, id))
	gone, err := h.srv.Read(p.ReadRequest{ID: id, Urn: urn(peerType, "peer"), Properties: state, Inputs: checked})
	require.NoError(t, err)
	assert.Empty(t, gone.ID)
}

func TestPeerDelete(t *testing.T) {
	t.Parallel()
	h := start(t, emulator.Options{})
	id, state := h.up(peerType, "peer", map[string]property.Value{"name": str("ns1")})
	require.NoError(t, h.srv.Delete(p.DeleteRequest{ID: id, Urn: urn(peerType, "peer"), Properties: state}))
	_, exists := h.emu.GetPeer(emulator.DemoAccountID, id)
	assert.False(t, exists)
	require.NoError(t, h.srv.Delete(p.DeleteRequest{ID: id, Urn: urn(peerType, "peer"), Properties: state}))
	assert.Equal(t, []string{"GET peers", "POST peers", "DELETE peers/" + id, "DELETE peers/" + id}, h.requests())
}

func TestPeerImport(t *testing.T) {
	t.Parallel()
	h := start(t, emulator.Options{})
	stored := h.emu.PutPeer(otherAccount, emulator.Peer{Name: "ns9", IP: ptr("2001:db8::9"), Port: ptr(53.0), TSIGID: ptr(tsigID)})
	bare := h.emu.PutPeer(emulator.DemoAccountID, emulator.Peer{Name: "bare"})

	resp, err := h.srv.Read(p.ReadRequest{ID: otherAccount + "/" + stored.ID, Urn: urn(peerType, "imported")})
	require.NoError(t, err)
	assert.Equal(t, stored.ID, resp.ID)
	want := property.NewMap(map[string]property.Value{
		"accountId": str(otherAccount), "name": str("ns9"), "ip": str("2001:db8::9"), "port": num(53), "tsigId": str(tsigID),
	})
	assert.Equal(t, want, resp.Properties)
	assert.Equal(t, want, resp.Inputs)
	program := map[string]property.Value{
		"accountId": str(otherAccount), "name": str("ns9"), "ip": str("2001:db8::9"), "port": num(53), "tsigId": str(tsigID),
	}
	assert.False(t, h.diff(peerType, "imported", resp.ID, resp.Properties, program).HasChanges)

	resp, err = h.srv.Read(p.ReadRequest{ID: bare.ID, Urn: urn(peerType, "bare")})
	require.NoError(t, err)
	assert.Equal(t, property.NewMap(map[string]property.Value{"accountId": str(emulator.DemoAccountID), "name": str("bare")}), resp.Properties)

	_, err = h.srv.Read(p.ReadRequest{ID: emulator.DemoAccountID + "/" + stored.ID, Urn: urn(peerType, "imported")})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "importing Peer")
	assert.Contains(t, err.Error(), "Cloudflare answered 404")
}

// If the PUT after the POST fails, the peer exists: Create must hand back its ID as a partial
// create, so nothing is orphaned and the next update finishes the job.
func TestPeerCreatePartialFailure(t *testing.T) {
	t.Parallel()
	// With maxRetryWait 0s, one failure is final.
	h := startWith(t, emulator.Options{}, map[string]property.Value{"maxRetryWait": str("0s")}, nil)
	h.emu.InjectFault(emulator.Fault{Kind: emulator.FaultServerError, Method: "PUT", Path: "/peers/"})

	inputs := fullPeer("ns1")
	checked := h.check(peerType, "peer", inputs)
	resp, err := h.srv.Create(p.CreateRequest{Urn: urn(peerType, "peer"), Properties: checked})
	require.Error(t, err)
	require.NotEmpty(t, resp.ID, "the created peer is kept in the state")
	require.NotNil(t, resp.PartialState)
	assert.Contains(t, resp.PartialState.Reasons[0], "Cloudflare answered 500")
	assert.Contains(t, resp.PartialState.Reasons[1], "the next `pulumi up` sets them")
	assert.Equal(t, property.NewMap(map[string]property.Value{"accountId": str(emulator.DemoAccountID), "name": str("ns1")}), resp.Properties)
	stored, ok := h.emu.GetPeer(emulator.DemoAccountID, resp.ID)
	require.True(t, ok)
	assert.Equal(t, emulator.Peer{ID: resp.ID, Name: "ns1"}, stored)
	assert.Equal(t, []string{"GET peers", "POST peers", "PUT peers/" + resp.ID}, h.requests())

	// The next up sees what is missing and sets it.
	d := h.diff(peerType, "peer", resp.ID, resp.Properties, inputs)
	assert.Equal(t, map[string]p.PropertyDiff{
		"ip": {Kind: p.Add}, "port": {Kind: p.Add}, "ixfrEnable": {Kind: p.Add}, "tsigId": {Kind: p.Add},
	}, d.DetailedDiff)
	_, err = h.srv.Update(p.UpdateRequest{ID: resp.ID, Urn: urn(peerType, "peer"), State: resp.Properties, Inputs: checked})
	require.NoError(t, err)
	stored, _ = h.emu.GetPeer(emulator.DemoAccountID, resp.ID)
	assert.Equal(t, emulator.Peer{ID: resp.ID, Name: "ns1", IP: ptr("192.0.2.53"), Port: ptr(53.0), IxfrEnable: ptr(true), TSIGID: ptr(tsigID)}, stored)
	assert.Len(t, h.emu.Peers(emulator.DemoAccountID), 1, "no second peer")
}
