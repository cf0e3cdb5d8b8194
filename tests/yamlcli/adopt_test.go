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

// adoption is one user's adoption of an account through the CLI, in a YAML project: the
// import command, then `pulumi import --file`, then the generated program.
type adoption struct {
	t       *testing.T
	emu     *emulatortest.Server
	sh      *engine.Shell
	binary  string
	work    string // the project
	scratch string // the Pulumi home and state
	secrets []string
}

// startAdoption makes an empty YAML project whose stack is configured for emu's account, and
// registers the TSIG secrets, which must never show in clear.
func startAdoption(t *testing.T, emu *emulatortest.Server, account string, secrets ...string) *adoption {
	t.Helper()
	root, err := engine.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	a := &adoption{t: t, emu: emu, binary: filepath.Join(root, "bin", importCommand), work: t.TempDir(), scratch: t.TempDir(), secrets: secrets}
	if _, err := os.Stat(a.binary); err != nil {
		t.Fatalf("bin/%s is missing: run `make importer` in %s", importCommand, root)
	}
	a.writeProgram("")
	if a.sh, err = engine.NewShell(t.Context(), root, a.scratch, a.work); err != nil {
		t.Fatal(err)
	}
	a.sh.Secret(emu.Token)
	a.sh.Secret(secrets...)
	a.pulumi("stack", "init", "dev")
	a.pulumi("config", "set", "cloudflare-secondary-dns:baseUrl", emu.URL)
	a.pulumi("config", "set", "cloudflare-secondary-dns:accountId", account)
	a.pulumi("config", "set", "--secret", "cloudflare-secondary-dns:apiToken", emu.Token)
	return a
}

func (a *adoption) pulumi(args ...string) string {
	a.t.Helper()
	out, err := a.sh.Run(a.t.Context(), args...)
	if err != nil {
		a.t.Fatal(err)
	}
	return out
}

// writeProgram makes resources (YAML) the project's program.
func (a *adoption) writeProgram(resources string) {
	a.t.Helper()
	if err := os.WriteFile(filepath.Join(a.work, "Pulumi.yaml"), []byte("name: adopted\nruntime: yaml\n"+resources), 0o600); err != nil {
		a.t.Fatal(err)
	}
}

// noneInClear fails the test where a TSIG secret shows in text.
func (a *adoption) noneInClear(what, text string) {
	a.t.Helper()
	for _, s := range a.secrets {
		if strings.Contains(text, s) {
			a.t.Errorf("a TSIG secret shows in clear in %s", what)
		}
	}
}

// onlyReads fails the test for any request since the last check that was not a GET.
func (a *adoption) onlyReads(step string) {
	a.t.Helper()
	for _, r := range a.emu.Requests() {
		if r.Method != http.MethodGet {
			a.t.Errorf("%s wrote to Cloudflare: %s %s", step, r.Method, r.Path)
		}
	}
	a.emu.ResetObservations()
}

// importFile is the import command as a user runs it, credentials in the environment; it
// returns the file's path and resources.
func (a *adoption) importFile(account string) (string, []struct{ Type, Name, ID string }) {
	a.t.Helper()
	path := filepath.Join(a.work, "import.json")
	cmd := exec.CommandContext(a.t.Context(), a.binary, "--out", path)
	cmd.Env = append(os.Environ(), "CLOUDFLARE_API_TOKEN="+a.emu.Token, "CLOUDFLARE_ACCOUNT_ID="+account, "CLOUDFLARE_BASE_URL="+a.emu.URL)
	if out, err := cmd.CombinedOutput(); err != nil {
		a.t.Fatalf("%s: %v\n%s", importCommand, err, a.sh.Redact(string(out)))
	}
	a.onlyReads(importCommand)
	data, err := os.ReadFile(path)
	if err != nil {
		a.t.Fatal(err)
	}
	a.noneInClear("the import file", string(data))
	var file struct {
		Resources []struct{ Type, Name, ID string } `json:"resources"`
	}
	if err := json.Unmarshal(data, &file); err != nil {
		a.t.Fatal(err)
	}
	return path, file.Resources
}

// pulumiImport imports the file and returns the program pulumi import wrote.
func (a *adoption) pulumiImport(importFile string) string {
	a.t.Helper()
	generated := filepath.Join(a.work, "generated.yaml")
	a.pulumi("import", "--file", importFile, "--yes", "--out", generated)
	a.onlyReads("pulumi import")
	code, err := os.ReadFile(generated)
	if err != nil {
		a.t.Fatal(err)
	}
	a.noneInClear("the generated program", string(code))
	return string(code)
}

// runAsGenerated makes the generated program the project's, and checks that it previews and
// runs with no change and no write.
func (a *adoption) runAsGenerated(program string) {
	a.t.Helper()
	a.writeProgram(program)
	a.pulumi("preview", "--expect-no-changes", "--diff")
	a.pulumi("up", "--yes", "--expect-no-changes")
	a.onlyReads("preview and up of the generated program")
	a.noneInClear("the state after up", a.pulumi("stack", "export"))
}

// An account set up by hand comes under Pulumi as docs/adopting-an-existing-account.md says:
// cloudflare-secondary-dns-import writes the import file, `pulumi import --file` imports every
// object and writes the program, and the program, run as generated, changes nothing. Nothing is
// written to Cloudflare, and no TSIG secret shows in clear in the import file, the program or the
// state.
func TestAdoptAnAccountThroughTheCLI(t *testing.T) {
	emu := emulatortest.Start(t, emulator.Options{Accounts: []string{emulator.DemoAccountID, "0123456789abcdef0123456789abcdef"}})
	h := emu.SeedHandMade(t)
	a := startAdoption(t, emu, h.Account, h.Keys[0].Secret, h.Keys[1].Secret)

	importFile, resources := a.importFile(h.Account)
	if len(resources) != 10 {
		t.Fatalf("the import file holds %d resources, want the account's 10: %v", len(resources), resources)
	}
	program := a.pulumiImport(importFile)
	checkGeneratedProgram(t, program, h)

	// Every object is in the state under the name the import file gave it, with Cloudflare's ID.
	exported := a.pulumi("stack", "export")
	a.noneInClear("the exported state", exported)
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
	for _, r := range resources {
		want := r.ID[strings.LastIndex(r.ID, "/")+1:]
		if got, ok := inState[r.Name]; !ok || got != want {
			t.Errorf("%s %s in state with ID %q (present %v), want %q", r.Type, r.Name, got, ok, want)
		}
	}
	if len(inState) != len(resources) {
		t.Errorf("the state holds %d of the provider's resources, want %d", len(inState), len(resources))
	}
	a.noneInClear("the state files", readTree(t, engine.StateDir(a.scratch)))

	a.runAsGenerated(program)
}

// Two objects with the same name in Cloudflare: as the adopting page says, pulumi import writes
// every reference as a literal ID, and the program still runs with no change.
func TestAdoptAnAccountWithDuplicateNames(t *testing.T) {
	emu := emulatortest.Start(t, emulator.Options{})
	key := emu.PutTSIG(emu.AccountID, emulator.TSIG{Name: "transfer.example.com.", Algo: "hmac-sha512.", Secret: emulatortest.RandomSecret(64)})
	var peers []string
	for _, ip := range []string{"192.0.2.53", "192.0.2.54"} {
		peers = append(peers, emu.PutPeer(emu.AccountID, emulator.Peer{Name: "ns1 primary", IP: &ip, TSIGID: &key.ID}).ID)
	}
	zone := emu.CreateZone(t, "example.com", emulator.ZoneSecondary)
	if !emu.PutIncoming(zone, emulator.Incoming{Name: "example.com.", Peers: peers, AutoRefreshSeconds: 86400}) {
		t.Fatal("seed the incoming configuration")
	}
	a := startAdoption(t, emu, emu.AccountID, key.Secret)

	importFile, resources := a.importFile(emu.AccountID)
	if len(resources) != 4 {
		t.Fatalf("the import file holds %d resources, want 4: %v", len(resources), resources)
	}
	program := a.pulumiImport(importFile)
	if strings.Contains(program, "${") || !strings.Contains(program, key.ID) || !strings.Contains(program, peers[0]) {
		t.Errorf("the generated program should hold literal IDs only:\n%s", program)
	}
	a.runAsGenerated(program)
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
