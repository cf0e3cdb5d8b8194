package emulator_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
)

func ptr[T any](v T) *T { return &v }

func TestStoreHooks(t *testing.T) {
	t.Parallel()
	e, err := emulator.New(emulator.Options{})
	require.NoError(t, err)
	acct := emulator.DemoAccountID

	a := e.PutTSIG(acct, emulator.TSIG{Name: "a", Algo: "hmac-sha512.", Secret: "cw=="})
	assert.Regexp(t, idFormat, a.ID)
	b := e.PutTSIG(acct, emulator.TSIG{ID: "0123456789abcdef0123456789abcdef", Name: "b", Algo: "hmac-sha1.", Secret: "cw=="})
	assert.Equal(t, "0123456789abcdef0123456789abcdef", b.ID, "a given ID is kept")
	a.Secret = "bmV3"
	e.PutTSIG(acct, a)
	assert.Equal(t, []emulator.TSIG{a, b}, e.TSIGs(acct), "replaced in place, in creation order")
	got, ok := e.GetTSIG(acct, a.ID)
	assert.True(t, ok)
	assert.Equal(t, a, got)
	assert.True(t, e.DeleteTSIG(acct, a.ID))
	assert.False(t, e.DeleteTSIG(acct, a.ID))
	_, ok = e.GetTSIG(acct, a.ID)
	assert.False(t, ok)
	assert.Empty(t, e.TSIGs("ffffffffffffffffffffffffffffffff"))

	p := e.PutPeer(acct, emulator.Peer{Name: "p", IP: ptr("192.0.2.1"), Port: ptr(53.0), IxfrEnable: ptr(true), TSIGID: &b.ID})
	assert.Regexp(t, idFormat, p.ID)
	got2, ok := e.GetPeer(acct, p.ID)
	require.True(t, ok)
	assert.Equal(t, p, got2)
	*got2.IP = "changed by the caller"
	again, _ := e.GetPeer(acct, p.ID)
	assert.Equal(t, "192.0.2.1", *again.IP, "callers get copies")
	e.PutPeer(acct, emulator.Peer{ID: p.ID, Name: "q"})
	assert.Equal(t, []emulator.Peer{{ID: p.ID, Name: "q"}}, e.Peers(acct))
	assert.True(t, e.DeletePeer(acct, p.ID))
	assert.False(t, e.DeletePeer(acct, p.ID))
	assert.Empty(t, e.Peers(acct))
}

func TestSaveAndLoad(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "state.json")
	e, err := emulator.New(emulator.Options{StatePath: path})
	require.NoError(t, err)
	acct := emulator.DemoAccountID
	tsig := e.PutTSIG(acct, emulator.TSIG{Name: "a", Algo: "hmac-sha512.", Secret: "cw=="})
	peer := e.PutPeer(acct, emulator.Peer{Name: "p", Port: ptr(53.0), IxfrEnable: ptr(false)})
	require.NoError(t, e.Save())

	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "the state holds secrets")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.True(t, json.Valid(data))
	entries, err := os.ReadDir(filepath.Dir(path))
	require.NoError(t, err)
	assert.Len(t, entries, 1, "no temporary files left behind")

	again, err := emulator.New(emulator.Options{StatePath: path})
	require.NoError(t, err)
	assert.Equal(t, []emulator.TSIG{tsig}, again.TSIGs(acct))
	assert.Equal(t, []emulator.Peer{peer}, again.Peers(acct))
}

func TestWritesAreSaved(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "state.json")
	e, err := emulator.New(emulator.Options{StatePath: path})
	require.NoError(t, err)
	tsig := e.PutTSIG(emulator.DemoAccountID, emulator.TSIG{Name: "a", Algo: "hmac-sha512.", Secret: "cw=="})

	again, err := emulator.New(emulator.Options{StatePath: path})
	require.NoError(t, err)
	assert.Equal(t, []emulator.TSIG{tsig}, again.TSIGs(emulator.DemoAccountID))
}

func TestLoadErrors(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	e, err := emulator.New(emulator.Options{StatePath: filepath.Join(dir, "missing.json")})
	require.NoError(t, err, "a missing state file is an empty store")
	assert.Empty(t, e.TSIGs(emulator.DemoAccountID))

	bad := filepath.Join(dir, "bad.json")
	require.NoError(t, os.WriteFile(bad, []byte("not json"), 0o600))
	_, err = emulator.New(emulator.Options{StatePath: bad})
	assert.ErrorContains(t, err, bad)

	e, err = emulator.New(emulator.Options{StatePath: filepath.Join(dir, "no-such-dir", "state.json")})
	require.NoError(t, err)
	assert.Error(t, e.Save())
}

func TestSaveWithoutStatePath(t *testing.T) {
	t.Parallel()
	e, err := emulator.New(emulator.Options{})
	require.NoError(t, err)
	assert.NoError(t, e.Save())
}

// An account that has peers but has never had a key lists its keys as [], not null: clients
// that check the envelope (as the provider does) refuse a null result.
func TestEmptyListsAreNeverNull(t *testing.T) {
	t.Parallel()
	e, err := emulator.New(emulator.Options{})
	require.NoError(t, err)
	e.PutPeer(emulator.DemoAccountID, emulator.Peer{Name: "p"})
	const empty = "ffffffffffffffffffffffffffffffff" // an account the emulator holds nothing for
	for _, list := range []any{e.TSIGs(emulator.DemoAccountID), e.TSIGs(empty), e.Peers(empty)} {
		got, err := json.Marshal(list)
		require.NoError(t, err)
		assert.Equal(t, "[]", string(got))
	}
}

// A state file written before the store was generic loads as it did.
func TestLoadsEarlierStateFiles(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "state.json")
	require.NoError(t, os.WriteFile(path, []byte(`{"accounts": {
		"`+emulator.DemoAccountID+`": {
			"tsigs": [{"id": "0123456789abcdef0123456789abcdef", "name": "k.", "algo": "hmac-sha512.", "secret": "cw=="}],
			"peers": [{"id": "fedcba9876543210fedcba9876543210", "name": "p", "port": 53}, {"id": "00000000000000000000000000000001", "name": "q"}]
		},
		"`+otherAccount+`": {"tsigs": null, "peers": null}
	}}`), 0o600))
	e, err := emulator.New(emulator.Options{StatePath: path})
	require.NoError(t, err)
	assert.Equal(t, []emulator.TSIG{{ID: "0123456789abcdef0123456789abcdef", Name: "k.", Algo: "hmac-sha512.", Secret: "cw=="}},
		e.TSIGs(emulator.DemoAccountID))
	assert.Equal(t, []emulator.Peer{{ID: "fedcba9876543210fedcba9876543210", Name: "p", Port: ptr(53.0)}, {ID: "00000000000000000000000000000001", Name: "q"}},
		e.Peers(emulator.DemoAccountID), "in the file's order")
	assert.Empty(t, e.Peers(otherAccount))
}
