package yamlcli

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/emulatortest"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/tests/engine"
)

const importCommand = "cloudflare-secondary-dns-import"

// An account set up by hand comes under Pulumi as docs/adopting-an-existing-account.md says:
// cloudflare-secondary-dns-import writes the import file, `pulumi import --file` imports every
// object and writes the program, and the program, run as generated, changes nothing. Nothing is
// written to Cloudflare, and no TSIG secret shows in clear in the import file, the program or the
// state.
func TestAdoptAnAccountThroughTheCLI(t *testing.T) {
	root, err := engine.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	binary := filepath.Join(root, "bin", importCommand)
	if _, err := os.Stat(binary); err != nil {
		t.Fatalf("bin/%s is missing: run `make importer` in %s", importCommand, root)
	}
	emu := emulatortest.Start(t, emulator.Options{Accounts: []string{emulator.DemoAccountID, "0123456789abcdef0123456789abcdef"}})
	h := emu.SeedHandMade(t)

	work := t.TempDir()
	if err := os.WriteFile(filepath.Join(work, "Pulumi.yaml"), []byte("name: adopted\nruntime: yaml\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	ctx := t.Context()
	scratch := t.TempDir()
	sh, err := engine.NewShell(ctx, root, scratch, work)
	if err != nil {
		t.Fatal(err)
	}
	sh.Secret(emu.Token)
	var secrets []string
	for _, k := range h.Keys {
		secrets = append(secrets, k.Secret)
	}
	sh.Secret(secrets...)
	run := func(args ...string) string {
		t.Helper()
		out, err := sh.Run(ctx, args...)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	// noneInClear fails the test where a TSIG secret shows in text.
	noneInClear := func(what, text string) {
		t.Helper()
		for _, s := range secrets {
			if strings.Contains(text, s) {
				t.Errorf("a TSIG secret shows in clear in %s", what)
			}
		}
	}
	// onlyReads fails the test for any request since the last check that was not a GET.
	onlyReads := func(step string) {
		t.Helper()
		for _, r := range emu.Requests() {
			if r.Method != http.MethodGet {
				t.Errorf("%s wrote to Cloudflare: %s %s", step, r.Method, r.Path)
			}
		}
		emu.ResetObservations()
	}

	// The command, as a user runs it: credentials in the environment.
	importFile := filepath.Join(work, "import.json")
	cmd := exec.CommandContext(ctx, binary, "--out", importFile)
	cmd.Env = append(os.Environ(), "CLOUDFLARE_API_TOKEN="+emu.Token, "CLOUDFLARE_ACCOUNT_ID="+h.Account, "CLOUDFLARE_BASE_URL="+emu.URL)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", importCommand, err, sh.Redact(string(out)))
	}
	onlyReads(importCommand)
	data, err := os.ReadFile(importFile)
	if err != nil {
		t.Fatal(err)
	}
	noneInClear("the import file", string(data))
	var file struct {
		Resources []struct{ Type, Name, ID string } `json:"resources"`
	}
	if err := json.Unmarshal(data, &file); err != nil {
		t.Fatal(err)
	}
	if len(file.Resources) != 10 {
		t.Fatalf("the import file holds %d resources, want the account's 10:\n%s", len(file.Resources), data)
	}

	run("stack", "init", "dev")
	run("config", "set", "cloudflare-secondary-dns:baseUrl", emu.URL)
	run("config", "set", "cloudflare-secondary-dns:accountId", h.Account)
	run("config", "set", "--secret", "cloudflare-secondary-dns:apiToken", emu.Token)

	generated := filepath.Join(work, "generated.yaml")
	run("import", "--file", importFile, "--yes", "--out", generated)
	onlyReads("pulumi import")
	code, err := os.ReadFile(generated)
	if err != nil {
		t.Fatal(err)
	}
	program := string(code)
	noneInClear("the generated program", program)
	checkGeneratedProgram(t, program, h)

	// Every object is in the state under the name the import file gave it, with Cloudflare's ID.
	exported := run("stack", "export")
	noneInClear("the exported state", exported)
	var deployment struct {
		Deployment struct {
			Resources []struct {
				URN, ID string
				Type    string `json:"type"`
			} `json:"resources"`
		} `json:"deployment"`
	}
	if err := json.Unmarshal([]byte(exported), &deployment); err != nil {
		t.Fatal(err)
	}
	inState := map[string]string{}
	for _, r := range deployment.Deployment.Resources {
		if strings.HasPrefix(r.Type, "cloudflare-secondary-dns:index:") {
			inState[r.URN[strings.LastIndex(r.URN, "::")+2:]] = r.ID
		}
	}
	for _, r := range file.Resources {
		want := r.ID[strings.LastIndex(r.ID, "/")+1:]
		if got, ok := inState[r.Name]; !ok || got != want {
			t.Errorf("%s %s in state with ID %q (present %v), want %q", r.Type, r.Name, got, ok, want)
		}
	}
	if len(inState) != len(file.Resources) {
		t.Errorf("the state holds %d of the provider's resources, want %d", len(inState), len(file.Resources))
	}
	noneInClear("the state files", readTree(t, engine.StateDir(scratch)))

	// The generated program is the project's program: it previews, and runs, with no change.
	project := "name: adopted\nruntime: yaml\n" + program
	if err := os.WriteFile(filepath.Join(work, "Pulumi.yaml"), []byte(project), 0o600); err != nil {
		t.Fatal(err)
	}
	run("preview", "--expect-no-changes", "--diff")
	run("up", "--yes", "--expect-no-changes")
	onlyReads("preview and up of the generated program")
	noneInClear("the state after up", run("stack", "export"))
}

// checkGeneratedProgram checks what `pulumi import` wrote: references instead of literal IDs
// for keys and peers, enabled as Cloudflare has it, and no triggers.
func checkGeneratedProgram(t *testing.T, program string, h emulatortest.HandMade) {
	t.Helper()
	for _, k := range h.Keys {
		if strings.Contains(program, k.ID) {
			t.Errorf("the program holds key %s's ID as a literal, not a reference", k.Name)
		}
	}
	for _, p := range h.Peers {
		if strings.Contains(program, p.ID) {
			t.Errorf("the program holds peer %q's ID as a literal, not a reference", p.Name)
		}
	}
	if strings.Contains(program, "triggers") {
		t.Error("the program sets triggers")
	}
	var parsed struct {
		Resources map[string]struct {
			Type       string         `yaml:"type"`
			Properties map[string]any `yaml:"properties"`
		} `yaml:"resources"`
	}
	if err := yaml.Unmarshal([]byte(program), &parsed); err != nil {
		t.Fatalf("the generated program is not YAML: %v\n%s", err, program)
	}
	refs := regexp.MustCompile(`^\$\{[a-z0-9_]+\.id\}$`)
	for name, want := range map[string]string{
		"peer_ns1_primary": "tsigId", "peer_ns1_primary_2": "tsigId", "peer_secondary": "tsigId",
	} {
		got := fmt.Sprint(parsed.Resources[name].Properties[want])
		if !refs.MatchString(got) {
			t.Errorf("%s's %s is %q, want a reference to its key", name, want, got)
		}
	}
	for _, name := range []string{"incoming_a_example_com", "incoming_b_example_com", "outgoing_example_org", "outgoing_example_net"} {
		peers, _ := parsed.Resources[name].Properties["peers"].([]any)
		if len(peers) != 1 || !refs.MatchString(fmt.Sprint(peers[0])) {
			t.Errorf("%s's peers are %v, want one reference to a peer", name, parsed.Resources[name].Properties["peers"])
		}
	}
	for name, want := range map[string]bool{"outgoing_example_org": true, "outgoing_example_net": false} {
		if got := parsed.Resources[name].Properties["enabled"]; got != want {
			t.Errorf("%s's enabled is %v, want %v as in Cloudflare", name, got, want)
		}
	}
	if _, ok := parsed.Resources["outgoing_bare_example_com"]; ok {
		t.Error("the zone without configuration was imported")
	}
}

// readTree returns the contents of every file under dir, concatenated.
func readTree(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		b.Write(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}
