// Package yamlcli runs the YAML example through the real Pulumi CLI, as a user types it:
// stack init, config set, up, preview --diff, refresh, stack output, destroy.
package yamlcli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/emulatortest"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/tests/engine"
)

func TestYAMLExampleThroughTheCLI(t *testing.T) {
	root, err := engine.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	// The zones the example finds by name: Cloudflare is the secondary of one, the primary of
	// the other (the config below names them, as a user would).
	emu := emulatortest.Start(t, emulator.Options{Zones: []emulator.ZoneSeed{
		{Name: "secondary.example", Type: emulator.ZoneSecondary},
		{Name: "primary.example", Type: emulator.ZoneFull},
	}})
	secZone, ok := emu.ZoneByName(emu.AccountID, "secondary.example")
	if !ok {
		t.Fatal("the emulator did not seed secondary.example")
	}
	primZone, ok := emu.ZoneByName(emu.AccountID, "primary.example")
	if !ok {
		t.Fatal("the emulator did not seed primary.example")
	}
	work := t.TempDir()
	program, err := os.ReadFile(filepath.Join(root, "examples", "yaml", "Pulumi.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(work, "Pulumi.yaml"), program, 0o600); err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	sh, err := engine.NewShell(ctx, root, t.TempDir(), work)
	if err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) string {
		t.Helper()
		out, err := sh.Run(ctx, args...)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(out, "from $PATH") || strings.Contains(out, "warning") {
			t.Errorf("pulumi %s printed a warning:\n%s", args[0], out)
		}
		return out
	}

	run("stack", "init", "dev")
	run("config", "set", "cloudflare-secondary-dns:baseUrl", emu.URL)
	run("config", "set", "cloudflare-secondary-dns:accountId", emu.AccountID)
	run("config", "set", "--secret", "cloudflare-secondary-dns:apiToken", emu.Token)
	run("config", "set", "aclRange", "198.51.100.0/24")
	run("config", "set", "secondaryZone", "secondary.example")
	run("config", "set", "primaryZone", "primary.example")
	run("config", "set", "--path", "axfrTriggers[0]", "2026-05-01")

	run("up", "--yes", "--skip-preview")
	keys, peers, acls := emu.TSIGs(emu.AccountID), emu.Peers(emu.AccountID), emu.ACLs(emu.AccountID)
	if len(keys) != 1 || len(peers) != 2 || len(acls) != 1 {
		t.Fatalf("after up: %d keys, %d peers, %d ACLs in Cloudflare, want a key, two peers and an ACL", len(keys), len(peers), len(acls))
	}
	peerIDs := map[string]string{}
	for _, p := range peers {
		peerIDs[p.Name] = p.ID
		if p.TSIGID == nil || *p.TSIGID != keys[0].ID {
			t.Errorf("after up: peer %s does not use the key %s", p.Name, keys[0].ID)
		}
	}
	if acls[0].IPRange != "198.51.100.0/24" {
		t.Errorf("after up: ACL %+v", acls[0])
	}
	in, ok := emu.Incoming(secZone.ID)
	if !ok || len(in.Peers) != 1 || in.Peers[0] != peerIDs["ns1-primary"] {
		t.Errorf("after up: incoming configuration of secondary.example %+v (present %v), want the primary peer", in, ok)
	}
	out, ok := emu.Outgoing(primZone.ID)
	if !ok || !out.Enabled || len(out.Peers) != 1 || out.Peers[0] != peerIDs["ns1-secondary"] {
		t.Errorf("after up: outgoing configuration of primary.example %+v (present %v), want enabled with the secondary peer", out, ok)
	}
	// A new configuration runs no trigger.
	if got := emu.ZoneActions(secZone.ID); got != (emulator.ZoneActions{}) {
		t.Errorf("after up: actions on secondary.example %+v, want none", got)
	}

	preview := run("preview", "--diff", "--expect-no-changes")
	if !strings.Contains(preview, "unchanged") {
		t.Errorf("preview after up:\n%s", preview)
	}
	run("refresh", "--yes", "--expect-no-changes")

	var outputs map[string]any
	if err := json.Unmarshal([]byte(run("stack", "output", "--show-secrets", "--json")), &outputs); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"tsigId": keys[0].ID, "peerId": peerIDs["ns1-primary"], "secondaryPeerId": peerIDs["ns1-secondary"], "aclId": acls[0].ID,
		"secondaryZoneId": secZone.ID, "primaryZoneId": primZone.ID, "outgoingEnabled": true, "tsigSecret": keys[0].Secret,
	}
	if diff := cmp.Diff(want, outputs); diff != "" {
		t.Errorf("stack outputs (-want +got):\n%s", diff)
	}

	// A trigger changed as a user types it forces one AXFR.
	run("config", "set", "--path", "axfrTriggers[0]", "2026-05-02")
	run("up", "--yes", "--skip-preview")
	if got := emu.ZoneActions(secZone.ID); got != (emulator.ZoneActions{ForceAXFR: 1}) {
		t.Errorf("after a new axfrTriggers: actions on secondary.example %+v, want one force AXFR", got)
	}
	hidden := run("stack", "output", "tsigSecret")
	if strings.Contains(hidden, keys[0].Secret) {
		t.Error("tsigSecret is shown without --show-secrets")
	}

	run("destroy", "--yes", "--skip-preview")
	if n := len(emu.TSIGs(emu.AccountID)) + len(emu.Peers(emu.AccountID)) + len(emu.ACLs(emu.AccountID)); n != 0 {
		t.Errorf("after destroy, Cloudflare still holds %d objects", n)
	}
	_, inLeft := emu.Incoming(secZone.ID)
	_, outLeft := emu.Outgoing(primZone.ID)
	if inLeft || outLeft {
		t.Errorf("after destroy, Cloudflare still holds an incoming (%v) or outgoing (%v) configuration", inLeft, outLeft)
	}
}
