// Package reliability_test runs the provider through the real Pulumi engine over a network that
// spoils a fifth of the requests: afterwards Cloudflare holds exactly what the state says, a
// refresh finds no drift, and no secret shows in the CLI's output, even with --debug and the
// most verbose logs flowing from the provider.
package reliability_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/debug"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optrefresh"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	cfsecdns "github.com/cfsecdns/pulumi-cloudflare-secondary-dns/sdk/go/cloudflaresecondarydns"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/tests/engine"
)

const (
	tsigType = "cloudflare-secondary-dns:index:Tsig"
	peerType = "cloudflare-secondary-dns:index:Peer"
	token    = "reliability-token-2c9e71d4"
)

// faultyEmulator serves an emulator behind a network that spoils a fifth of the requests: 5%
// answered 429 with Retry-After: 0, 5% carried out and then the connection dropped, and the
// emulator's own 10% answered 500 or dropped unanswered.
type faultyEmulator struct {
	*emulator.Emulator
	url                      string
	rateLimited, commitDrops atomic.Int64
	faulty                   atomic.Bool
}

func startFaulty(t *testing.T) *faultyEmulator {
	t.Helper()
	e, err := emulator.New(emulator.Options{Tokens: []string{token}, FaultRate: 0.1 / 0.9, RateLimit: 1 << 30})
	if err != nil {
		t.Fatal(err)
	}
	f := &faultyEmulator{Emulator: e}
	f.faulty.Store(true)
	seed := uint64(time.Now().UnixNano())
	if s := os.Getenv("CFSECDNS_SOAK_SEED"); s != "" {
		if seed, err = strconv.ParseUint(s, 10, 64); err != nil {
			t.Fatalf("CFSECDNS_SOAK_SEED: %v", err)
		}
	}
	t.Logf("soak seed %d (replay the network's choices with CFSECDNS_SOAK_SEED=%d)", seed, seed)
	var rngMu sync.Mutex
	rng := rand.New(rand.NewPCG(seed, 0))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rngMu.Lock()
		roll := rng.Float64()
		rngMu.Unlock()
		switch {
		case !f.faulty.Load():
		case roll < 0.05:
			f.rateLimited.Add(1)
			w.Header().Set("Retry-After", "0")
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = w.Write([]byte(`{"success":false,"errors":[{"code":10100,"message":"Rate limited"}],"messages":[],"result":null}`))
			return
		case roll < 0.10:
			f.commitDrops.Add(1)
			e.InjectFault(emulator.Fault{Kind: emulator.FaultCommitThenDrop, Method: r.Method, Path: r.URL.Path})
		}
		e.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	f.url = srv.URL + emulator.BasePath
	return f
}

// newStack creates a hermetic stack running program against emu.
func newStack(t *testing.T, name string, emu *faultyEmulator, program pulumi.RunFunc) auto.Stack {
	t.Helper()
	return newStackIn(t, t.TempDir(), name, emu, program)
}

// newStackIn is newStack with the stack's scratch directory (state, Pulumi home) in dir.
func newStackIn(t *testing.T, dir, name string, emu *faultyEmulator, program pulumi.RunFunc) auto.Stack {
	t.Helper()
	root, err := engine.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	stack, err := engine.NewStack(t.Context(), engine.Stack{
		Root: root, Dir: dir, Name: name, Program: program,
		Provider: engine.Provider{BaseURL: emu.url, APIToken: token, AccountID: emulator.DemoAccountID},
	})
	if err != nil {
		t.Fatal(err)
	}
	return stack
}

// pairsProgram declares n keys and n peers, each peer signed by its key. Half the keys have
// their secret from the stack config, half generated. The config's "generation" renames them
// and changes the peers' ports, so that an up after changing it updates every resource.
func pairsProgram(n int) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")
		gen := cfg.GetInt("generation")
		given := cfg.RequireSecret("tsigSecret")
		for i := range n {
			args := &cfsecdns.TsigArgs{Name: pulumi.Sprintf("key-%d-g%d.example.", i, gen), Algo: cfsecdns.AlgorithmHmacSha256}
			if i%2 == 0 {
				args.Secret = given
			}
			key, err := cfsecdns.NewTsig(ctx, fmt.Sprintf("key%d", i), args)
			if err != nil {
				return err
			}
			_, err = cfsecdns.NewPeer(ctx, fmt.Sprintf("peer%d", i), &cfsecdns.PeerArgs{
				Name:       pulumi.Sprintf("peer-%d-g%d", i, gen),
				Ip:         pulumi.Sprintf("192.0.2.%d", i%250+1),
				Port:       pulumi.Int(5300 + gen),
				IxfrEnable: pulumi.Bool(gen%2 == 0),
				TsigId:     key.ID().ToStringOutput(),
			})
			if err != nil {
				return err
			}
		}
		return nil
	}
}

// enginePairs is how many key-and-peer pairs the engine-level soak declares:
// CFSECDNS_ENGINE_SOAK_PAIRS, else 25, which makes 200 resource operations (create, update,
// refresh and delete of 50 resources).
func enginePairs(t *testing.T) int {
	n := 25
	if s := os.Getenv("CFSECDNS_ENGINE_SOAK_PAIRS"); s != "" {
		var err error
		if n, err = strconv.Atoi(s); err != nil {
			t.Fatalf("CFSECDNS_ENGINE_SOAK_PAIRS: %v", err)
		}
	}
	return n
}

func givenSecret() string {
	key := make([]byte, 32)
	for i := range key {
		key[i] = byte(rand.UintN(256))
	}
	return base64.StdEncoding.EncodeToString(key)
}

// TestEngineSoak: up, an update of every resource, refresh and destroy through the faulty
// network. After each up the emulator holds exactly the state's objects, with the same fields;
// a later refresh and preview find no drift; destroy leaves nothing.
func TestEngineSoak(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	n := enginePairs(t)
	emu := startFaulty(t)
	stack := newStack(t, "soak", emu, pairsProgram(n))
	if err := stack.SetConfig(ctx, "tsigSecret", auto.ConfigValue{Value: givenSecret(), Secret: true}); err != nil {
		t.Fatal(err)
	}
	for gen := range 2 {
		if err := stack.SetConfig(ctx, "generation", auto.ConfigValue{Value: strconv.Itoa(gen)}); err != nil {
			t.Fatal(err)
		}
		res, err := stack.Up(ctx)
		if err != nil {
			t.Fatalf("up (generation %d): %v", gen, err)
		}
		want := map[string]int{"create": 2*n + 1}
		if gen > 0 {
			want = map[string]int{"update": 2 * n, "same": 1}
		}
		if got := *res.Summary.ResourceChanges; fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("up (generation %d): changes %v, want %v", gen, got, want)
		}
		assertStateMatchesStore(t, stack, emu, n)
	}
	if _, err := stack.Refresh(ctx, optrefresh.ExpectNoChanges()); err != nil {
		t.Errorf("refresh found drift: %v", err)
	}
	emu.faulty.Store(false) // the final checks read what is there, undisturbed
	if _, err := stack.Preview(ctx, optpreview.ExpectNoChanges()); err != nil {
		t.Errorf("preview after refresh found changes: %v", err)
	}
	assertStateMatchesStore(t, stack, emu, n)
	emu.faulty.Store(true)
	if _, err := stack.Destroy(ctx); err != nil {
		t.Fatalf("destroy: %v", err)
	}
	if k, p := len(emu.TSIGs(emulator.DemoAccountID)), len(emu.Peers(emulator.DemoAccountID)); k+p != 0 {
		t.Errorf("after destroy the emulator still holds %d keys and %d peers", k, p)
	}
	t.Logf("%d requests; %d answered 429, %d committed then dropped", len(emu.Requests()), emu.rateLimited.Load(), emu.commitDrops.Load())
	if emu.rateLimited.Load() == 0 || emu.commitDrops.Load() == 0 {
		t.Error("the faulty network injected no 429 or no commit-then-drop")
	}
}

// assertStateMatchesStore compares the stack's resources with the emulator's store: the same
// IDs (no duplicate, no orphan, nothing missing) and the same fields.
func assertStateMatchesStore(t *testing.T, stack auto.Stack, emu *faultyEmulator, n int) {
	t.Helper()
	dep, err := stack.Export(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var state struct {
		Resources []struct {
			Type    string         `json:"type"`
			ID      string         `json:"id"`
			Outputs map[string]any `json:"outputs"`
		} `json:"resources"`
	}
	if err := json.Unmarshal(dep.Deployment, &state); err != nil {
		t.Fatal(err)
	}
	keys, peers := map[string]emulator.TSIG{}, map[string]emulator.Peer{}
	for _, k := range emu.TSIGs(emulator.DemoAccountID) {
		keys[k.ID] = k
	}
	for _, p := range emu.Peers(emulator.DemoAccountID) {
		peers[p.ID] = p
	}
	var tracked int
	for _, r := range state.Resources {
		switch r.Type {
		case tsigType:
			tracked++
			k, ok := keys[r.ID]
			if !ok {
				t.Errorf("the state's key %s is not in the emulator", r.ID)
				continue
			}
			delete(keys, r.ID)
			if r.Outputs["name"] != k.Name || r.Outputs["algo"] != k.Algo || secretOutput(t, r.Outputs["secret"]) != k.Secret {
				t.Errorf("key %s: state (name %v, algo %v), emulator %q %q", r.ID, r.Outputs["name"], r.Outputs["algo"], k.Name, k.Algo)
			}
		case peerType:
			tracked++
			p, ok := peers[r.ID]
			if !ok {
				t.Errorf("the state's peer %s is not in the emulator", r.ID)
				continue
			}
			delete(peers, r.ID)
			if r.Outputs["name"] != p.Name || p.Port == nil || r.Outputs["port"] != *p.Port || p.TSIGID == nil || r.Outputs["tsigId"] != *p.TSIGID ||
				p.IP == nil || r.Outputs["ip"] != *p.IP || p.IxfrEnable == nil || r.Outputs["ixfrEnable"] != *p.IxfrEnable {
				t.Errorf("peer %s: state %v, emulator %+v", r.ID, r.Outputs, p)
			}
		}
	}
	if tracked != 2*n {
		t.Errorf("the state tracks %d keys and peers, want %d", tracked, 2*n)
	}
	for id, k := range keys {
		t.Errorf("orphan key in the emulator: %s %q", id, k.Name)
	}
	for id, p := range peers {
		t.Errorf("orphan peer in the emulator: %s %q", id, p.Name)
	}
}

// secretOutput reads a secret output of an exported deployment: {<signature>, "plaintext": <JSON>}.
func secretOutput(t *testing.T, v any) string {
	t.Helper()
	m, ok := v.(map[string]any)
	if !ok {
		t.Errorf("the secret output is %T, not a secret", v)
		return ""
	}
	var plain string
	if err := json.Unmarshal([]byte(fmt.Sprint(m["plaintext"])), &plain); err != nil {
		t.Errorf("the secret output's plaintext: %v", err)
	}
	return plain
}

// TestDebugOutputKeepsSecrets runs up, refresh, preview and destroy with --debug through the
// faulty network, the first create of each kind losing its reply, and finds neither the API
// token nor any TSIG secret, given or generated, in anything the CLI printed, the provider's
// diagnostics included, nor in plain text in the stored state, nor in the -v=11 --logflow logs.
func TestDebugOutputKeepsSecrets(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	emu := startFaulty(t)
	emu.InjectFault(emulator.Fault{Kind: emulator.FaultCommitThenDrop, Method: http.MethodPost, Path: "/tsigs"})
	emu.InjectFault(emulator.Fault{Kind: emulator.FaultCommitThenDrop, Method: http.MethodPost, Path: "/peers"})
	dir := t.TempDir()
	stack := newStackIn(t, dir, "debug", emu, pairsProgram(2))
	given := givenSecret()
	if err := stack.SetConfig(ctx, "tsigSecret", auto.ConfigValue{Value: given, Secret: true}); err != nil {
		t.Fatal(err)
	}
	debugOnly := debug.LoggingOptions{Debug: true}
	var out engine.SyncBuffer // the CLI writes stdout and stderr at once
	if _, err := stack.Up(ctx, optup.DebugLogging(debugOnly), optup.ProgressStreams(&out), optup.ErrorProgressStreams(&out)); err != nil {
		t.Fatalf("up: %v", err)
	}
	if _, err := stack.Refresh(ctx, optrefresh.DebugLogging(debugOnly), optrefresh.ProgressStreams(&out), optrefresh.ErrorProgressStreams(&out)); err != nil {
		t.Fatalf("refresh: %v", err)
	}
	if _, err := stack.Preview(ctx, optpreview.DebugLogging(debugOnly), optpreview.ProgressStreams(&out), optpreview.ErrorProgressStreams(&out)); err != nil {
		t.Fatalf("preview: %v", err)
	}
	level := uint(11)
	var verboseOut engine.SyncBuffer
	verbose := debug.LoggingOptions{LogLevel: &level, LogToStdErr: true, FlowToPlugins: true, Debug: true}
	if _, err := stack.Refresh(ctx, optrefresh.DebugLogging(verbose), optrefresh.ProgressStreams(&verboseOut), optrefresh.ErrorProgressStreams(&verboseOut)); err != nil {
		t.Fatalf("refresh -v=11: %v", err)
	}
	secrets := []string{token, given}
	for _, k := range emu.TSIGs(emulator.DemoAccountID) {
		if k.Secret != given {
			secrets = append(secrets, k.Secret) // the generated one
		}
	}
	if len(secrets) != 3 {
		t.Fatalf("%d secrets to look for, want the token, the given secret and the generated one", len(secrets))
	}
	state, err := os.ReadFile(filepath.Join(engine.StateDir(dir), ".pulumi", "stacks", engine.Project, "debug.json"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := stack.Destroy(ctx, optdestroy.DebugLogging(debugOnly), optdestroy.ProgressStreams(&out), optdestroy.ErrorProgressStreams(&out)); err != nil {
		t.Fatalf("destroy: %v", err)
	}

	text := out.String()
	// The two lost replies forced above, at least, show among the provider's diagnostics.
	if n := strings.Count(text, "the reply was lost, but Cloudflare holds the new object"); n < 2 {
		t.Errorf("the provider's diagnostics report %d adoptions, want at least 2 (the output holds %d bytes)", n, len(text))
	}
	for _, s := range secrets {
		if strings.Contains(text, s) {
			t.Errorf("a secret (%.6s...) appears in the --debug output", s)
		}
		if bytes.Contains(state, []byte(s)) {
			t.Errorf("a secret (%.6s...) appears in plain text in the state", s)
		}
	}
	// The engine's own verbose lines show that the -v=11 logs were captured; since v3.274.1 it no
	// longer dumps RPC payloads there, so no line may hold a secret.
	if !strings.Contains(verboseOut.String(), `"msg":"Refresh diff for urn`) {
		t.Error("no engine log line at -v=11: the verbose logs were not captured")
	}
	for _, line := range strings.Split(verboseOut.String(), "\n") {
		for _, s := range secrets {
			if strings.Contains(line, s) {
				t.Errorf("a secret (%.6s...) appears at -v=11: %.200s", s, line)
			}
		}
	}
}
