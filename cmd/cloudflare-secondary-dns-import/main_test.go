package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/emulatortest"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/importer"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/provider"
)

const otherAccount = "0123456789abcdef0123456789abcdef"

// env is the environment of one run, as the provider would read it.
func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

func tokenEnv(s *emulatortest.Server) map[string]string {
	return map[string]string{"CLOUDFLARE_API_TOKEN": s.Token, "CLOUDFLARE_BASE_URL": s.URL, "CLOUDFLARE_ACCOUNT_ID": s.AccountID}
}

// importRun runs the command and returns what it wrote to stdout and stderr.
func importRun(t *testing.T, vars map[string]string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	return importRunWith(t, vars, "", args...)
}

// importRunWith is importRun with stdin.
func importRunWith(t *testing.T, vars map[string]string, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = run(t.Context(), args, env(vars), strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), err
}

func readFile(t *testing.T, path string) importer.File {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	var f importer.File
	require.NoError(t, json.Unmarshal(data, &f))
	return f
}

// An account set up by hand becomes an import file: every object of the account, with the IDs
// the provider's import takes and names every language accepts; nothing of the other account,
// no zone without configuration, no secret, and only reads.
func TestImportFileOfAHandMadeAccount(t *testing.T) {
	t.Parallel()
	s := emulatortest.Start(t, emulator.Options{Accounts: []string{emulator.DemoAccountID, otherAccount}})
	h := s.SeedHandMade(t)
	acct := h.Account + "/"
	want := []importer.Resource{
		{Type: "cloudflare-secondary-dns:index:Tsig", Name: "tsig_notify_example_com", ID: acct + h.Keys[1].ID},
		{Type: "cloudflare-secondary-dns:index:Tsig", Name: "tsig_transfer_example_com", ID: acct + h.Keys[0].ID},
		{Type: "cloudflare-secondary-dns:index:Peer", Name: "peer_ns1_primary", ID: acct + h.Peers[0].ID},
		{Type: "cloudflare-secondary-dns:index:Peer", Name: "peer_ns1_primary_2", ID: acct + h.Peers[1].ID},
		{Type: "cloudflare-secondary-dns:index:Peer", Name: "peer_secondary", ID: acct + h.Peers[2].ID},
		{Type: "cloudflare-secondary-dns:index:Acl", Name: "acl_secondaries", ID: acct + h.ACL.ID},
		{Type: "cloudflare-secondary-dns:index:IncomingTransfer", Name: "incoming_a_example_com", ID: h.Incoming[0].ID},
		{Type: "cloudflare-secondary-dns:index:IncomingTransfer", Name: "incoming_b_example_com", ID: h.Incoming[1].ID},
		{Type: "cloudflare-secondary-dns:index:OutgoingTransfer", Name: "outgoing_example_net", ID: h.Outgoing[1].ID},
		{Type: "cloudflare-secondary-dns:index:OutgoingTransfer", Name: "outgoing_example_org", ID: h.Outgoing[0].ID},
	}
	path := filepath.Join(t.TempDir(), "import.json")
	stdout, stderr, err := importRun(t, tokenEnv(s), "--out", path)
	require.NoError(t, err, stderr)
	assert.Empty(t, stdout)
	assert.Equal(t, want, readFile(t, path).Resources)
	assert.Contains(t, stderr, "zones read: 5/5\n")
	assert.Contains(t, stderr, "2 Tsig, 3 Peer, 1 Acl, 2 IncomingTransfer, 2 OutgoingTransfer; 5 zones read, 1 without a transfer configuration (left out)")

	data, err := os.ReadFile(path)
	require.NoError(t, err)
	for _, k := range h.Keys {
		assert.NotContains(t, string(data), k.Secret, "no TSIG secret in the import file")
	}
	for _, id := range append(h.OtherIDs, h.Bare.ID) {
		assert.NotContains(t, string(data), id)
	}
	for _, r := range s.Requests() {
		assert.Equal(t, http.MethodGet, r.Method, "the command only reads: %s %s", r.Method, r.Path)
	}
	// One listing of each kind and of the zones (one page), and one read per zone.
	assert.Len(t, s.Requests(), 4+5)

	// Again, to stdout, with the account from the flag: the same file, byte for byte.
	vars := tokenEnv(s)
	delete(vars, "CLOUDFLARE_ACCOUNT_ID")
	again, _, err := importRun(t, vars, "--account", h.Account)
	require.NoError(t, err)
	assert.Equal(t, string(data), again)

	// --zone limits the zones read; the account's objects are all listed still.
	one, _, err := importRun(t, tokenEnv(s), "--zone", "example.net.", "--zone", "a.example.com")
	require.NoError(t, err)
	var limited importer.File
	require.NoError(t, json.Unmarshal([]byte(one), &limited))
	assert.Equal(t, []importer.Resource{want[0], want[1], want[2], want[3], want[4], want[5], want[6], want[8]}, limited.Resources)
}

// Zones come 50 a page: every page is read, and every zone's configuration once.
func TestZonesOfEveryPage(t *testing.T) {
	t.Parallel()
	s := emulatortest.Start(t, emulator.Options{})
	const zones = 120 // three pages of up to 50
	for i := range zones {
		id := s.CreateZone(t, fmt.Sprintf("z%03d.example.com", i), emulator.ZoneFull)
		require.True(t, s.PutOutgoing(id, emulator.Outgoing{Name: fmt.Sprintf("z%03d.example.com.", i), Peers: []string{}}))
	}
	out, stderr, err := importRun(t, tokenEnv(s))
	require.NoError(t, err)
	var f importer.File
	require.NoError(t, json.Unmarshal([]byte(out), &f))
	require.Len(t, f.Resources, zones)
	assert.Equal(t, "outgoing_z000_example_com", f.Resources[0].Name)
	assert.Equal(t, "outgoing_z119_example_com", f.Resources[zones-1].Name)
	var listings int
	for _, r := range s.Requests() {
		if strings.HasSuffix(r.Path, "/zones") {
			listings++
		}
	}
	assert.Equal(t, 3, listings, "zones are listed 50 a page")
	assert.Len(t, s.Requests(), 3+listings+zones)
	assert.Contains(t, stderr, "zones read: 6/120\n")
	assert.Contains(t, stderr, "zones read: 120/120\n")
}

// Refusals end the run with one line that says what to fix, before any file is written, and
// never with the credentials in it.
func TestRefusalsSayWhatToFix(t *testing.T) {
	t.Parallel()
	s := emulatortest.Start(t, emulator.Options{})
	// Cloudflare answers 401 to credentials it cannot read, and 403 when the token lacks a
	// permission: the emulator, behind a stand-in that refuses so.
	refusing := func(status, code int, path string) string {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if strings.Contains(r.URL.Path, path) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(status)
				fmt.Fprintf(w, `{"success":false,"errors":[{"code":%d,"message":"refused"}],"messages":[],"result":null}`, code)
				return
			}
			s.ServeHTTP(w, r)
		}))
		t.Cleanup(srv.Close)
		return srv.URL + emulator.BasePath
	}
	unauthorized := refusing(http.StatusUnauthorized, 6003, "/")
	noZoneRead := refusing(http.StatusForbidden, 10000, "/zones")
	base := tokenEnv(s)
	with := func(changes map[string]string) map[string]string {
		out := map[string]string{}
		for k, v := range base {
			out[k] = v
		}
		for k, v := range changes {
			if v == "" {
				delete(out, k)
			} else {
				out[k] = v
			}
		}
		return out
	}
	tests := []struct {
		name string
		vars map[string]string
		want []string
	}{
		{"token Cloudflare does not accept", with(map[string]string{"CLOUDFLARE_API_TOKEN": "not-a-token-it-knows"}),
			[]string{"listing Tsigs in account " + s.AccountID, "Cloudflare answered 403", `needs the "Account Settings Read" permission`}},
		{"credentials Cloudflare cannot read", with(map[string]string{"CLOUDFLARE_BASE_URL": unauthorized}),
			[]string{"Cloudflare answered 401", "check apiToken (CLOUDFLARE_API_TOKEN)"}},
		{"no permission to read zones", with(map[string]string{"CLOUDFLARE_BASE_URL": noZoneRead}),
			[]string{"listing Zones in account " + s.AccountID, `needs the "Zone Read" permission`}},
		{"unknown account", with(map[string]string{"CLOUDFLARE_ACCOUNT_ID": otherAccount}),
			[]string{"in account " + otherAccount, "Cloudflare answered 403", "permission on account " + otherAccount}},
		{"no account", with(map[string]string{"CLOUDFLARE_ACCOUNT_ID": ""}), []string{"pass --account or set CLOUDFLARE_ACCOUNT_ID"}},
		{"malformed account", with(map[string]string{"CLOUDFLARE_ACCOUNT_ID": "acme"}), []string{`"acme" is not a Cloudflare account ID`}},
		{"no credentials", with(map[string]string{"CLOUDFLARE_API_TOKEN": ""}), []string{"no credentials: set apiToken (CLOUDFLARE_API_TOKEN)"}},
		{"email without key", with(map[string]string{"CLOUDFLARE_API_TOKEN": "", "CLOUDFLARE_EMAIL": "ops@example.com"}), []string{"email (CLOUDFLARE_EMAIL) is set without apiKey"}},
		{"token and key", with(map[string]string{"CLOUDFLARE_API_KEY": "a-key"}), []string{"not both"}},
		{"key without email", with(map[string]string{"CLOUDFLARE_API_TOKEN": "", "CLOUDFLARE_API_KEY": "a-key"}), []string{"needs email (CLOUDFLARE_EMAIL)"}},
		{"plain http to another host", with(map[string]string{"CLOUDFLARE_BASE_URL": "http://api.example.com/client/v4/"}),
			[]string{"CLOUDFLARE_BASE_URL", "plain http to a host that is not loopback"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "import.json")
			stdout, _, err := importRun(t, tt.vars, "--out", path)
			require.Error(t, err)
			line := err.Error()
			assert.NotContains(t, line, "\n", "one line")
			for _, w := range tt.want {
				assert.Contains(t, line, w)
			}
			for _, secret := range []string{tt.vars["CLOUDFLARE_API_TOKEN"], tt.vars["CLOUDFLARE_API_KEY"]} {
				if secret != "" {
					assert.NotContains(t, line, secret)
				}
			}
			assert.Empty(t, stdout)
			assert.NoFileExists(t, path)
		})
	}
}

// A run that fails part-way leaves the file it would have replaced as it was, and no
// temporary file beside it; a run that succeeds replaces it whole.
func TestImportFileIsWrittenAtomically(t *testing.T) {
	t.Parallel()
	s := emulatortest.Start(t, emulator.Options{})
	for i := range 3 {
		id := s.CreateZone(t, fmt.Sprintf("z%d.example.com", i), emulator.ZoneFull)
		require.True(t, s.PutOutgoing(id, emulator.Outgoing{Name: fmt.Sprintf("z%d.example.com.", i), Peers: []string{}}))
	}
	// The third zone's configuration is refused: the run stops after reading others.
	var reads atomic.Int32
	partWay := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasSuffix(r.URL.Path, "/secondary_dns/outgoing") && reads.Add(1) == 3 {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprint(w, `{"success":false,"errors":[{"code":10000,"message":"Authentication error"}],"messages":[],"result":null}`)
			return
		}
		s.ServeHTTP(w, r)
	}))
	t.Cleanup(partWay.Close)

	dir := t.TempDir()
	path := filepath.Join(dir, "import.json")
	require.NoError(t, os.WriteFile(path, []byte("the previous run's file\n"), 0o644))
	vars := tokenEnv(s)
	vars["CLOUDFLARE_BASE_URL"] = partWay.URL + emulator.BasePath
	_, _, err := importRun(t, vars, "--out", path)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "reading OutgoingTransfer in zone")
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, "the previous run's file\n", string(got))
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file left")

	_, _, err = importRun(t, tokenEnv(s), "--out", path)
	require.NoError(t, err)
	assert.Len(t, readFile(t, path).Resources, 3)
	entries, err = os.ReadDir(dir)
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary file left")
}

// A command line it cannot read is a usage error (exit status 2) before any request.
func TestUsage(t *testing.T) {
	t.Parallel()
	s := emulatortest.Start(t, emulator.Options{})
	for _, args := range [][]string{{"extra"}, {"--zone", ""}, {"--zone", "."}, {"--bogus"}} {
		_, stderr, err := importRun(t, tokenEnv(s), args...)
		assert.ErrorIs(t, err, errUsage, "%v", args)
		assert.Contains(t, stderr, "Usage: cloudflare-secondary-dns-import", "%v", args)
	}
	assert.Empty(t, s.Requests())

	out, _, err := importRun(t, nil, "--version")
	require.NoError(t, err)
	assert.Equal(t, provider.Version+"\n", out)
}
