package emulator

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// Zone content is not in the state file: after a restart, a zone that Cloudflare serves starts
// past the serial its outgoing configuration reported, never below what secondaries hold; and a
// deleted zone's content is forgotten.
func TestRestartResumesPastTheReportedSerial(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "state.json")
	first, err := New(Options{StatePath: path})
	require.NoError(t, err)
	z, err := first.AddZone("resume.example", ZoneFull, DemoAccountID)
	require.NoError(t, err)
	require.True(t, first.PutOutgoing(z.ID, Outgoing{Name: "resume.example.", Peers: []string{}, SOASerial: 2099123199}))
	require.NoError(t, first.Close())

	again, err := New(Options{StatePath: path})
	require.NoError(t, err)
	t.Cleanup(func() { _ = again.Close() })
	require.True(t, again.ns.Holds(z.ID))
	require.Equal(t, uint32(2099123200), again.ns.Serial(nsZoneOf(z)))

	require.True(t, again.DeleteZone(z.ID))
	require.False(t, again.ns.Holds(z.ID))
}
