package tests_test

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/events"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/emulatortest"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/tests/engine"
)

const (
	tsigType = "cloudflare-secondary-dns:index:Tsig"
	peerType = "cloudflare-secondary-dns:index:Peer"
	aclType  = "cloudflare-secondary-dns:index:Acl"
)

// exampleTypes are the types of the example's resources, one resource of each.
var exampleTypes = []string{tsigType, peerType, aclType}

// newStack serves a fresh emulator and creates a hermetic stack that runs program against it,
// everything under the test's own temporary directory. It returns the stack, the emulator and
// the directory of the stack's stored state.
func newStack(t *testing.T, name string, program pulumi.RunFunc) (auto.Stack, *emulatortest.Server, string) {
	t.Helper()
	root, err := engine.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	srv := emulatortest.Start(t, emulator.Options{})
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

// previewSteps previews an update and returns its change summary and the planned step of each
// of the example's resources, by resource type; it fails unless every one has a step.
func previewSteps(t *testing.T, stack auto.Stack) (map[apitype.OpType]int, map[string]apitype.StepEventMetadata) {
	t.Helper()
	evs := make(chan events.EngineEvent)
	steps := map[string]apitype.StepEventMetadata{}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for ev := range evs {
			if pre := ev.ResourcePreEvent; pre != nil && slices.Contains(exampleTypes, pre.Metadata.Type) {
				steps[pre.Metadata.Type] = pre.Metadata
			}
		}
	}()
	res, err := stack.Preview(t.Context(), optpreview.EventStreams(evs))
	<-done
	if err != nil {
		t.Fatalf("preview: %v", err)
	}
	for _, typ := range exampleTypes {
		if _, ok := steps[typ]; !ok {
			t.Fatalf("preview: no step for the %s (steps %v)", typ, slices.Sorted(maps.Keys(steps)))
		}
	}
	return res.ChangeSummary, steps
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
// and decoded by resource type (the example's resources only: the provider and the stack
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
	byType := map[string]stateResource{}
	for _, r := range state.Resources {
		if slices.Contains(exampleTypes, r.Type) {
			byType[r.Type] = r
		}
	}
	return string(dep.Deployment), byType
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
	tsig, ok := res[tsigType]
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
