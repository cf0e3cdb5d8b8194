package emulator

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

// A zone that Cloudflare serves and whose content the state file lacks starts, after a restart,
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
	require.Contains(t, again.ns.Contents(), z.ID)
	require.Equal(t, uint32(2099123200), again.ns.Serial(nsZoneOf(z)))

	require.True(t, again.DeleteZone(z.ID))
	require.NotContains(t, again.ns.Contents(), z.ID)
}
