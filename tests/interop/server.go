package interop

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/miekg/dns"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/dnsx"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/provider"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/tests/dnsprobe"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/tests/engine"
)

// Spec is a server to start: the nameserverConfig function's arguments, with the key in one
// piece. Address lists left empty are Cloudflare's; tests point them at local listeners (a
// server started with Cloudflare's addresses would try to reach Cloudflare).
type Spec struct {
	Software provider.NameserverSoftware
	Role     provider.NameserverRole
	Key      *dnsx.Key // as the user gives it to the function
	// AcceptedKeys are the keys still accepted beside Key during a rotation.
	AcceptedKeys []*dnsx.Key
	// ZoneFile as the function takes it; empty: the function's default (for PowerDNS, whose
	// default is outside the temporary directory, the harness picks one inside).
	ZoneFile     string
	TransferFrom []string
	NotifyTo     []string
	Primaries    []string
	NotifyFrom   []string
	// Port to listen on, from freePort, when it must be known before the server starts (to
	// declare the server as a peer first); 0: a free one.
	Port int
}

// Args are the function's arguments for zone.
func (s Spec) Args(zone string) provider.NameserverConfigArgs {
	args := provider.NameserverConfigArgs{
		Software: s.Software, Role: s.Role, ZoneName: zone,
		TransferFrom: s.TransferFrom, NotifyTo: s.NotifyTo, Primaries: s.Primaries, NotifyFrom: s.NotifyFrom,
	}
	if s.ZoneFile != "" {
		args.ZoneFile = &s.ZoneFile
	}
	if s.Key != nil {
		algo := provider.Algorithm(s.Key.Algorithm)
		args.TsigName, args.TsigAlgo, args.TsigSecret = &s.Key.Name, &algo, &s.Key.Secret
	}
	for _, k := range s.AcceptedKeys {
		args.AcceptedKeys = append(args.AcceptedKeys, provider.NameserverKey{Name: k.Name, Algo: provider.Algorithm(k.Algorithm), Secret: k.Secret})
	}
	return args
}

// Server is a real nameserver (BIND, Knot, NSD or PowerDNS) running from a temporary directory
// on 127.0.0.1, configured with what the nameserverConfig function renders plus the server-level settings a
// configuration needs to run there (directories, listen address, pid file, control socket).
type Server struct {
	Software provider.NameserverSoftware
	Role     provider.NameserverRole
	Zone     string // absolute
	// Addr is ip:port, UDP and TCP.
	Addr string
	Dir  string
	// ZoneFile is the zone file's absolute path.
	ZoneFile string
	// Config is what the function rendered and the server runs.
	Config provider.NameserverConfigParts

	t      testing.TB
	spec   Spec // as rendered, with the port and zone file chosen
	cmd    *exec.Cmd
	exited chan struct{}
	log    engine.SyncBuffer
	zone   *Zone
}

// Start runs the server spec describes for zone until the test ends, its configuration rendered
// by the nameserverConfig function. A primary serves zone and is ready once it answers the
// zone's SOA with zone.Serial; a secondary once it answers at all: wait for its transfer with
// WaitSerial. A missing server fails the test with the command that installs it.
func Start(t testing.TB, spec Spec, zone *Zone) *Server {
	t.Helper()
	software(t, spec.Software) // a missing server fails the test here, with the command that installs it
	t.Logf("%s: %s", spec.Software, Version(t, spec.Software))

	// Not t.TempDir: control sockets live here, and their paths must stay under 108 bytes.
	dir, err := os.MkdirTemp("", "interop-"+string(spec.Software)+"-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })

	if spec.Software == powerdns && spec.ZoneFile == "" {
		spec.ZoneFile = filepath.Join(dir, strings.TrimSuffix(zone.Name, ".")+".zone")
	}
	cfg, err := provider.RenderNameserverConfig(spec.Args(zone.Name))
	if err != nil {
		t.Fatalf("render %s %s: %v", spec.Software, spec.Role, err)
	}
	zoneFile := cfg.ZoneFile
	if !filepath.IsAbs(zoneFile) {
		zoneFile = filepath.Join(dir, zoneFile) // relative to the zone directory, which is dir
	}
	s := &Server{
		Software: spec.Software, Role: spec.Role, Zone: zone.Name, Dir: dir, ZoneFile: zoneFile, Config: cfg,
		t: t, spec: spec, zone: zone,
	}
	if s.spec.Port == 0 {
		s.spec.Port = freePort(t)
	}
	s.Addr = "127.0.0.1:" + strconv.Itoa(s.spec.Port)
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("%s %s configuration (without the key):\n%s", s.Software, s.Role, cfg.PublicText())
			t.Logf("%s %s log:\n%s", s.Software, s.Role, s.log.String())
		}
	})
	if spec.Role == primary {
		if err := os.WriteFile(zoneFile, []byte(zone.Text()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s.launch(t, cfg)
	t.Cleanup(s.stop)
	s.waitReady()
	return s
}

// Rekey has the server run what the function renders for another key and keys still accepted,
// as a user deploys a new configuration: the server is stopped, its configuration rewritten and
// the server started again (the zone and the server's state stay), then waited for as Start
// does. A restart applies keys and zone settings alike on every server (PowerDNS caches zone
// settings, NSD reloads keys only on restart).
func (s *Server) Rekey(t testing.TB, key *dnsx.Key, accepted ...*dnsx.Key) {
	t.Helper()
	s.spec.Key, s.spec.AcceptedKeys = key, accepted
	cfg, err := provider.RenderNameserverConfig(s.spec.Args(s.Zone))
	if err != nil {
		t.Fatalf("render %s %s: %v", s.Software, s.Role, err)
	}
	s.halt()
	s.launch(t, cfg)
	s.waitReady()
}

// launch writes the server's configuration with what the function rendered and starts it.
func (s *Server) launch(t testing.TB, cfg provider.NameserverConfigParts) {
	t.Helper()
	s.Config = cfg
	sw := softwares[s.Software]
	if err := sw.configure(s); err != nil {
		t.Fatalf("configure %s: %v", s.Software, err)
	}
	s.run(sw.command(s))
}

// run starts the server; stop (registered once, by Start) ends whichever run is current.
func (s *Server) run(argv []string) {
	s.exited = make(chan struct{})
	s.cmd = exec.Command(argv[0], argv[1:]...)
	s.cmd.Dir = s.Dir
	s.cmd.Stdout = &s.log
	s.cmd.Stderr = &s.log
	if err := s.cmd.Start(); err != nil {
		s.t.Fatalf("start %s: %v", s.Software, err)
	}
	cmd, exited := s.cmd, s.exited
	go func() {
		_ = cmd.Wait()
		close(exited)
	}()
}

// halt stops the current run on purpose, before a new one.
func (s *Server) halt() {
	if err := s.terminate(); err != nil {
		s.t.Fatal(err)
	}
}

// stop ends the server at the end of the test.
func (s *Server) stop() {
	if err := s.terminate(); err != nil {
		s.t.Error(err)
	}
}

// terminate sends SIGTERM and waits for the server to exit; an error tells it had exited
// already, or had to be killed.
func (s *Server) terminate() error {
	select {
	case <-s.exited:
		return fmt.Errorf("%s exited before it was stopped: %v", s.Software, s.cmd.ProcessState)
	default:
	}
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.exited:
		return nil
	case <-time.After(stopTimeout):
		_ = s.cmd.Process.Kill()
		<-s.exited
		return fmt.Errorf("%s did not exit within %s of SIGTERM", s.Software, stopTimeout)
	}
}

// waitReady waits until a primary serves its zone, or a secondary answers queries.
func (s *Server) waitReady() {
	s.t.Helper()
	ctx := within(s.t, startTimeout)
	err := dnsprobe.Poll(ctx, func(ctx context.Context) error {
		select {
		case <-s.exited:
			return errExited
		default:
		}
		if s.Role == secondary {
			return s.answers(ctx)
		}
		return dnsprobe.HasSerial(ctx, s.Addr, s.Zone, s.zone.Serial)
	})
	if errors.Is(err, errExited) {
		s.t.Fatalf("%s exited at start: %v", s.Software, s.cmd.ProcessState)
	}
	if err != nil {
		s.t.Fatalf("%s %s not ready within %s: %v", s.Software, s.Role, startTimeout, err)
	}
}

var errExited = errors.New("the server exited")

// answers checks that the server answers a query, whatever the answer.
func (s *Server) answers(ctx context.Context) error {
	m := new(dns.Msg)
	m.SetQuestion(s.Zone, dns.TypeSOA)
	_, _, err := (&dns.Client{Net: "udp", Timeout: time.Second}).ExchangeContext(ctx, m, s.Addr)
	return err
}

// Serial is the zone's SOA serial as the server answers it now.
func (s *Server) Serial(ctx context.Context) (uint32, error) {
	soa, err := dnsprobe.SOA(ctx, s.Addr, s.Zone)
	if err != nil {
		return 0, err
	}
	return soa.Serial, nil
}

// WaitSerial waits until the server answers the zone's SOA with serial want.
func (s *Server) WaitSerial(t testing.TB, want uint32) {
	t.Helper()
	if err := dnsprobe.WaitSerial(within(t, serialTimeout), s.Addr, s.Zone, want); err != nil {
		t.Fatalf("%s %s: serial %d not served within %s: %v", s.Software, s.Role, want, serialTimeout, err)
	}
}

// Update makes a primary serve zone: it writes the zone file and has the server reload it,
// as a user would; the server then sends NOTIFY.
func (s *Server) Update(t testing.TB, zone *Zone) {
	t.Helper()
	if s.Role != primary {
		t.Fatalf("Update: the %s is a secondary", s.Software)
	}
	before, err := os.Stat(s.ZoneFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(s.ZoneFile, []byte(zone.Text()), 0o644); err != nil {
		t.Fatal(err)
	}
	// Servers reload a file whose modification time changed; within the same clock tick it
	// might not have, so move it on explicitly.
	later := before.ModTime().Add(time.Second)
	if err := os.Chtimes(s.ZoneFile, later, later); err != nil {
		t.Fatal(err)
	}
	s.zone = zone
	if err := softwares[s.Software].reload(s); err != nil {
		t.Fatalf("reload %s: %v", s.Software, err)
	}
	s.WaitSerial(t, zone.Serial)
}

// command runs a control command of the server, with its output in the error.
func (s *Server) command(argv ...string) error {
	out, err := exec.Command(argv[0], argv[1:]...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%v: %w: %s", argv, err, bytes.TrimSpace(out))
	}
	return nil
}
