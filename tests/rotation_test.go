package tests_test

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/examples/go/secondarydns"
)

// TestExampleRotation runs the Go example's key rotation (docs/rotating-tsig-keys.md) through
// the engine, stage by stage: the keys Cloudflare holds, the key both peers use, and the keys
// the rendered primary configuration accepts; no key's secret ever changes in place, and the
// last stage deletes the old key.
func TestExampleRotation(t *testing.T) {
	t.Parallel()
	stack, srv, _ := newStack(t, "rotation", secondarydns.Program)
	ctx := t.Context()
	const oldName, nextName = "transfer.example.com.", "transfer-next.example.com."
	secrets := map[string]string{} // by key name, as first created

	steps := []struct {
		stage       string
		changes     map[string]int // creates, updates and deletes
		keys        []string       // the TSIG keys Cloudflare holds
		peersUse    string
		configNames []string // the keys the primary's configuration holds
	}{
		{"", map[string]int{"create": 7}, []string{oldName}, oldName, []string{oldName}},
		{"accept", map[string]int{"create": 1}, []string{oldName, nextName}, oldName, []string{oldName, nextName}},
		{"switch", map[string]int{"update": 2}, []string{oldName, nextName}, nextName, []string{nextName, oldName}},
		{"done", map[string]int{"delete": 1}, []string{nextName}, nextName, []string{nextName}},
	}
	for _, step := range steps {
		if step.stage != "" {
			if err := stack.SetConfig(ctx, "rotationStage", auto.ConfigValue{Value: step.stage}); err != nil {
				t.Fatal(err)
			}
		}
		res, err := stack.Up(ctx)
		if err != nil {
			t.Fatalf("stage %q: up: %v", step.stage, err)
		}
		got := map[string]int{}
		for op, n := range *res.Summary.ResourceChanges {
			if op != "same" {
				got[op] = n
			}
		}
		if !maps.Equal(got, step.changes) {
			t.Errorf("stage %q: resource changes %v, want %v", step.stage, got, step.changes)
		}

		byID := map[string]emulator.TSIG{}
		var names []string
		for _, k := range srv.TSIGs(srv.AccountID) {
			byID[k.ID] = k
			names = append(names, k.Name)
			if first, ok := secrets[k.Name]; ok && first != k.Secret {
				t.Errorf("stage %q: the secret of %s changed in place", step.stage, k.Name)
			}
			secrets[k.Name] = k.Secret
		}
		if !slices.Equal(slices.Sorted(slices.Values(names)), slices.Sorted(slices.Values(step.keys))) {
			t.Errorf("stage %q: Cloudflare holds keys %v, want %v", step.stage, names, step.keys)
		}
		for _, p := range srv.Peers(srv.AccountID) {
			if p.TSIGID == nil || byID[*p.TSIGID].Name != step.peersUse {
				t.Errorf("stage %q: peer %s uses key %v, want %s", step.stage, p.Name, p.TSIGID, step.peersUse)
			}
		}
		if id := outputString(t, res.Outputs, "tsigId"); byID[id].Name != step.peersUse {
			t.Errorf("stage %q: tsigId output is %s's, want %s's", step.stage, byID[id].Name, step.peersUse)
		}
		config := outputString(t, res.Outputs, "primaryConfig")
		if !res.Outputs["primaryConfig"].Secret {
			t.Errorf("stage %q: the primaryConfig output is not a secret", step.stage)
		}
		for _, name := range []string{oldName, nextName} {
			want := slices.Contains(step.configNames, name)
			if got := strings.Contains(config, `key "`+name+`" {`); got != want {
				t.Errorf("stage %q: the primary's configuration defines %s: %t, want %t", step.stage, name, got, want)
			}
		}
		// NOTIFY is signed with the current key, the one the peers use.
		if !strings.Contains(config, ` key "`+step.configNames[0]+`";`) {
			t.Errorf("stage %q: the primary's configuration does not NOTIFY with %s:\n%s", step.stage, step.configNames[0], config)
		}
	}
}
