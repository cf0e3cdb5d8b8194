// Package yamlcli runs the YAML example through the real Pulumi CLI, as a user types it:
// stack init, config set, up, preview --diff, refresh, stack output, destroy.
package yamlcli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/emulatortest"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/tests/engine"
)

func TestYAMLExampleThroughTheCLI(t *testing.T) {
	root, err := engine.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	emu := emulatortest.Start(t, emulator.Options{})
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

	run("up", "--yes", "--skip-preview")
	keys, peers, acls := emu.TSIGs(emu.AccountID), emu.Peers(emu.AccountID), emu.ACLs(emu.AccountID)
	if len(keys) != 1 || len(peers) != 1 || len(acls) != 1 {
		t.Fatalf("after up: %d keys, %d peers, %d ACLs in Cloudflare, want one of each", len(keys), len(peers), len(acls))
	}
	if acls[0].IPRange != "198.51.100.0/24" || peers[0].TSIGID == nil || *peers[0].TSIGID != keys[0].ID {
		t.Errorf("after up: ACL %+v, peer %+v, key %s", acls[0], peers[0], keys[0].ID)
	}

	preview := run("preview", "--diff", "--expect-no-changes")
	if !strings.Contains(preview, "unchanged") {
		t.Errorf("preview after up:\n%s", preview)
	}
	run("refresh", "--yes", "--expect-no-changes")

	var outputs map[string]string
	if err := json.Unmarshal([]byte(run("stack", "output", "--show-secrets", "--json")), &outputs); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"tsigId": keys[0].ID, "peerId": peers[0].ID, "aclId": acls[0].ID, "tsigSecret": keys[0].Secret}
	for name, value := range want {
		if outputs[name] != value {
			t.Errorf("output %s = %q, want %q", name, outputs[name], value)
		}
	}
	hidden := run("stack", "output", "tsigSecret")
	if strings.Contains(hidden, keys[0].Secret) {
		t.Error("tsigSecret is shown without --show-secrets")
	}

	run("destroy", "--yes", "--skip-preview")
	if n := len(emu.TSIGs(emu.AccountID)) + len(emu.Peers(emu.AccountID)) + len(emu.ACLs(emu.AccountID)); n != 0 {
		t.Errorf("after destroy, Cloudflare still holds %d objects", n)
	}
}
