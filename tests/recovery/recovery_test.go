//go:build linux

// Package recovery_test kills `pulumi up` the way CI does (SIGKILL to the CLI and the provider)
// right after Cloudflare commits a create, then recovers as docs/recovering-an-interrupted-update.md
// says: cloudflare-secondary-dns-import --pending, pulumi refresh --import-pending-creates
// --clear-pending-creates, pulumi up. Afterwards every declared object is in the account once
// and in the state once, and another up writes nothing. A plain rerun instead warns of the
// duplicate it makes, and --unmanaged finds the orphan.
package recovery_test

import (
	"bufio"
	"bytes"
	"encoding/json"

	"fmt"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"

	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/common/apitype"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	cfsecdns "github.com/cfsecdns/pulumi-cloudflare-secondary-dns/sdk/go/cloudflaresecondarydns"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/tests/engine"
)

const (
	importCommand = "cloudflare-secondary-dns-import"
	secondaryZone = "example.com" // Cloudflare pulls it: the incoming configuration
	primaryZone   = "example.net" // Cloudflare serves it: the outgoing configuration
	typePrefix    = "cloudflare-secondary-dns:index:"
	// declared is how many objects the program declares.
	declared = 7
)

// program declares two keys (one secret given, one generated), two peers signed by them, an
// ACL, and each zone's configuration: every kind, each create of them a point to be killed at.
func program(zones map[string]string, given string) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		k1, err := cfsecdns.NewTsig(ctx, "k1", &cfsecdns.TsigArgs{Name: pulumi.String("k1.example."), Algo: cfsecdns.AlgorithmHmacSha256,
			Secret: pulumi.ToSecret(pulumi.String(given)).(pulumi.StringOutput)})
		if err != nil {
			return err
		}
		k2, err := cfsecdns.NewTsig(ctx, "k2", &cfsecdns.TsigArgs{Name: pulumi.String("k2.example."), Algo: cfsecdns.AlgorithmHmacSha512})
		if err != nil {
			return err
		}
		primary, err := cfsecdns.NewPeer(ctx, "primary", &cfsecdns.PeerArgs{Name: pulumi.String("ns1-primary"),
			Ip: pulumi.String("192.0.2.53"), Port: pulumi.Int(53), TsigId: k1.ID().ToStringOutput()})
		if err != nil {
			return err
		}
		secondary, err := cfsecdns.NewPeer(ctx, "secondary", &cfsecdns.PeerArgs{Name: pulumi.String("ns1-secondary"),
			Ip: pulumi.String("198.51.100.7"), Port: pulumi.Int(53), TsigId: k2.ID().ToStringOutput()})
		if err != nil {
			return err
		}
		if _, err := cfsecdns.NewAcl(ctx, "secondaries", &cfsecdns.AclArgs{Name: pulumi.String("secondaries"), IpRange: pulumi.String("198.51.100.0/24")}); err != nil {
			return err
		}
		if _, err := cfsecdns.NewIncomingTransfer(ctx, "incoming", &cfsecdns.IncomingTransferArgs{ZoneId: pulumi.String(zones[secondaryZone]),
			Name: pulumi.String(secondaryZone + "."), Peers: pulumi.StringArray{primary.ID().ToStringOutput()}}); err != nil {
			return err
		}
		_, err = cfsecdns.NewOutgoingTransfer(ctx, "outgoing", &cfsecdns.OutgoingTransferArgs{ZoneId: pulumi.String(zones[primaryZone]),
			Name: pulumi.String(primaryZone + "."), Peers: pulumi.StringArray{secondary.ID().ToStringOutput()}, Enabled: pulumi.Bool(true)})
		return err
	}
}

// world is one emulator and one stack running the program against it.
type world struct {
	root  string
	emu   *emulator.Emulator
	url   string
	conns connections
	stack auto.Stack
	// killAt is the kind (as emulator.Created names it) whose next committed create kills the
	// CLI and the provider; "" once done.
	killAt atomic.Pointer[string]
	killed atomic.Int32
	given  string
	dir    string // the stack's scratch directory: Pulumi home and state
}

func newWorld(t *testing.T) *world {
	t.Helper()
	root, err := engine.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "bin", importCommand)); err != nil {
		t.Fatalf("bin/%s is missing: run `make importer` in %s", importCommand, root)
	}
	w := &world{root: root, given: "c2VjcmV0LWdpdmVuLWJ5LXRoZS1wcm9ncmFtLTIwMjY="}
	w.emu, err = emulator.New(emulator.Options{
		Zones:    []emulator.ZoneSeed{{Name: secondaryZone, Type: emulator.ZoneSecondary}, {Name: primaryZone, Type: emulator.ZoneFull}},
		OnCreate: w.onCreate,
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = w.emu.Close() })
	srv := httptest.NewUnstartedServer(w.emu)
	srv.Config.ConnState = w.conns.track
	srv.Start()
	t.Cleanup(srv.Close)
	w.url = srv.URL + emulator.BasePath
	zones := map[string]string{}
	for _, name := range []string{secondaryZone, primaryZone} {
		z, ok := w.emu.ZoneByName(emulator.DemoAccountID, name)
		if !ok {
			t.Fatalf("no zone %s", name)
		}
		zones[name] = z.ID
	}
	w.dir = t.TempDir()
	w.stack, err = engine.NewStack(t.Context(), engine.Stack{Root: root, Dir: w.dir, Name: "recovery", Program: program(zones, w.given),
		Provider: engine.Provider{BaseURL: w.url, APIToken: emulator.DemoToken, AccountID: emulator.DemoAccountID}})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// onCreate kills every process the test started (the CLI, and the provider it started) when the
// armed kind's create is committed: its reply is never read, as when CI kills the job there.
func (w *world) onCreate(c emulator.Created) {
	at := w.killAt.Load()
	if at == nil || *at != c.Kind || !w.killAt.CompareAndSwap(at, nil) {
		return
	}
	for _, pid := range descendants(os.Getpid()) {
		_ = syscall.Kill(pid, syscall.SIGKILL)
	}
	w.killed.Add(1)
}

// upKilled runs an up that is killed right after the emulator commits a create of kind, and
// waits until every request the dead processes sent has been served.
func (w *world) upKilled(t *testing.T, kind string) {
	t.Helper()
	w.killAt.Store(&kind)
	_, err := w.stack.Up(t.Context())
	if err == nil {
		t.Fatalf("up was not killed at the %s create", kind)
	}
	if w.killed.Load() != 1 {
		t.Fatalf("up failed before any %s create was committed: %v", kind, err)
	}
	w.conns.waitIdle()
	repairSidecars(t, engine.StateDir(w.dir))
	// The file backend keeps the lock of the killed update.
	if err := w.stack.Cancel(t.Context()); err != nil {
		t.Fatalf("pulumi cancel: %v", err)
	}
}

// repairSidecars deletes the empty metadata files a kill can leave beside the file backend's
// checkpoint (fileblob writes the checkpoint atomically, its .attrs sidecar not), which the CLI
// would refuse with "failed to load checkpoint: EOF": the guide's first step for that backend.
func repairSidecars(t *testing.T, stateDir string) {
	t.Helper()
	err := filepath.WalkDir(stateDir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".attrs") {
			return err
		}
		if info, err := d.Info(); err != nil || info.Size() > 0 {
			return err
		}
		t.Logf("the kill left an empty %s: deleted", filepath.Base(path))
		return os.Remove(path)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// export writes `pulumi stack export` of the stack to a file and returns its path.
func (w *world) export(t *testing.T) string {
	t.Helper()
	dep, err := w.stack.Export(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	data, err := json.Marshal(dep)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "stack.json")
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// importer runs the import command with the stack's credentials and returns its stdout.
func (w *world) importer(t *testing.T, args ...string) string {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), filepath.Join(w.root, "bin", importCommand), args...)
	cmd.Env = append(os.Environ(), "CLOUDFLARE_API_TOKEN="+emulator.DemoToken, "CLOUDFLARE_BASE_URL="+w.url,
		"CLOUDFLARE_ACCOUNT_ID="+emulator.DemoAccountID, "CLOUDFLARE_API_KEY=", "CLOUDFLARE_EMAIL=")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\n%s", importCommand, strings.Join(args, " "), err, stderr.String())
	}
	t.Logf("%s %s:\n%s", importCommand, args[0], stderr.String())
	return stdout.String()
}

// After a kill at each kind's create, including a peer's POST before its settings and an
// outgoing configuration's POST before its enable, the documented recovery leaves every object
// once in the account and once in the state, and a second up writes nothing.
func TestRecoveryAfterAKill(t *testing.T) {
	for _, kind := range []string{"TSIG", "peer", "ACL", "incoming", "outgoing"} {
		t.Run(kind, func(t *testing.T) {
			w := newWorld(t)
			w.upKilled(t, kind)
			w.assertKilledMidway(t, kind)
			path := w.export(t)
			pending := pendingCreates(t, path)
			if len(pending) == 0 {
				t.Fatal("the kill left no pending create")
			}
			resolved := filepath.Join(t.TempDir(), "resolved.json")
			found := 0
			for line := range strings.Lines(w.importer(t, "--pending", path, "--resolved", resolved)) {
				urn, _, ok := strings.Cut(strings.TrimSpace(line), " ")
				if !ok || !slices.Contains(pending, urn) {
					t.Fatalf("--pending printed %q, not `URN ID` of a pending create", line)
				}
				found++
			}
			if found == 0 {
				t.Errorf("--pending found no object, though a %s create was committed", kind)
			}
			data, err := os.ReadFile(resolved)
			if err != nil {
				t.Fatal(err)
			}
			var dep apitype.UntypedDeployment
			if err := json.Unmarshal(data, &dep); err != nil {
				t.Fatal(err)
			}
			if err := w.stack.Import(t.Context(), dep); err != nil {
				t.Fatalf("stack import: %v", err)
			}
			if _, err := w.stack.Refresh(t.Context()); err != nil {
				t.Fatalf("refresh: %v", err)
			}
			if _, err := w.stack.Up(t.Context()); err != nil {
				t.Fatalf("up after the recovery: %v", err)
			}
			w.assertOnce(t)
			from := len(w.emu.Requests())
			res, err := w.stack.Up(t.Context())
			if err != nil {
				t.Fatalf("second up: %v", err)
			}
			if writes := writesSince(w.emu, from); len(writes) > 0 {
				t.Errorf("the second up wrote to Cloudflare: %v", writes)
			}
			if got := *res.Summary.ResourceChanges; !mapsEqual(got, map[string]int{"same": declared + 1}) {
				t.Errorf("second up: changes %v, want only same", got)
			}
		})
	}
}

// A plain rerun after a kill at an ACL's create makes a second ACL: it warns of the first,
// naming it and the recovery guide, and --unmanaged lists exactly the objects no state holds.
func TestPlainRerunWarnsAndUnmanagedFindsTheOrphan(t *testing.T) {
	w := newWorld(t)
	w.upKilled(t, "ACL")
	orphans := w.emu.ACLs(emulator.DemoAccountID)
	if len(orphans) != 1 {
		t.Fatalf("the kill left %d ACLs, want the one committed", len(orphans))
	}
	var out engine.SyncBuffer
	if _, err := w.stack.Up(t.Context(), optup.ProgressStreams(&out), optup.ErrorProgressStreams(&out)); err != nil {
		t.Fatalf("rerun: %v", err)
	}
	warning := fmt.Sprintf(`the account already holds Acl "secondaries" (%s), the same as this create sends`, orphans[0].ID)
	if !strings.Contains(out.String(), warning) || !strings.Contains(out.String(), "docs/recovering-an-interrupted-update.md") {
		t.Errorf("the rerun did not warn of the orphan ACL %s:\n%s", orphans[0].ID, out.String())
	}
	held := w.stateIDs(t)
	var want []string
	for _, id := range w.accountIDs() {
		if !held[id] {
			want = append(want, id)
		}
	}
	if !slices.Contains(want, orphans[0].ID) {
		t.Fatalf("the state holds the orphan ACL %s", orphans[0].ID)
	}
	var got []string
	for line := range strings.Lines(w.importer(t, "--unmanaged", w.export(t))) {
		fields := strings.Split(strings.TrimSpace(line), "\t")
		if len(fields) != 4 || !strings.HasPrefix(fields[3], "pulumi import "+typePrefix+fields[0]+" ") {
			t.Fatalf("--unmanaged printed %q, not kind, name, ID and the import line", line)
		}
		got = append(got, bareID(fields[2]))
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("--unmanaged listed %v, want the objects no state holds %v", got, want)
	}
}

// assertKilledMidway checks that a kill at a peer's or an outgoing configuration's create
// came between its POST and what follows it: the peer has its name only, the transfers are off.
func (w *world) assertKilledMidway(t *testing.T, kind string) {
	t.Helper()
	switch kind {
	case "peer":
		if !slices.ContainsFunc(w.emu.Peers(emulator.DemoAccountID), func(p emulator.Peer) bool { return p.IP == nil }) {
			t.Error("no peer was left with its name only: the kill came after the settings")
		}
	case "outgoing":
		if out, ok := w.emu.Outgoing(w.zone(t, primaryZone)); !ok || out.Enabled {
			t.Errorf("the outgoing configuration is missing or already enabled (%+v): the kill came after the enable", out)
		}
	}
}

// assertOnce checks that the account and the state hold the same objects, each once, all the
// program declares, with the settings a killed create never sent: the peers' and the switch.
func (w *world) assertOnce(t *testing.T) {
	t.Helper()
	acct := emulator.DemoAccountID
	counts := map[string]int{"TSIG": len(w.emu.TSIGs(acct)), "peer": len(w.emu.Peers(acct)), "ACL": len(w.emu.ACLs(acct))}
	if want := map[string]int{"TSIG": 2, "peer": 2, "ACL": 1}; !mapsEqual(counts, want) {
		t.Errorf("the account holds %v, want %v", counts, want)
	}
	for _, p := range w.emu.Peers(acct) {
		if p.IP == nil || p.Port == nil || p.TSIGID == nil {
			t.Errorf("peer %s (%s) lacks its settings: %+v", p.Name, p.ID, p)
		}
	}
	out, ok := w.emu.Outgoing(w.zone(t, primaryZone))
	if !ok || !out.Enabled {
		t.Errorf("the outgoing configuration is missing or switched off: %+v", out)
	}
	if _, ok := w.emu.Incoming(w.zone(t, secondaryZone)); !ok {
		t.Error("the incoming configuration is missing")
	}
	if pending := pendingCreates(t, w.export(t)); len(pending) > 0 {
		t.Errorf("the state still holds pending creates: %v", pending)
	}
	held, account := w.stateIDs(t), w.accountIDs()
	if len(held) != declared || len(account) != declared {
		t.Errorf("the state holds %d objects and the account %d, want %d each", len(held), len(account), declared)
	}
	for _, id := range account {
		if !held[id] {
			t.Errorf("the account's object %s is in no state", id)
		}
	}
}

func (w *world) zone(t *testing.T, name string) string {
	t.Helper()
	z, ok := w.emu.ZoneByName(emulator.DemoAccountID, name)
	if !ok {
		t.Fatalf("no zone %s", name)
	}
	return z.ID
}

// accountIDs are the IDs of every object of the account: keys, peers, ACLs, and the zones that
// hold a configuration.
func (w *world) accountIDs() []string {
	acct := emulator.DemoAccountID
	var ids []string
	for _, k := range w.emu.TSIGs(acct) {
		ids = append(ids, k.ID)
	}
	for _, p := range w.emu.Peers(acct) {
		ids = append(ids, p.ID)
	}
	for _, a := range w.emu.ACLs(acct) {
		ids = append(ids, a.ID)
	}
	for _, name := range []string{secondaryZone, primaryZone} {
		z, _ := w.emu.ZoneByName(acct, name)
		if _, ok := w.emu.Incoming(z.ID); ok {
			ids = append(ids, z.ID)
		}
		if _, ok := w.emu.Outgoing(z.ID); ok {
			ids = append(ids, z.ID)
		}
	}
	return ids
}

// stateIDs are the IDs of the provider's resources in the state; a duplicate fails the test.
func (w *world) stateIDs(t *testing.T) map[string]bool {
	t.Helper()
	dep, err := w.stack.Export(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	var state struct {
		Resources []struct{ Type, ID string } `json:"resources"`
	}
	if err := json.Unmarshal(dep.Deployment, &state); err != nil {
		t.Fatal(err)
	}
	held := map[string]bool{}
	for _, r := range state.Resources {
		if !strings.HasPrefix(r.Type, typePrefix) {
			continue
		}
		id := bareID(r.ID)
		if held[id] {
			t.Errorf("the state holds %s twice", id)
		}
		held[id] = true
	}
	return held
}

// pendingCreates are the URNs of the pending creates of an export.
func pendingCreates(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var export struct {
		Deployment struct {
			Pending []struct {
				Type     string `json:"type"`
				Resource struct {
					URN string `json:"urn"`
				} `json:"resource"`
			} `json:"pending_operations"`
		} `json:"deployment"`
	}
	if err := json.Unmarshal(data, &export); err != nil {
		t.Fatal(err)
	}
	var urns []string
	for _, op := range export.Deployment.Pending {
		if op.Type == "creating" {
			urns = append(urns, op.Resource.URN)
		}
	}
	return urns
}

// bareID is an object's ID without the account an import ID starts with.
func bareID(id string) string {
	if _, bare, ok := strings.Cut(id, "/"); ok {
		return bare
	}
	return id
}

// writesSince lists the requests other than GET the emulator served after the first from.
func writesSince(emu *emulator.Emulator, from int) []string {
	var out []string
	for _, r := range emu.Requests()[from:] {
		if r.Method != http.MethodGet {
			out = append(out, r.Method+" "+r.Path)
		}
	}
	return out
}

func mapsEqual(a, b map[string]int) bool { return fmt.Sprint(a) == fmt.Sprint(b) }

// descendants are the processes below pid, read from /proc: the CLI, and the plugins it
// started in process groups of their own.
func descendants(pid int) []int {
	children := map[int][]int{}
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		child, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if parent, ok := parentOf(child); ok {
			children[parent] = append(children[parent], child)
		}
	}
	var out []int
	for queue := children[pid]; len(queue) > 0; queue = queue[1:] {
		out = append(out, queue[0])
		queue = append(queue, children[queue[0]]...)
	}
	return out
}

// parentOf reads a process's parent from /proc/<pid>/stat: the field after the state, which
// follows the command name in parentheses (which may itself hold spaces or parentheses).
func parentOf(pid int) (int, bool) {
	data, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(pid), "stat"))
	if err != nil {
		return 0, false
	}
	i := bytes.LastIndexByte(data, ')')
	if i < 0 {
		return 0, false
	}
	s := bufio.NewScanner(bytes.NewReader(data[i+1:]))
	s.Split(bufio.ScanWords)
	var fields []string
	for s.Scan() && len(fields) < 2 {
		fields = append(fields, s.Text())
	}
	if len(fields) < 2 {
		return 0, false
	}
	ppid, err := strconv.Atoi(fields[1])
	return ppid, err == nil
}

// connections counts the emulator's open client connections, so that a test can wait until a
// killed client's last requests are served: a connection closes only after its requests are.
type connections struct {
	mu   sync.Mutex
	open int
	idle *sync.Cond
}

func (c *connections) track(_ net.Conn, state http.ConnState) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch state {
	case http.StateNew:
		c.open++
	case http.StateClosed, http.StateHijacked:
		c.open--
		if c.idle != nil {
			c.idle.Broadcast()
		}
	}
}

func (c *connections) waitIdle() {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.idle == nil {
		c.idle = sync.NewCond(&c.mu)
	}
	for c.open > 0 {
		c.idle.Wait()
	}
}
