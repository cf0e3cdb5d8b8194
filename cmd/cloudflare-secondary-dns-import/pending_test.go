package main

import (
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/emulatortest"
)

// exported is a stack as `pulumi stack export` writes it: resources the state holds (type and
// ID) and pending creates (type, URN and inputs).
type exported struct {
	held    [][2]string
	pending []pendingCreate
}

type pendingCreate struct {
	urn, typ string
	inputs   map[string]any
}

func (e exported) JSON(t *testing.T) string {
	t.Helper()
	type res struct {
		URN    string         `json:"urn"`
		Type   string         `json:"type"`
		ID     string         `json:"id,omitempty"`
		Inputs map[string]any `json:"inputs,omitempty"`
	}
	type op struct {
		Resource res    `json:"resource"`
		Type     string `json:"type"`
	}
	var d struct {
		Resources []res `json:"resources"`
		Pending   []op  `json:"pending_operations"`
	}
	d.Resources = append(d.Resources, res{URN: "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev", Type: "pulumi:pulumi:Stack"})
	for _, h := range e.held {
		d.Resources = append(d.Resources, res{URN: "urn:pulumi:dev::p::" + h[0] + "::held", Type: h[0], ID: h[1]})
	}
	for _, p := range e.pending {
		d.Pending = append(d.Pending, op{Resource: res{URN: p.urn, Type: p.typ, Inputs: p.inputs}, Type: "creating"})
	}
	// An update of another package's resource is no pending create of this one.
	d.Pending = append(d.Pending, op{Resource: res{URN: "urn:pulumi:dev::p::random:index:RandomId::r", Type: "random:index:RandomId"}, Type: "creating"})
	out, err := json.Marshal(map[string]any{"version": 3, "deployment": d})
	require.NoError(t, err)
	return string(out)
}

const (
	tsigToken     = "cloudflare-secondary-dns:index:Tsig"
	peerToken     = "cloudflare-secondary-dns:index:Peer"
	aclToken      = "cloudflare-secondary-dns:index:Acl"
	incomingToken = "cloudflare-secondary-dns:index:IncomingTransfer"
	outgoingToken = "cloudflare-secondary-dns:index:OutgoingTransfer"
)

func urn(typ, name string) string { return "urn:pulumi:dev::p::" + typ + "::" + name }

// encrypted is a secret input as an export holds it without --show-secrets.
func encrypted() map[string]any {
	return map[string]any{"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", "ciphertext": "v1:abc"}
}

// shown is a secret input as an export holds it with --show-secrets.
func shown(t *testing.T, v string) map[string]any {
	t.Helper()
	plain, err := json.Marshal(v)
	require.NoError(t, err)
	return map[string]any{"4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", "plaintext": string(plain)}
}

// Each pending create is matched with the object it made among those the state does not hold:
// a key by name and algorithm, a peer by name, an ACL by name and range, a configuration by
// zone. Those whose object is there are printed `URN ID`, nothing else; the others are listed
// on stderr as safe to clear. The command only reads, and never shows a secret.
func TestPendingCreatesFoundOrMadeNothing(t *testing.T) {
	t.Parallel()
	s := emulatortest.Start(t, emulator.Options{Accounts: []string{emulator.DemoAccountID, otherAccount}})
	h := s.SeedHandMade(t)
	acct := h.Account + "/"
	given := emulatortest.RandomSecret(32)
	stack := exported{
		held: [][2]string{{tsigToken, h.Keys[1].ID}, {peerToken, acct + h.Peers[2].ID}, {incomingToken, h.Incoming[1].ID}},
		pending: []pendingCreate{
			{urn(tsigToken, "transfer"), tsigToken, map[string]any{"name": "Transfer.Example.com", "algo": "hmac-sha512.", "secret": shown(t, given)}},
			{urn(tsigToken, "notify"), tsigToken, map[string]any{"name": "notify.example.com.", "algo": "hmac-sha256.", "secret": encrypted()}},
			{urn(tsigToken, "otheralgo"), tsigToken, map[string]any{"name": "transfer.example.com.", "algo": "hmac-sha256."}},
			{urn(peerToken, "secondary"), peerToken, map[string]any{"name": "secondary", "ip": "198.51.100.7"}},
			{urn(peerToken, "ns9"), peerToken, map[string]any{"name": "ns9"}},
			{urn(aclToken, "secondaries"), aclToken, map[string]any{"name": "secondaries", "ipRange": "198.51.100.0/24"}},
			{urn(aclToken, "narrower"), aclToken, map[string]any{"name": "secondaries", "ipRange": "198.51.100.0/25"}},
			{urn(incomingToken, "a"), incomingToken, map[string]any{"zoneId": h.Incoming[0].ID, "name": "a.example.com."}},
			{urn(incomingToken, "b"), incomingToken, map[string]any{"zoneId": h.Incoming[1].ID, "name": "b.example.com."}},
			{urn(outgoingToken, "bare"), outgoingToken, map[string]any{"zoneId": h.Bare.ID, "name": "bare.example.com."}},
			{urn(outgoingToken, "org"), outgoingToken, map[string]any{"zoneId": h.Outgoing[0].ID, "name": "example.org."}},
		},
	}
	path := filepath.Join(t.TempDir(), "stack.json")
	require.NoError(t, os.WriteFile(path, []byte(stack.JSON(t)), 0o600))
	stdout, stderr, err := importRun(t, tokenEnv(s), "--pending", path)
	require.NoError(t, err, stderr)
	assert.Equal(t, strings.Join([]string{
		urn(tsigToken, "transfer") + " " + acct + h.Keys[0].ID,
		urn(aclToken, "secondaries") + " " + acct + h.ACL.ID,
		urn(incomingToken, "a") + " " + h.Incoming[0].ID,
		urn(outgoingToken, "org") + " " + h.Outgoing[0].ID,
	}, "\n")+"\n", stdout)
	// Held by the state, another algorithm, another range, no such name, no configuration:
	// each made nothing.
	for _, name := range []string{"notify", "otheralgo", "secondary", "ns9", "narrower", "b", "bare"} {
		assert.Regexp(t, `(?m)^  urn:pulumi:dev::p::\S+::`+name+`$`, stderr)
	}
	assert.Contains(t, stderr, "7 pending creates made nothing (safe to clear")
	assert.NotContains(t, stderr+stdout, "RandomId")
	for _, secret := range []string{given, h.Keys[0].Secret, h.Keys[1].Secret} {
		assert.NotContains(t, stdout+stderr, secret)
	}
	for _, r := range s.Requests() {
		assert.Equal(t, http.MethodGet, r.Method, "the command only reads: %s %s", r.Method, r.Path)
	}

	// The same export from standard input.
	again, _, err := importRunWith(t, tokenEnv(s), stack.JSON(t), "--pending", "-")
	require.NoError(t, err)
	assert.Equal(t, stdout, again)
}

// A pending create that matches several objects, or whose object another pending create may
// have made, or whose inputs cannot tell it, is left to a person: listed on stderr with its
// candidates, never on stdout; exit 3 (errDecide). The others are still printed.
func TestPendingCreatesThatNeedADecision(t *testing.T) {
	t.Parallel()
	s := emulatortest.Start(t, emulator.Options{Accounts: []string{emulator.DemoAccountID, otherAccount}})
	h := s.SeedHandMade(t)
	acct := h.Account + "/"
	twin := s.PutPeer(h.Account, emulator.Peer{Name: "ns1 primary"})
	stack := exported{pending: []pendingCreate{
		{urn(peerToken, "primary"), peerToken, map[string]any{"name": "ns1 primary"}},
		{urn(aclToken, "one"), aclToken, map[string]any{"name": "secondaries", "ipRange": "198.51.100.0/24"}},
		{urn(aclToken, "two"), aclToken, map[string]any{"name": "secondaries", "ipRange": "198.51.100.0/24"}},
		{urn(tsigToken, "hidden"), tsigToken, map[string]any{"name": encrypted(), "algo": "hmac-sha512."}},
		{urn(tsigToken, "elsewhere"), tsigToken, map[string]any{"accountId": otherAccount, "name": "transfer.example.com.", "algo": "hmac-sha512."}},
		{urn(peerToken, "secondary"), peerToken, map[string]any{"name": "secondary"}},
		// A rerun already created it: the state holds its URN.
		{"urn:pulumi:dev::p::" + aclToken + "::held", aclToken, map[string]any{"name": "secondaries", "ipRange": "198.51.100.0/24"}},
	}, held: [][2]string{{aclToken, "ffffffffffffffffffffffffffffffff"}}}
	stdout, stderr, err := importRunWith(t, tokenEnv(s), stack.JSON(t), "--pending", "-")
	require.ErrorIs(t, err, errDecide)
	assert.Equal(t, urn(peerToken, "secondary")+" "+acct+h.Peers[2].ID+"\n", stdout)
	assert.Contains(t, stderr, "6 pending creates need a decision")
	assert.Contains(t, stderr, "urn:pulumi:dev::p::"+aclToken+"::held: the state already holds a resource of this URN")
	assert.Contains(t, stderr, urn(peerToken, "primary")+": 2 objects no resource of the state holds match its inputs\n")
	assert.Contains(t, stderr, `    Peer "ns1 primary" `+acct+h.Peers[0].ID+"\n")
	assert.Contains(t, stderr, `    Peer "ns1 primary" `+acct+twin.ID+"\n")
	for _, name := range []string{"one", "two"} {
		assert.Contains(t, stderr, urn(aclToken, name)+": another pending create of the same inputs may have made the same object\n")
	}
	assert.Contains(t, stderr, urn(tsigToken, "hidden")+`: its input "name" is unset, unknown or an encrypted secret`)
	assert.Contains(t, stderr, urn(tsigToken, "elsewhere")+": it created in account "+otherAccount+", not the one read")
	for _, k := range h.Keys {
		assert.NotContains(t, stdout+stderr, k.Secret)
	}
}

// An account that cannot be read fails the command (exit 1), with nothing on stdout; an input
// that is no stack export is refused before any request.
func TestPendingFailures(t *testing.T) {
	t.Parallel()
	s := emulatortest.Start(t, emulator.Options{})
	stack := exported{pending: []pendingCreate{{urn(peerToken, "p"), peerToken, map[string]any{"name": "p"}}}}
	vars := tokenEnv(s)
	vars["CLOUDFLARE_API_TOKEN"] = "not-the-token"
	stdout, _, err := importRunWith(t, vars, stack.JSON(t), "--pending", "-")
	require.Error(t, err)
	assert.NotErrorIs(t, err, errDecide)
	assert.Empty(t, stdout)

	before := len(s.Requests())
	_, _, err = importRunWith(t, tokenEnv(s), `{"resources": []}`, "--pending", "-")
	require.ErrorContains(t, err, "standard input: not the output of `pulumi stack export`")
	assert.Len(t, s.Requests(), before)

	_, _, err = importRun(t, tokenEnv(s), "--pending", "-", "--out", "x.json")
	require.ErrorIs(t, err, errUsage)
}

// --unmanaged lists the objects none of the given stacks holds, each with its `pulumi import`
// line, whatever form of ID the state holds.
func TestUnmanagedObjects(t *testing.T) {
	t.Parallel()
	s := emulatortest.Start(t, emulator.Options{Accounts: []string{emulator.DemoAccountID, otherAccount}})
	h := s.SeedHandMade(t)
	acct := h.Account + "/"
	dir := t.TempDir()
	one := exported{held: [][2]string{
		{tsigToken, h.Keys[1].ID}, {peerToken, acct + h.Peers[0].ID}, {peerToken, h.Peers[2].ID},
		{incomingToken, h.Incoming[0].ID}, {incomingToken, h.Incoming[1].ID},
	}}
	two := exported{held: [][2]string{{aclToken, acct + h.ACL.ID}, {outgoingToken, h.Outgoing[0].ID}}}
	paths := []string{filepath.Join(dir, "one.json"), filepath.Join(dir, "two.json")}
	require.NoError(t, os.WriteFile(paths[0], []byte(one.JSON(t)), 0o600))
	require.NoError(t, os.WriteFile(paths[1], []byte(two.JSON(t)), 0o600))
	stdout, stderr, err := importRun(t, tokenEnv(s), "--unmanaged", paths[0], "--unmanaged", paths[1])
	require.NoError(t, err, stderr)
	assert.Equal(t, strings.Join([]string{
		"Tsig\t\"transfer.example.com.\"\t" + acct + h.Keys[0].ID + "\tpulumi import " + tsigToken + " tsig_transfer_example_com " + acct + h.Keys[0].ID,
		"Peer\t\"ns1-primary\"\t" + acct + h.Peers[1].ID + "\tpulumi import " + peerToken + " peer_ns1_primary " + acct + h.Peers[1].ID,
		"OutgoingTransfer\t\"example.net\"\t" + h.Outgoing[1].ID + "\tpulumi import " + outgoingToken + " outgoing_example_net " + h.Outgoing[1].ID,
	}, "\n")+"\n", stdout)
	assert.Contains(t, stderr, "3 objects no given stack holds")
	for _, k := range h.Keys {
		assert.NotContains(t, stdout+stderr, k.Secret)
	}
	for _, r := range s.Requests() {
		assert.Equal(t, http.MethodGet, r.Method)
	}
}

// --resolved writes the export with its pending creates settled: a found one becomes a resource
// with its ID, after the others, one that made nothing is gone, one that needs a decision stays
// pending; the rest (another package's pending create, encrypted secrets) is kept as it was.
func TestPendingResolvedExport(t *testing.T) {
	t.Parallel()
	s := emulatortest.Start(t, emulator.Options{Accounts: []string{emulator.DemoAccountID, otherAccount}})
	h := s.SeedHandMade(t)
	s.PutPeer(h.Account, emulator.Peer{Name: "ns1 primary"})
	stack := exported{held: [][2]string{{aclToken, h.ACL.ID}}, pending: []pendingCreate{
		{urn(tsigToken, "transfer"), tsigToken, map[string]any{"name": "transfer.example.com.", "algo": "hmac-sha512.", "secret": encrypted()}},
		{urn(peerToken, "ns9"), peerToken, map[string]any{"name": "ns9"}},
		{urn(peerToken, "primary"), peerToken, map[string]any{"name": "ns1 primary"}},
	}}
	path := filepath.Join(t.TempDir(), "resolved.json")
	_, _, err := importRunWith(t, tokenEnv(s), stack.JSON(t), "--pending", "-", "--resolved", path)
	require.ErrorIs(t, err, errDecide, "the twin peers need a decision")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var got struct {
		Deployment struct {
			Resources []struct {
				URN, ID string
				Inputs  map[string]any
			}
			Pending []struct {
				Type     string
				Resource struct{ URN string }
			} `json:"pending_operations"`
		}
	}
	require.NoError(t, json.Unmarshal(data, &got))
	res := got.Deployment.Resources
	require.Len(t, res, 3)
	assert.Equal(t, urn(tsigToken, "transfer"), res[2].URN)
	assert.Equal(t, h.Account+"/"+h.Keys[0].ID, res[2].ID)
	assert.Equal(t, encrypted(), res[2].Inputs["secret"], "the secret stays encrypted as exported")
	var pending []string
	for _, op := range got.Deployment.Pending {
		pending = append(pending, op.Resource.URN)
	}
	assert.Equal(t, []string{urn(peerToken, "primary"), "urn:pulumi:dev::p::random:index:RandomId::r"}, pending)
	assert.NotContains(t, string(data), h.Keys[0].Secret)

	_, _, err = importRun(t, tokenEnv(s), "--resolved", path)
	require.ErrorIs(t, err, errUsage, "--resolved without --pending")
}
