package interop

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/miekg/dns"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/dnsx"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/emulatortest"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/provider"
	cfsecdns "github.com/cfsecdns/pulumi-cloudflare-secondary-dns/sdk/go/cloudflaresecondarydns"
)

// The zones of the rotation: the server is the primary of one (Cloudflare pulls it) and a
// secondary of the other (it pulls from Cloudflare).
const (
	rotationIn  = "in.example.test"
	rotationOut = "out.example.test"
)

// rotationProgram is what a user declares for both directions at one step of a rotation: every
// key the step holds, and both peers on the key Cloudflare uses.
type rotationProgram struct {
	keys                       []*dnsx.Key
	peerKey                    *dnsx.Key
	primaryPort, secondaryPort int
	ixfr                       bool
	inZoneID, outZoneID        string
}

func (p *rotationProgram) run(ctx *pulumi.Context) error {
	ids := map[string]pulumi.StringOutput{}
	for _, k := range p.keys {
		key, err := cfsecdns.NewTsig(ctx, k.Name, &cfsecdns.TsigArgs{
			Name: pulumi.String(k.Name), Algo: algorithmOf(k), Secret: pulumi.StringPtr(k.Secret),
		})
		if err != nil {
			return err
		}
		ids[k.Name] = key.ID().ToStringOutput()
	}
	primary, err := cfsecdns.NewPeer(ctx, "primary", &cfsecdns.PeerArgs{
		Name: pulumi.String("primary"), Ip: pulumi.StringPtr("127.0.0.1"), Port: pulumi.IntPtr(p.primaryPort),
		IxfrEnable: pulumi.BoolPtr(p.ixfr), TsigId: ids[p.peerKey.Name],
	})
	if err != nil {
		return err
	}
	if _, err := cfsecdns.NewIncomingTransfer(ctx, "incoming", &cfsecdns.IncomingTransferArgs{
		ZoneId: pulumi.String(p.inZoneID), Name: pulumi.String(rotationIn),
		Peers: pulumi.StringArray{primary.ID().ToStringOutput()}, AutoRefreshSeconds: pulumi.IntPtr(86400),
	}); err != nil {
		return err
	}
	secondary, err := cfsecdns.NewPeer(ctx, "secondary", &cfsecdns.PeerArgs{
		Name: pulumi.String("secondary"), Ip: pulumi.StringPtr("127.0.0.1"), Port: pulumi.IntPtr(p.secondaryPort),
		TsigId: ids[p.peerKey.Name],
	})
	if err != nil {
		return err
	}
	_, err = cfsecdns.NewOutgoingTransfer(ctx, "outgoing", &cfsecdns.OutgoingTransferArgs{
		ZoneId: pulumi.String(p.outZoneID), Name: pulumi.String(rotationOut),
		Peers: pulumi.StringArray{secondary.ID().ToStringOutput()}, Enabled: pulumi.BoolPtr(true),
	})
	return err
}

// rotation is one server through a rotation, in both roles at once: one instance as the
// primary of rotationIn, one as a secondary of rotationOut, the emulator on the other side of
// each, and the program through the engine.
type rotation struct {
	srv                *emulatortest.Server
	stack              auto.Stack
	program            *rotationProgram
	primary, secondary *Server
	in, out            *transferLog
	zone               *Zone // rotationIn as the primary serves it
	added              int   // records added to rotationOut
}

func startRotation(t *testing.T, sw provider.NameserverSoftware, key *dnsx.Key) *rotation {
	t.Helper()
	file := filepath.Join(t.TempDir(), rotationOut+".zone")
	if err := os.WriteFile(file, []byte(NewZone(rotationOut, 1).Text()), 0o644); err != nil {
		t.Fatal(err)
	}
	srv := emulatortest.Start(t, emulator.Options{
		DNSAddr: "127.0.0.1:0", ZoneFiles: map[string]string{rotationOut: file},
		Zones: []emulator.ZoneSeed{{Name: rotationIn, Type: emulator.ZoneSecondary}, {Name: rotationOut, Type: emulator.ZoneFull}},
	})
	zoneID := func(name string) string {
		z, ok := srv.ZoneByName(srv.AccountID, name)
		if !ok {
			t.Fatalf("the emulator holds no zone %s", name)
		}
		return z.ID
	}
	r := &rotation{srv: srv, zone: NewZone(rotationIn, 2026080101)}
	r.in = &transferLog{srv: srv, zoneID: zoneID(rotationIn)}
	r.out = &transferLog{srv: srv, zoneID: zoneID(rotationOut)}
	r.primary = Start(t, Spec{Software: sw, Role: primary, Key: key, TransferFrom: []string{"127.0.0.1"}, NotifyTo: []string{srv.DNSAddr}}, r.zone)
	r.program = &rotationProgram{
		keys: []*dnsx.Key{key}, peerKey: key, primaryPort: r.primary.spec.Port, secondaryPort: freePort(t),
		ixfr: r.primary.Software != powerdns, inZoneID: r.in.zoneID, outZoneID: r.out.zoneID,
	}
	r.stack = newEngineStack(t, srv, r.program.run)
	up(t, r.stack)
	r.in.next(t, "the first pull", func(ev emulator.Transfer) bool {
		return ev.Direction == "in" && ev.Err == nil && ev.Serial == r.zone.Serial
	})
	r.secondary = Start(t, Spec{Software: sw, Role: secondary, Key: key, Primaries: []string{srv.DNSAddr}, NotifyFrom: []string{"127.0.0.1"},
		Port: r.program.secondaryPort}, NewZone(rotationOut, 1))
	r.secondary.WaitSerial(t, emulatorSerial(t, srv.DNSAddr, rotationOut))
	return r
}

// change changes both zones as users do, the primary's by its zone file and a reload (it sends
// NOTIFY), Cloudflare's with the records API (it sends NOTIFY), and returns the serials.
func (r *rotation) change(t *testing.T) (in, out uint32) {
	t.Helper()
	r.zone = r.zone.Next()
	r.primary.Update(t, r.zone)
	r.added++
	addRecord(t, r.srv, r.out.zoneID, rotationOut, fmt.Sprintf("added%d", r.added), "A", fmt.Sprintf("192.0.2.%d", 100+r.added))
	return r.zone.Serial, emulatorSerial(t, r.srv.DNSAddr, rotationOut)
}

// pulled waits until Cloudflare has pulled serial from the primary, and checks the key it used.
func (r *rotation) pulled(t *testing.T, serial uint32, key *dnsx.Key) {
	t.Helper()
	ev := r.in.next(t, fmt.Sprintf("Cloudflare's pull of serial %d", serial), func(ev emulator.Transfer) bool {
		return ev.Kind != "NOTIFY" && ev.Err == nil && ev.Serial == serial
	})
	if !sameKeyName(ev.Key, key.Name) {
		t.Errorf("Cloudflare pulled serial %d with key %q, want %q", serial, ev.Key, key.Name)
	}
}

// served waits until the secondary serves serial, and checks the key of Cloudflare's last
// transfer to it.
func (r *rotation) served(t *testing.T, serial uint32, key *dnsx.Key) {
	t.Helper()
	r.secondary.WaitSerial(t, serial)
	ev := r.out.next(t, fmt.Sprintf("the secondary's transfer of serial %d", serial), func(ev emulator.Transfer) bool {
		return ev.Trigger == emulator.TriggerQuery && ev.Kind != "SOA" && ev.Err == nil && ev.Serial == serial
	})
	if !sameKeyName(ev.Key, key.Name) {
		t.Errorf("the secondary transferred serial %d with key %q, want %q", serial, ev.Key, key.Name)
	}
}

func sameKeyName(a, b string) bool { return strings.EqualFold(dns.Fqdn(a), dns.Fqdn(b)) }

// mark is where both logs stand, to count what a step brought.
type mark struct{ in, out int }

func (r *rotation) mark() mark {
	return mark{len(r.srv.Transfers(r.in.zoneID)), len(r.srv.Transfers(r.out.zoneID))}
}

// failed is what failed between two marks, in each direction: pulls by Cloudflare and NOTIFYs
// it received from the primary; the secondary's transfers (SOA checks included) and NOTIFYs
// Cloudflare sent it.
type failed struct{ pulls, notifies, transfers, sent []emulator.Transfer }

func (r *rotation) failedBetween(from, to mark) failed {
	var f failed
	for _, ev := range r.srv.Transfers(r.in.zoneID)[from.in:to.in] {
		switch {
		case ev.Err == nil:
		case ev.Kind == "NOTIFY":
			f.notifies = append(f.notifies, ev)
		default:
			f.pulls = append(f.pulls, ev)
		}
	}
	for _, ev := range r.srv.Transfers(r.out.zoneID)[from.out:to.out] {
		switch {
		case ev.Err == nil:
		case ev.Kind == "NOTIFY":
			f.sent = append(f.sent, ev)
		default:
			f.transfers = append(f.transfers, ev)
		}
	}
	return f
}

// keysOf names the keys a list of failures came signed with, each once.
func keysOf(evs []emulator.Transfer) string {
	var names []string
	for _, ev := range evs {
		if !slices.Contains(names, ev.Key) {
			names = append(names, ev.Key)
		}
	}
	if len(names) == 0 {
		return "no key"
	}
	return strings.Join(names, ", ")
}

// none fails the test for every failure in evs.
func none(t *testing.T, step, what string, evs []emulator.Transfer) {
	t.Helper()
	for _, ev := range evs {
		t.Errorf("step %s: %s failed: %s", step, what, ev)
	}
}

// none says that nothing failed in the step: no pull, NOTIFY, NOTIFY to the secondary or
// transfer to it.
func (f failed) none(t *testing.T, step string) {
	t.Helper()
	none(t, step, "a pull", f.pulls)
	none(t, step, "a NOTIFY", f.notifies)
	none(t, step, "a NOTIFY to the secondary", f.sent)
	none(t, step, "a transfer to the secondary", f.transfers)
}

// TestRotation runs the rotation docs/rotating-tsig-keys.md describes, through the engine
// against the emulator, for each server in both roles at once, with a change to each zone (and
// its NOTIFY) at every step:
//
//   - accept: the program declares the new key beside the old; the servers run a configuration
//     with the old key current and the new one accepted. Nothing fails.
//   - switch: the program moves the peers to the new key; then the servers run a configuration
//     with the new key current and the old one accepted. Cloudflare's pulls never fail. Between
//     the `up` and the servers' new configuration, Cloudflare refuses the primary's NOTIFY (signed
//     with the old key) and the secondary's first try with the old key: BIND, Knot and NSD then
//     try the new key and get the change at once; PowerDNS, which signs its pulls with one key,
//     gets it only once it runs the new configuration. The window is measured and reported.
//   - drop: the servers run the new key alone; the program drops the old key. Nothing fails.
func TestRotation(t *testing.T) {
	t.Parallel()
	requireBuilt(t)
	for _, sw := range Softwares() {
		t.Run(string(sw), func(t *testing.T) {
			t.Parallel()
			// Each key its own name, as a rotation needs, and its own algorithm.
			oldKey := NewKey(t, "transfer-2026.example.test", dns.HmacSHA256)
			newKey := NewKey(t, "transfer-2027.example.test", dns.HmacSHA512)
			r := startRotation(t, sw, oldKey)
			fallsBack := sw != powerdns

			// accept
			m := r.mark()
			r.primary.Rekey(t, oldKey, newKey)
			r.secondary.Rekey(t, oldKey, newKey)
			r.program.keys = []*dnsx.Key{oldKey, newKey}
			up(t, r.stack)
			in, out := r.change(t)
			r.pulled(t, in, oldKey)
			r.served(t, out, oldKey)
			f := r.failedBetween(m, r.mark())
			f.none(t, "accept")

			// switch: Cloudflare first, then the servers.
			m = r.mark()
			switched := time.Now()
			r.program.peerKey = newKey
			up(t, r.stack)
			in, out = r.change(t)
			r.in.next(t, "the refusal of the NOTIFY signed with the old key", func(ev emulator.Transfer) bool {
				return ev.Kind == "NOTIFY" && ev.Err != nil && sameKeyName(ev.Key, oldKey.Name)
			})
			if fallsBack {
				r.served(t, out, newKey) // the change arrives before the server's new configuration
			} else {
				// PowerDNS refuses a NOTIFY signed with a key other than the one it pulls with.
				r.out.next(t, "the secondary's refusal of the NOTIFY signed with the new key", func(ev emulator.Transfer) bool {
					return ev.Kind == "NOTIFY" && ev.Err != nil && sameKeyName(ev.Key, newKey.Name)
				})
				if got, err := r.secondary.Serial(within(t, serialTimeout)); err != nil || got == out {
					t.Errorf("step switch: %s got serial %d (%v) with the old key, which Cloudflare refused", sw, got, err)
				}
			}
			r.primary.Rekey(t, newKey, oldKey)
			r.secondary.Rekey(t, newKey, oldKey)
			if !fallsBack {
				r.served(t, out, newKey)
			}
			window := time.Since(switched)
			reconfigured := r.mark()
			before := r.failedBetween(m, reconfigured)
			in, out = r.change(t)
			r.pulled(t, in, newKey)
			r.served(t, out, newKey)
			none(t, "switch", "a pull", before.pulls)
			for _, ev := range append(before.notifies, before.transfers...) {
				if !sameKeyName(ev.Key, oldKey.Name) {
					t.Errorf("step switch: a refusal of another key than the old one: %s", ev)
				}
			}
			if fallsBack {
				none(t, "switch", "a NOTIFY to the secondary", before.sent)
			}
			after := r.failedBetween(reconfigured, r.mark())
			after.none(t, "switch, once the servers run the new key")
			t.Logf("ROTATION %s switch, Cloudflare as secondary: 0 failed pulls; %d NOTIFY refused (signed with %s) until the primary ran the new key",
				sw, len(before.notifies), keysOf(before.notifies))
			if fallsBack {
				t.Logf("ROTATION %s switch, Cloudflare as primary: 0 failed pulls; %d tries with the old key refused, and the change "+
					"arrived with the new key before the server's new configuration", sw, len(before.transfers))
			} else {
				t.Logf("ROTATION %s switch, Cloudflare as primary: WINDOW: %d NOTIFYs (signed with %s) refused by the server and %d pulls (with %s) refused by Cloudflare; "+
					"the change arrived %.1fs after the switch, once the server ran the new key",
					sw, len(before.sent), keysOf(before.sent), len(before.transfers), keysOf(before.transfers), window.Seconds())
			}

			// drop: the servers first, then Cloudflare.
			m = r.mark()
			r.primary.Rekey(t, newKey)
			r.secondary.Rekey(t, newKey)
			r.program.keys = []*dnsx.Key{newKey}
			up(t, r.stack)
			in, out = r.change(t)
			r.pulled(t, in, newKey)
			r.served(t, out, newKey)
			f = r.failedBetween(m, r.mark())
			f.none(t, "drop")
		})
	}
}
