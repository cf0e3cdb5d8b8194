package tests_test

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/common/resource"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/emulatortest"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/tests/engine"
)

const (
	tsigType     = "cloudflare-secondary-dns:index:Tsig"
	peerType     = "cloudflare-secondary-dns:index:Peer"
	aclType      = "cloudflare-secondary-dns:index:Acl"
	incomingType = "cloudflare-secondary-dns:index:IncomingTransfer"
	outgoingType = "cloudflare-secondary-dns:index:OutgoingTransfer"
)

// exampleResources are the example's resources, by name, with their types.
var exampleResources = map[string]string{
	"transferKey": tsigType,
	"primary":     peerType,
	"incoming":    incomingType,
	"secondary":   peerType,
	"secondaries": aclType,
	"outgoing":    outgoingType,
}

// The zones the example finds by name (its defaults): Cloudflare is the secondary of
// secondaryZone and the primary of primaryZone.
const (
	secondaryZone = "example.com"
	primaryZone   = "example.net"
)

// exampleZones seed the emulator with the example's zones, of the types their transfers need.
var exampleZones = []emulator.ZoneSeed{
	{Name: secondaryZone, Type: emulator.ZoneSecondary},
	{Name: primaryZone, Type: emulator.ZoneFull},
}

// newStack serves a fresh emulator holding the example's zones and creates a hermetic stack that
// runs program against it, everything under the test's own temporary directory. It returns the
// stack, the emulator and the directory of the stack's stored state.
func newStack(t *testing.T, name string, program pulumi.RunFunc) (auto.Stack, *emulatortest.Server, string) {
	t.Helper()
	root, err := engine.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	srv := emulatortest.Start(t, emulator.Options{Zones: exampleZones})
	dir := t.TempDir()
	stack, err := engine.NewStack(t.Context(), engine.Stack{
		Root:    root,
		Dir:     dir,
		Name:    name,
		Program: program,
		Provider: engine.Provider{
			BaseURL:   srv.URL,
			APIToken:  srv.Token,
			AccountID: srv.AccountID,
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return stack, srv, engine.StateDir(dir)
}

// wantChanges checks the resource changes an operation's summary counts, e.g. {"create": 3}.
func wantChanges(t *testing.T, what string, s auto.UpdateSummary, want map[string]int) {
	t.Helper()
	if s.ResourceChanges == nil {
		t.Fatalf("%s: the summary counts no resource changes (result %q)", what, s.Result)
	}
	if got := *s.ResourceChanges; !maps.Equal(got, want) {
		t.Errorf("%s: resource changes %v, want %v", what, got, want)
	}
}

// zoneID is the ID of a zone the emulator holds in its first account.
func zoneID(t *testing.T, srv *emulatortest.Server, name string) string {
	t.Helper()
	z, ok := srv.ZoneByName(srv.AccountID, name)
	if !ok {
		t.Fatalf("the emulator holds no zone %s", name)
	}
	return z.ID
}

// isExample reports whether a resource of the given URN is one of the example's, and its name.
func isExample(urn, typ string) (string, bool) {
	name := resource.URN(urn).Name()
	return name, exampleResources[name] == typ
}

// previewAll previews an update and returns its change summary and the planned step of each
// resource, by resource name.
func previewAll(t *testing.T, stack auto.Stack) (map[apitype.OpType]int, map[string]apitype.StepEventMetadata) {
	t.Helper()
	evs := make(chan events.EngineEvent)
	steps := map[string]apitype.StepEventMetadata{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for ev := range evs {
			if pre := ev.ResourcePreEvent; pre != nil {
				steps[resource.URN(pre.Metadata.URN).Name()] = pre.Metadata
			}
		}
	}()
	res, err := stack.Preview(t.Context(), optpreview.EventStreams(evs))
	<-done
	if err != nil {
		t.Fatalf("preview: %v", err)
	}
	return res.ChangeSummary, steps
}

// previewSteps previews an update and returns its change summary and the planned step of each
// of the example's resources, by resource name; it fails unless every one has a step.
func previewSteps(t *testing.T, stack auto.Stack) (map[apitype.OpType]int, map[string]apitype.StepEventMetadata) {
	t.Helper()
	summary, all := previewAll(t, stack)
	steps := map[string]apitype.StepEventMetadata{}
	for name, step := range all {
		if exampleResources[name] == step.Type {
			steps[name] = step
		}
	}
	for name := range exampleResources {
		if _, ok := steps[name]; !ok {
			t.Fatalf("preview: no step for %s (steps %v)", name, slices.Sorted(maps.Keys(all)))
		}
	}
	return summary, steps
}

// wantOnly fails unless the preview plans an update of exactly the named resource, with the
// given diffs, and nothing else.
func wantOnly(t *testing.T, summary map[apitype.OpType]int, steps map[string]apitype.StepEventMetadata, name string, diffs ...string) {
	t.Helper()
	if want := map[apitype.OpType]int{apitype.OpSame: len(exampleResources), apitype.OpUpdate: 1}; !maps.Equal(summary, want) {
		t.Errorf("preview change summary %v, want %v", summary, want)
	}
	for n, step := range steps {
		switch {
		case n == name && (step.Op != apitype.OpUpdate || !slices.Equal(step.Diffs, diffs)):
			t.Errorf("preview of %s: %s with diffs %v, want update of %v", n, step.Op, step.Diffs, diffs)
		case n != name && step.Op != apitype.OpSame:
			t.Errorf("preview: %s %s, diffs %v; only %s changes", step.Op, n, step.Diffs, name)
		}
	}
}

// wantNoChange previews an update and fails unless it plans nothing for any resource.
func wantNoChange(t *testing.T, stack auto.Stack) {
	t.Helper()
	summary, steps := previewSteps(t, stack)
	if want := map[apitype.OpType]int{apitype.OpSame: len(exampleResources) + 1}; !maps.Equal(summary, want) {
		t.Errorf("preview change summary %v, want %v", summary, want)
	}
	for name, step := range steps {
		if step.Op != apitype.OpSame {
			t.Errorf("preview: %s %s, diffs %v", step.Op, name, step.Diffs)
		}
	}
}

// writesSince lists the requests other than GET the emulator served after the first `from`
// of its request log, as "METHOD path".
func writesSince(srv *emulatortest.Server, from int) []string {
	var out []string
	for _, r := range srv.Requests()[from:] {
		if r.Method != http.MethodGet {
			out = append(out, r.Method+" "+strings.TrimPrefix(r.Path, emulator.BasePath))
		}
	}
	return out
}

// stateResource is the part of a resource in an exported deployment that the tests read.
type stateResource struct {
	URN     string         `json:"urn"`
	Type    string         `json:"type"`
	ID      string         `json:"id"`
	Inputs  map[string]any `json:"inputs"`
	Outputs map[string]any `json:"outputs"`
}

// exportState exports the stack's state as it is stored, secrets encrypted, and returns it raw
// and decoded by resource name (the example's resources only: the provider and the stack
// resource excluded).
func exportState(t *testing.T, stack auto.Stack) (string, map[string]stateResource) {
	t.Helper()
	dep, err := stack.Export(t.Context())
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	var state struct {
		Resources []stateResource `json:"resources"`
	}
	if err := json.Unmarshal(dep.Deployment, &state); err != nil {
		t.Fatalf("decode exported state: %v", err)
	}
	byName := map[string]stateResource{}
	for _, r := range state.Resources {
		if name, ok := isExample(r.URN, r.Type); ok {
			byName[name] = r
		}
	}
	return string(dep.Deployment), byName
}

// secretSig marks a secret value in Pulumi state: {"<secretSig>": "1b47061264138c4ac30d75fd1eb44270",
// "ciphertext": ...} as stored, with "plaintext" instead when exported with secrets shown.
const secretSig = "4dabf18193072939515e22adb298388d"

// assertSecretsKept fails when a secret appears in plaintext in the stored state, or anywhere
// outside a secret value in the exported deployment; it also checks that the Tsig's state
// holds its secret as a secret value, so that the check cannot pass on a missing value.
func assertSecretsKept(t *testing.T, stack auto.Stack, stateDir string, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		if s == "" {
			t.Fatal("assertSecretsKept given an empty secret")
		}
	}
	storedTsig := false
	err := filepath.WalkDir(stateDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		storedTsig = storedTsig || strings.Contains(string(data), tsigType)
		for _, s := range secrets {
			if strings.Contains(string(data), s) {
				t.Errorf("%s holds a secret in plaintext (%d characters)", path, len(s))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !storedTsig {
		t.Fatalf("no file under %s holds the Tsig: the state is stored elsewhere", stateDir)
	}

	dep, err := stack.Export(t.Context())
	if err != nil {
		t.Fatalf("export: %v", err)
	}
	var doc any
	if err := json.Unmarshal(dep.Deployment, &doc); err != nil {
		t.Fatalf("decode exported state: %v", err)
	}
	for _, s := range secrets {
		for _, at := range unmarkedOccurrences(doc, s, "deployment") {
			t.Errorf("the exported state holds a secret (%d characters) outside a secret value at %s", len(s), at)
		}
	}
	_, res := exportState(t, stack)
	tsig, ok := res["transferKey"]
	if !ok {
		t.Fatal("no Tsig in the exported state")
	}
	if v, _ := tsig.Outputs["secret"].(map[string]any); v[secretSig] == nil {
		t.Errorf("the Tsig's secret in state is %#v, not a secret value", tsig.Outputs["secret"])
	}
}

// unmarkedOccurrences lists the paths of strings containing s that are not inside a secret value.
func unmarkedOccurrences(v any, s, path string) []string {
	switch v := v.(type) {
	case string:
		if strings.Contains(v, s) {
			return []string{path}
		}
	case []any:
		var found []string
		for i, e := range v {
			found = append(found, unmarkedOccurrences(e, s, fmt.Sprintf("%s[%d]", path, i))...)
		}
		return found
	case map[string]any:
		if _, secret := v[secretSig]; secret {
			return nil
		}
		var found []string
		for k, e := range v {
			found = append(found, unmarkedOccurrences(e, s, path+"."+k)...)
		}
		return found
	}
	return nil
}

// outputString reads a string stack output.
func outputString(t *testing.T, out auto.OutputMap, key string) string {
	t.Helper()
	v, ok := out[key]
	if !ok {
		t.Fatalf("no stack output %q in %v", key, slices.Sorted(maps.Keys(out)))
	}
	s, ok := v.Value.(string)
	if !ok || s == "" {
		t.Fatalf("stack output %q = %#v, want a non-empty string", key, v.Value)
	}
	return s
}

func ptr[T any](v T) *T { return &v }
