package interop

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/dnsx"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/emulatortest"
	cfsecdns "github.com/cfsecdns/pulumi-cloudflare-secondary-dns/sdk/go/cloudflaresecondarydns"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/tests/dnsprobe"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/tests/engine"
)

// The zone both directions transfer, as the emulator names it.
const engineZone = "example.test"

// transferTimeout bounds each wait for the emulator's transfer log: a pull after an `up` or a
// NOTIFY, on a busy machine.
const transferTimeout = 60 * time.Second

// algorithmOf is a test key's algorithm as the provider takes it.
func algorithmOf(k *dnsx.Key) cfsecdns.Algorithm { return cfsecdns.Algorithm(k.Algorithm) }

// incomingProgram is what a user declares for Cloudflare to be the secondary of their server: the
// key, the server as a peer, and the zone's incoming transfers. Tests change it between `up`s.
type incomingProgram struct {
	key      dnsx.Key
	port     int
	ixfr     bool
	zoneID   string
	triggers []string
}

func (p *incomingProgram) run(ctx *pulumi.Context) error {
	key, err := cfsecdns.NewTsig(ctx, "key", &cfsecdns.TsigArgs{
		Name: pulumi.String(p.key.Name), Algo: algorithmOf(&p.key), Secret: pulumi.StringPtr(p.key.Secret),
	})
	if err != nil {
		return err
	}
	peer, err := cfsecdns.NewPeer(ctx, "primary", &cfsecdns.PeerArgs{
		Name: pulumi.String("primary"), Ip: pulumi.StringPtr("127.0.0.1"), Port: pulumi.IntPtr(p.port),
		IxfrEnable: pulumi.BoolPtr(p.ixfr), TsigId: key.ID().ToStringOutput(),
	})
	if err != nil {
		return err
	}
	_, err = cfsecdns.NewIncomingTransfer(ctx, "incoming", &cfsecdns.IncomingTransferArgs{
		ZoneId: pulumi.String(p.zoneID), Name: pulumi.String(engineZone),
		Peers: pulumi.StringArray{peer.ID().ToStringOutput()}, AutoRefreshSeconds: pulumi.IntPtr(86400),
		Triggers: pulumi.ToStringArray(p.triggers),
	})
	return err
}

// outgoingProgram is what a user declares for Cloudflare to be the primary of their server: the
// key, the server as a peer, and the zone's outgoing transfers, enabled.
type outgoingProgram struct {
	key    dnsx.Key
	port   int
	zoneID string
}

func (p *outgoingProgram) run(ctx *pulumi.Context) error {
	key, err := cfsecdns.NewTsig(ctx, "key", &cfsecdns.TsigArgs{
		Name: pulumi.String(p.key.Name), Algo: algorithmOf(&p.key), Secret: pulumi.StringPtr(p.key.Secret),
	})
	if err != nil {
		return err
	}
	peer, err := cfsecdns.NewPeer(ctx, "secondary", &cfsecdns.PeerArgs{
		Name: pulumi.String("secondary"), Ip: pulumi.StringPtr("127.0.0.1"), Port: pulumi.IntPtr(p.port),
		TsigId: key.ID().ToStringOutput(),
	})
	if err != nil {
		return err
	}
	_, err = cfsecdns.NewOutgoingTransfer(ctx, "outgoing", &cfsecdns.OutgoingTransferArgs{
		ZoneId: pulumi.String(p.zoneID), Name: pulumi.String(engineZone),
		Peers: pulumi.StringArray{peer.ID().ToStringOutput()}, Enabled: pulumi.BoolPtr(true),
	})
	ctx.Export("peerId", peer.ID())
	return err
}

// startEmulator serves an emulator with DNS on, holding the zone of the given type; files are
// its zone files.
func startEmulator(t *testing.T, typ string, files map[string]string) (*emulatortest.Server, string) {
	t.Helper()
	srv := emulatortest.Start(t, emulator.Options{
		DNSAddr: "127.0.0.1:0", ZoneFiles: files,
		Zones: []emulator.ZoneSeed{{Name: engineZone, Type: typ}},
	})
	z, ok := srv.ZoneByName(srv.AccountID, engineZone)
	if !ok {
		t.Fatalf("the emulator holds no zone %s", engineZone)
	}
	return srv, z.ID
}

// newEngineStack is a hermetic stack running program through the Pulumi engine against srv.
func newEngineStack(t *testing.T, srv *emulatortest.Server, program pulumi.RunFunc) auto.Stack {
	t.Helper()
	root, err := engine.RepoRoot()
	if err != nil {
		t.Fatal(err)
	}
	stack, err := engine.NewStack(t.Context(), engine.Stack{
		Root: root, Dir: t.TempDir(), Name: "interop", Program: program,
		Provider: engine.Provider{BaseURL: srv.URL, APIToken: srv.Token, AccountID: srv.AccountID},
	})
	if err != nil {
		t.Fatal(err)
	}
	return stack
}

func up(t *testing.T, stack auto.Stack) auto.UpResult {
	t.Helper()
	res, err := stack.Up(t.Context())
	if err != nil {
		t.Fatalf("up: %v", err)
	}
	return res
}

// transferLog follows one zone's transfer log from where the test last looked.
type transferLog struct {
	srv    *emulatortest.Server
	zoneID string
	seen   int
}

// all waits until each of matches has matched an event, in any order (a NOTIFY's event comes
// once its answer does, after the transfer it prompted may have begun), and returns them.
func (l *transferLog) all(t *testing.T, what string, matches ...func(emulator.Transfer) bool) []emulator.Transfer {
	t.Helper()
	ctx := within(t, transferTimeout)
	found := make([]emulator.Transfer, len(matches))
	ok := make([]bool, len(matches))
	for missing := len(matches); missing > 0; {
		ev, err := l.srv.WaitTransfer(ctx, l.zoneID, l.seen+1)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		l.seen++
		t.Logf("transfer log: %s", ev)
		for i, match := range matches {
			if !ok[i] && match(ev) {
				found[i], ok[i] = ev, true
				missing--
				break
			}
		}
	}
	return found
}

// next waits for the next event that matches, skipping others (a NOTIFY a server sends at
// start-up, say), and fails the test when none comes in time.
func (l *transferLog) next(t *testing.T, what string, match func(emulator.Transfer) bool) emulator.Transfer {
	t.Helper()
	ctx := within(t, transferTimeout)
	for {
		ev, err := l.srv.WaitTransfer(ctx, l.zoneID, l.seen+1)
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		l.seen++
		t.Logf("transfer log: %s", ev)
		if match(ev) {
			return ev
		}
	}
}

// zoneRecords asks addr, over TCP, for every name and type the zone's records have, and
// returns the answers: the zone as a resolver sees it.
func zoneRecords(t *testing.T, addr string, zone []dns.RR) []dns.RR {
	t.Helper()
	type question struct {
		name  string
		qtype uint16
	}
	seen := map[question]bool{}
	var out []dns.RR
	c := &dns.Client{Net: "tcp", Timeout: 5 * time.Second}
	for _, rr := range zone {
		q := question{strings.ToLower(rr.Header().Name), rr.Header().Rrtype}
		if seen[q] {
			continue
		}
		seen[q] = true
		m := new(dns.Msg).SetQuestion(q.name, q.qtype)
		in, _, err := c.ExchangeContext(within(t, 10*time.Second), m, addr)
		if err != nil {
			t.Fatalf("%s %s from %s: %v", q.name, dns.TypeToString[q.qtype], addr, err)
		}
		if in.Rcode != dns.RcodeSuccess || !in.Authoritative {
			t.Fatalf("%s %s from %s: %s, authoritative %t", q.name, dns.TypeToString[q.qtype], addr, dns.RcodeToString[in.Rcode], in.Authoritative)
		}
		for _, a := range in.Answer {
			// A CNAME's answer may follow the alias; only the records asked for count.
			if strings.EqualFold(a.Header().Name, q.name) && a.Header().Rrtype == q.qtype {
				out = append(out, a)
			}
		}
	}
	return out
}

// sameRecords compares two record sets, TTLs included.
func sameRecords(t *testing.T, what string, want, got []dns.RR) {
	t.Helper()
	w, g := Canonical(want), Canonical(got)
	if strings.Join(w, "\n") != strings.Join(g, "\n") {
		t.Errorf("%s:\nwant\n%s\ngot\n%s", what, strings.Join(w, "\n"), strings.Join(g, "\n"))
	}
}

// TestCloudflareSecondaryThroughEngine runs each server as the primary of a zone whose
// secondary is the emulator, configured by a Pulumi program through the engine: the server
// runs what nameserverConfig renders for the program's key, the program's IncomingTransfer
// pulls the zone (by IXFR after a change, where the server serves it), and a wrong secret or
// key name fails the pull visibly, naming the key, while the last good copy stays.
func TestCloudflareSecondaryThroughEngine(t *testing.T) {
	t.Parallel()
	requireBuilt(t)
	for i, sw := range Softwares() {
		t.Run(string(sw), func(t *testing.T) {
			t.Parallel()
			// A different algorithm per server, hmac-md5 among them.
			key := newKey(t, []string{dns.HmacMD5, dns.HmacSHA256, dns.HmacSHA384, dns.HmacSHA512}[i%4])
			srv, zoneID := startEmulator(t, emulator.ZoneSecondary, nil)
			zone := NewZone(engineZone, 2026080101)
			s := Start(t, Spec{Software: sw, Role: primary, Key: key, TransferFrom: []string{"127.0.0.1"}, NotifyTo: []string{srv.DNSAddr}}, zone)
			ixfr := sw != powerdns
			program := &incomingProgram{key: *key, port: s.spec.Port, ixfr: ixfr, zoneID: zoneID}
			stack := newEngineStack(t, srv, program.run)
			log := &transferLog{srv: srv, zoneID: zoneID}

			up(t, stack)
			log.next(t, "the first pull", func(ev emulator.Transfer) bool {
				return ev.Direction == "in" && ev.Err == nil && ev.Serial == zone.Serial
			})
			sameRecords(t, "the emulator's copy after the first pull", zone.Records(), zoneRecords(t, srv.DNSAddr, zone.Records()))

			next := zone.Next()
			s.Update(t, next)
			ev := log.next(t, "the pull after the server's NOTIFY", func(ev emulator.Transfer) bool {
				return ev.Direction == "in" && ev.Trigger == emulator.TriggerNotify && ev.Serial == next.Serial
			})
			if ev.Err != nil {
				t.Fatalf("the pull after NOTIFY failed: %v", ev.Err)
			}
			wantKind := map[bool]string{true: "IXFR", false: "AXFR"}[ixfr]
			// PowerDNS answers IXFR with the whole zone, and the peer asks for AXFR anyway.
			if ev.Kind != wantKind {
				t.Errorf("the pull after NOTIFY was an %s, want %s", ev.Kind, wantKind)
			}
			sameRecords(t, "the emulator's copy after the change", next.Records(), zoneRecords(t, srv.DNSAddr, next.Records()))

			for _, c := range []struct {
				name string
				key  dnsx.Key
			}{
				{"a wrong secret", dnsx.Key{Name: key.Name, Algorithm: key.Algorithm, Secret: otherSecret(t, key)}},
				{"a wrong key name", dnsx.Key{Name: "other." + key.Name, Algorithm: key.Algorithm, Secret: key.Secret}},
			} {
				program.key = c.key
				program.triggers = []string{c.name}
				up(t, stack)
				ev := log.next(t, "the forced pull with "+c.name, func(ev emulator.Transfer) bool {
					return ev.Direction == "in" && ev.Trigger == emulator.TriggerForceAXFR
				})
				if ev.Err == nil {
					t.Errorf("with %s the pull succeeded: %s", c.name, ev)
					continue
				}
				if !strings.Contains(ev.Err.Error(), dns.Fqdn(c.key.Name)) {
					t.Errorf("with %s the transfer log's error does not name the key %s: %v", c.name, dns.Fqdn(c.key.Name), ev.Err)
				}
				if ev.Serial != next.Serial {
					t.Errorf("with %s the log says serial %d, want the last good copy's %d", c.name, ev.Serial, next.Serial)
				}
				sameRecords(t, "the emulator's copy after the pull with "+c.name, next.Records(), zoneRecords(t, srv.DNSAddr, next.Records()))
			}
		})
	}
}

// TestCloudflarePrimaryThroughEngine runs each server as the secondary of a zone whose primary
// is the emulator (its records from a zone file), configured by a Pulumi program through the
// engine: the program's OutgoingTransfer (enabled) lets the server, running what
// nameserverConfig renders for the program's key, pull the zone with TSIG; a record added with
// the records API reaches the server by NOTIFY.
func TestCloudflarePrimaryThroughEngine(t *testing.T) {
	t.Parallel()
	requireBuilt(t)
	for i, sw := range Softwares() {
		t.Run(string(sw), func(t *testing.T) {
			t.Parallel()
			key := newKey(t, []string{dns.HmacSHA512, dns.HmacMD5, dns.HmacSHA256, dns.HmacSHA1}[i%4])
			file := filepath.Join(t.TempDir(), engineZone+".zone")
			zone := NewZone(engineZone, 1)
			if err := os.WriteFile(file, []byte(zone.Text()), 0o644); err != nil {
				t.Fatal(err)
			}
			srv, zoneID := startEmulator(t, emulator.ZoneFull, map[string]string{engineZone: file})
			// The program runs first, as a user would: the server's first refresh then finds the
			// zone's transfers enabled (Knot, refused once, turns NOTIFY away until its retry).
			port := freePort(t)
			program := &outgoingProgram{key: *key, port: port, zoneID: zoneID}
			stack := newEngineStack(t, srv, program.run)
			log := &transferLog{srv: srv, zoneID: zoneID}
			res := up(t, stack)
			peerID, _ := res.Outputs["peerId"].Value.(string)
			if peerID == "" {
				t.Fatalf("no peerId in the outputs: %v", res.Outputs)
			}

			s := Start(t, Spec{Software: sw, Role: secondary, Key: key, Primaries: []string{srv.DNSAddr}, NotifyFrom: []string{"127.0.0.1"}, Port: port}, zone)
			first := emulatorSerial(t, srv.DNSAddr, engineZone)
			log.next(t, "the server's transfer", func(ev emulator.Transfer) bool {
				return ev.Trigger == emulator.TriggerQuery && ev.Peer == peerID && ev.Err == nil && ev.Serial == first
			})
			s.WaitSerial(t, first)
			sameRecords(t, "the server's copy", zoneRecords(t, srv.DNSAddr, zone.Records()), zoneRecords(t, s.Addr, zone.Records()))

			added := addRecord(t, srv, zoneID, engineZone, "added", "A", "192.0.2.99")
			second := emulatorSerial(t, srv.DNSAddr, engineZone)
			if second == first {
				t.Fatalf("adding a record left the serial at %d", first)
			}
			evs := log.all(t, "the NOTIFY after the record change, and the server's transfer",
				func(ev emulator.Transfer) bool {
					return ev.Kind == "NOTIFY" && ev.Trigger == emulator.TriggerRecords
				},
				func(ev emulator.Transfer) bool {
					return ev.Trigger == emulator.TriggerQuery && ev.Peer == peerID && ev.Err == nil && ev.Serial == second
				})
			if evs[0].Err != nil {
				t.Errorf("the NOTIFY after the record change: %v", evs[0].Err)
			}
			ev := evs[1]
			t.Logf("%s pulled the change by %s", sw, ev.Kind)
			s.WaitSerial(t, second)
			all := append(zone.Records(), added)
			sameRecords(t, "the server's copy after the change", zoneRecords(t, srv.DNSAddr, all), zoneRecords(t, s.Addr, all))
		})
	}
}

// emulatorSerial is the zone's serial as the emulator serves it.
func emulatorSerial(t *testing.T, addr, zone string) uint32 {
	t.Helper()
	soa, err := dnsprobe.SOA(within(t, serialTimeout), addr, zone)
	if err != nil {
		t.Fatal(err)
	}
	return soa.Serial
}

// addRecord adds a record with the emulator's DNS records API, as a user would in the
// dashboard, and returns it as DNS serves it (TTL 300, Cloudflare's automatic).
func addRecord(t *testing.T, srv *emulatortest.Server, zoneID, zone, name, typ, content string) dns.RR {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"type": typ, "name": name, "content": content, "ttl": 1})
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, srv.URL+"zones/"+zoneID+"/dns_records", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+srv.Token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("POST dns_records: %s", resp.Status)
	}
	rr, err := dns.NewRR(fmt.Sprintf("%s.%s 300 IN %s %s", name, dns.Fqdn(zone), typ, content))
	if err != nil {
		t.Fatal(err)
	}
	return rr
}

// requireBuilt fails the test when the CLI or the provider plugin the engine needs is not built.
func requireBuilt(t *testing.T) {
	t.Helper()
	root, err := engine.RepoRoot()
	if err == nil {
		err = engine.CheckBuilt(root)
	}
	if err != nil {
		t.Fatal(err)
	}
}
