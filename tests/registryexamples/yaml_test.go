// Package registryexamples runs the registry examples' YAML programs (generated from
// examples/registry/<page>/<name>.pp by `make codegen`) through the real CLI and the YAML
// language host, each against an emulator of its own, several at once: stack init, config
// set, up, stack output, destroy. The emulator starts from account.json: the objects and zones
// the reading examples look up (stack.json gives their IDs as the examples' configuration).
// The TypeScript and Python programs run the same way from tests/nodejs and tests/python.
package registryexamples

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gopkg.in/yaml.v3"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/emulatortest"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/tests/engine"
)

// stackFixture is stack.json: the fixture's account and the configuration the examples read.
type stackFixture struct {
	AccountID string            `json:"accountId"`
	Config    map[string]string `json:"config"`
}

func TestYAMLExamplesThroughTheCLI(t *testing.T) {
	root, err := engine.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	var fixture stackFixture
	readJSON(t, "stack.json", &fixture)
	var state struct {
		Accounts map[string]json.RawMessage `json:"accounts"`
	}
	readJSON(t, "account.json", &state)
	var seeded map[string]any
	if err := json.Unmarshal(state.Accounts[fixture.AccountID], &seeded); err != nil {
		t.Fatal(err)
	}

	programs, err := filepath.Glob(filepath.Join(root, "examples", "registry", "*", "*", "Main.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(programs) < 15 {
		t.Fatalf("found %d examples, want one or more for each of the 15 pages", len(programs))
	}
	for _, program := range programs {
		name := filepath.Base(filepath.Dir(filepath.Dir(program))) + "/" + filepath.Base(filepath.Dir(program))
		t.Run(name+" (yaml)", func(t *testing.T) {
			t.Parallel()
			runExample(t, root, program, fixture, seeded)
		})
	}
}

func runExample(t *testing.T, root, program string, fixture stackFixture, seeded map[string]any) {
	statePath := filepath.Join(t.TempDir(), "emulator.json")
	copyFile(t, "account.json", statePath)
	emu := emulatortest.Start(t, emulator.Options{StatePath: statePath, Accounts: []string{fixture.AccountID}})

	// A project of the program as generated, beside a Pulumi.yaml that names it.
	work := t.TempDir()
	copyFile(t, program, filepath.Join(work, "Main.yaml"))
	if err := os.WriteFile(filepath.Join(work, "Pulumi.yaml"), []byte("name: registry-example\nruntime: yaml\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	var declared struct {
		Configuration map[string]any `yaml:"configuration"`
	}
	text, err := os.ReadFile(program)
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(text, &declared); err != nil {
		t.Fatal(err)
	}

	ctx := t.Context()
	sh, err := engine.NewShell(ctx, root, t.TempDir(), work)
	if err != nil {
		t.Fatal(err)
	}
	tsigSecret := emulatortest.RandomSecret(64)
	sh.Secret(emu.Token, tsigSecret)
	run := func(args ...string) string {
		t.Helper()
		out, err := sh.Run(ctx, args...)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	run("stack", "init", "dev")
	run("config", "set", "cloudflare-secondary-dns:baseUrl", emu.URL)
	run("config", "set", "cloudflare-secondary-dns:accountId", fixture.AccountID)
	run("config", "set", "--secret", "cloudflare-secondary-dns:apiToken", emu.Token)
	for key := range declared.Configuration {
		if key == "tsigSecret" {
			run("config", "set", "--secret", key, tsigSecret)
			continue
		}
		value, ok := fixture.Config[key]
		if !ok {
			t.Fatalf("the example reads %s, which stack.json does not give", key)
		}
		run("config", "set", key, value)
	}

	run("up", "--yes", "--skip-preview")
	var outputs map[string]any
	if err := json.Unmarshal([]byte(run("stack", "output", "--json")), &outputs); err != nil {
		t.Fatal(err)
	}
	if len(outputs) == 0 {
		t.Error("the program exports nothing")
	}
	for name, value := range outputs {
		if value == nil {
			t.Errorf("output %s has no value", name)
		}
	}

	run("destroy", "--yes", "--skip-preview")
	// The account is as the fixture seeded it: nothing the example made is left.
	got := map[string]any{}
	for key, objects := range map[string]any{
		"tsigs": emu.TSIGs(fixture.AccountID), "peers": emu.Peers(fixture.AccountID), "acls": emu.ACLs(fixture.AccountID),
	} {
		data, err := json.Marshal(objects)
		if err != nil {
			t.Fatal(err)
		}
		var decoded any
		if err := json.Unmarshal(data, &decoded); err != nil {
			t.Fatal(err)
		}
		got[key] = decoded
	}
	if diff := cmp.Diff(seeded, got); diff != "" {
		t.Errorf("after destroy, the account differs from the fixture (-want +got):\n%s", diff)
	}
	for zone, configured := range map[string]func(string) bool{
		"example.com": func(id string) bool { _, ok := emu.Incoming(id); return ok },
		"example.net": func(id string) bool { _, ok := emu.Outgoing(id); return ok },
	} {
		z, ok := emu.ZoneByName(fixture.AccountID, zone)
		if !ok {
			t.Fatalf("the fixture has no zone %s", zone)
		}
		if configured(z.ID) {
			t.Errorf("after destroy, %s keeps its transfer configuration", zone)
		}
	}
}

func readJSON(t *testing.T, name string, v any) {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o600); err != nil {
		t.Fatal(err)
	}
}
