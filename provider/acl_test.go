package provider

import (
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/kinds"
	"net/http"
	"testing"

	p "github.com/pulumi/pulumi-go-provider"
	"github.com/pulumi/pulumi/sdk/v3/go/property"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
)

const aclType = "cloudflare-secondary-dns:index:Acl"

func aclInputs(name, ipRange string) map[string]property.Value {
	return map[string]property.Value{"name": str(name), "ipRange": str(ipRange)}
}

func aclProps(account, name, ipRange string) property.Map {
	return property.NewMap(map[string]property.Value{"accountId": str(account), "name": str(name), "ipRange": str(ipRange)})
}

// ipRange is held to Cloudflare's limits at preview, naming the property and what it
// accepts, with no call to Cloudflare.
func TestAclCheck(t *testing.T) {
	t.Parallel()
	h := start(t, emulator.Options{})
	for ipRange, want := range map[string]string{
		"192.0.2.0/24":      "",
		"192.0.2.53/28":     "", // host bits beyond the prefix, as in Cloudflare's example
		"192.0.2.53/32":     "",
		"2001:db8:1:2::/64": "",
		"2001:db8::53/128":  "",
		"192.0.2.0/23":      `ipRange: "192.0.2.0/23" is wider than Cloudflare allows (/24): expected a CIDR no wider than /24 for IPv4 or /64 for IPv6`,
		"2001:db8::/48":     `ipRange: "2001:db8::/48" is wider than Cloudflare allows (/64)`,
		"192.0.2.53":        `ipRange: "192.0.2.53" is not a CIDR: expected a CIDR no wider than /24 for IPv4 or /64 for IPv6`,
		"office":            `ipRange: "office" is not a CIDR`,
		"192.0.2.0/33":      `ipRange: "192.0.2.0/33" is not a CIDR`,
		"fe80::1%eth0/64":   `is not a CIDR`,
		"":                  `ipRange: "" is not a CIDR`,
		"192.0.2.0/24 junk": `is not a CIDR`,
	} {
		resp, err := h.srv.Check(p.CheckRequest{Urn: urn(aclType, "acl"), Inputs: property.NewMap(aclInputs("office", ipRange))})
		require.NoError(t, err)
		if want == "" {
			assert.Empty(t, resp.Failures, ipRange)
			continue
		}
		require.Len(t, resp.Failures, 1, ipRange)
		assert.Equal(t, "ipRange", resp.Failures[0].Property)
		assert.Contains(t, resp.Failures[0].Reason, want)
	}
	resp, err := h.srv.Check(p.CheckRequest{Urn: urn(aclType, "acl"), Inputs: property.NewMap(map[string]property.Value{
		"name": str("\x00"), "ipRange": num(24), "colour": str("blue"),
	})})
	require.NoError(t, err)
	var reasons []string
	for _, f := range resp.Failures {
		reasons = append(reasons, f.Reason)
	}
	assert.Contains(t, reasons, "ipRange has the wrong type: expected "+kinds.AclAccepts["ipRange"])
	assert.Contains(t, reasons, "colour is not a property of Acl: expected one of accountId, ipRange, name")
	// Unknown at preview is not an error.
	resp, err = h.srv.Check(p.CheckRequest{Urn: urn(aclType, "acl"), Inputs: property.NewMap(map[string]property.Value{
		"name": unknown(), "ipRange": unknown(),
	})})
	require.NoError(t, err)
	assert.Empty(t, resp.Failures)
	assert.Empty(t, h.requests(), "preview calls nothing")
}

// The life of an ACL: one POST after the listing that makes it exactly once, a whole PUT on
// update, drift seen by refresh, a 404 on refresh drops it, and delete tolerates 404.
func TestAclLifecycle(t *testing.T) {
	t.Parallel()
	h := start(t, emulator.Options{})
	preview, err := h.srv.Create(p.CreateRequest{Urn: urn(aclType, "acl"), Properties: h.check(aclType, "acl", aclInputs("office", "192.0.2.0/24")), DryRun: true})
	require.NoError(t, err)
	assert.Equal(t, aclProps(emulator.DemoAccountID, "office", "192.0.2.0/24"), preview.Properties)
	assert.Empty(t, h.requests())

	id, state := h.up(aclType, "acl", aclInputs("office", "192.0.2.0/24"))
	assert.Equal(t, aclProps(emulator.DemoAccountID, "office", "192.0.2.0/24"), state)
	assert.Equal(t, []emulator.ACL{{ID: id, Name: "office", IPRange: "192.0.2.0/24"}}, h.emu.ACLs(emulator.DemoAccountID))

	next := aclInputs("office v6", "2001:db8:1:2::/64")
	d := h.diff(aclType, "acl", id, state, next)
	assert.Equal(t, map[string]p.PropertyDiff{"name": {Kind: p.Update}, "ipRange": {Kind: p.Update}}, d.DetailedDiff)
	updated, err := h.srv.Update(p.UpdateRequest{ID: id, Urn: urn(aclType, "acl"), State: state, Inputs: h.check(aclType, "acl", next)})
	require.NoError(t, err)
	assert.Equal(t, aclProps(emulator.DemoAccountID, "office v6", "2001:db8:1:2::/64"), updated.Properties)

	h.emu.PutACL(emulator.DemoAccountID, emulator.ACL{ID: id, Name: "edited", IPRange: "198.51.100.0/24"})
	read, err := h.srv.Read(p.ReadRequest{ID: id, Urn: urn(aclType, "acl"), Properties: updated.Properties})
	require.NoError(t, err)
	assert.Equal(t, aclProps(emulator.DemoAccountID, "edited", "198.51.100.0/24"), read.Properties)
	assert.True(t, h.diff(aclType, "acl", id, read.Properties, next).HasChanges, "drift is undone by the next up")

	require.NoError(t, h.srv.Delete(p.DeleteRequest{ID: id, Urn: urn(aclType, "acl"), Properties: read.Properties}))
	assert.Empty(t, h.emu.ACLs(emulator.DemoAccountID))
	gone, err := h.srv.Read(p.ReadRequest{ID: id, Urn: urn(aclType, "acl"), Properties: read.Properties})
	require.NoError(t, err)
	assert.Empty(t, gone.ID, "refresh drops it")
	require.NoError(t, h.srv.Delete(p.DeleteRequest{ID: id, Urn: urn(aclType, "acl"), Properties: read.Properties}), "already gone")
	assert.Equal(t, []string{
		"GET acls", "POST acls", "PUT acls/" + id, "GET acls/" + id, "DELETE acls/" + id,
		// The second Read comes soon after the first: a burst, served by a listing that no
		// longer holds it, so Cloudflare is asked by ID.
		"GET acls", "GET acls/" + id, "DELETE acls/" + id,
	}, h.requests())
}

// A create whose reply is lost adopts the one new ACL it made, and never one that existed.
func TestAclCreateExactlyOnce(t *testing.T) {
	t.Parallel()
	h := startWith(t, emulator.Options{}, nil, &fastRetry)
	before := h.emu.PutACL(emulator.DemoAccountID, emulator.ACL{Name: "office", IPRange: "192.0.2.0/24"})
	h.emu.InjectFault(emulator.Fault{Kind: emulator.FaultCommitThenDrop, Method: http.MethodPost})
	resp, err := h.create(aclType, "acl", aclInputs("office", "192.0.2.0/24"))
	require.NoError(t, err)
	assert.NotEqual(t, before.ID, resp.ID)
	assert.Len(t, h.emu.ACLs(emulator.DemoAccountID), 2, "one POST reached Cloudflare, and nothing was sent again")
	assert.Equal(t, []string{"GET acls 200", "POST acls 0", "GET acls 200"}, h.exchanges())
}

// Import takes <accountId>/<aclId> or <aclId>, and a preview after it shows no change.
func TestAclImport(t *testing.T) {
	t.Parallel()
	h := start(t, emulator.Options{})
	inOther := h.emu.PutACL(otherAccount, emulator.ACL{Name: "other", IPRange: "203.0.113.0/24"})
	inDefault := h.emu.PutACL(emulator.DemoAccountID, emulator.ACL{Name: "plain", IPRange: "192.0.2.0/28"})
	for importID, want := range map[string]property.Map{
		otherAccount + "/" + inOther.ID: aclProps(otherAccount, "other", "203.0.113.0/24"),
		inDefault.ID:                    aclProps(emulator.DemoAccountID, "plain", "192.0.2.0/28"),
	} {
		resp, err := h.srv.Read(p.ReadRequest{ID: importID, Urn: urn(aclType, "imported")})
		require.NoError(t, err, importID)
		assert.Equal(t, want, resp.Properties)
		assert.Equal(t, want, resp.Inputs)
		assert.False(t, h.diff(aclType, "imported", resp.ID, resp.Properties, map[string]property.Value{
			"accountId": want.Get("accountId"), "name": want.Get("name"), "ipRange": want.Get("ipRange"),
		}).HasChanges)
	}
	_, err := h.srv.Read(p.ReadRequest{ID: "0123456789abcdef0123456789abcdee", Urn: urn(aclType, "missing")})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `importing Acl "0123456789abcdef0123456789abcdee": reading Acl 0123456789abcdef0123456789abcdee in account `+emulator.DemoAccountID)
	_, err = h.srv.Read(p.ReadRequest{ID: "not-an-id", Urn: urn(aclType, "bad")})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "expected <accountId>/<id> or <id>")
}

// getAcl and listAcls read what Cloudflare holds; arguments are checked before any call.
func TestAclFunctions(t *testing.T) {
	t.Parallel()
	h := start(t, emulator.Options{})
	acl := h.emu.PutACL(emulator.DemoAccountID, emulator.ACL{Name: "office", IPRange: "192.0.2.0/24"})
	got, err := h.srv.Invoke(p.InvokeRequest{Token: Name + ":index:getAcl", Args: property.NewMap(map[string]property.Value{"aclId": str(acl.ID)})})
	require.NoError(t, err)
	assert.Equal(t, property.NewMap(map[string]property.Value{
		"accountId": str(emulator.DemoAccountID), "aclId": str(acl.ID), "name": str("office"), "ipRange": str("192.0.2.0/24"),
	}), got.Return)
	all, err := h.srv.Invoke(p.InvokeRequest{Token: Name + ":index:listAcls", Args: property.NewMap(nil)})
	require.NoError(t, err)
	assert.Equal(t, 1, len(all.Return.Get("acls").AsArray().AsSlice()))
	h.emu.ResetObservations()
	_, err = h.srv.Invoke(p.InvokeRequest{Token: Name + ":index:getAcl", Args: property.NewMap(map[string]property.Value{"aclId": str("nope")})})
	require.Error(t, err)
	assert.Contains(t, err.Error(), `aclId: "nope" is not a ACL ID`)
	assert.Empty(t, h.requests())
}
