package interop

import (
	"maps"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/miekg/dns"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/dnsx"
)

// TestPrimary runs each server as the primary Cloudflare pulls from, configured with the rendered
// text: Cloudflare's transfer addresses replaced by 127.0.0.1 and its NOTIFY addresses by a
// local listener.
func TestPrimary(t *testing.T) {
	t.Parallel()
	for _, sw := range Softwares() {
		t.Run(string(sw), func(t *testing.T) {
			t.Parallel()
			key := newKey(t, "hmac-sha512.")
			notify := ListenNotify(t, key)
			zone := NewZone("example.test.", 2026080101)
			s := Start(t, Spec{Software: sw, Role: primary, Key: key, TransferFrom: []string{"127.0.0.1"}, NotifyTo: []string{notify.Addr}}, zone)
			ctx := within(t, serialTimeout)

			got, err := Transfer(ctx, TransferRequest{Addr: s.Addr, Zone: zone.Name, Key: key, From: "127.0.0.1"})
			if err != nil {
				t.Fatalf("AXFR with the key: %v", err)
			}
			if diff := cmp.Diff(Canonical(zone.Records()), Canonical(ZoneOf(got))); diff != "" {
				t.Fatalf("AXFR with the key (-zone file +transferred):\n%s", diff)
			}

			// PowerDNS authorises a signed request by its key alone, whatever the address (the
			// rendered text says so); the others require both.
			keyAlone := sw == powerdns
			for _, c := range []struct {
				name    string
				key     *dnsx.Key
				from    string
				refused bool
			}{
				{"unsigned", nil, "127.0.0.1", true},
				{"wrong secret", &dnsx.Key{Name: key.Name, Algorithm: key.Algorithm, Secret: otherSecret(t, key)}, "127.0.0.1", true},
				{"unknown key name", &dnsx.Key{Name: "other.example.test.", Algorithm: key.Algorithm, Secret: key.Secret}, "127.0.0.1", true},
				{"wrong algorithm", &dnsx.Key{Name: key.Name, Algorithm: "hmac-sha256.", Secret: key.Secret}, "127.0.0.1", true},
				{"the key from an address not allowed", key, "127.0.0.2", !keyAlone},
			} {
				_, err := Transfer(ctx, TransferRequest{Addr: s.Addr, Zone: zone.Name, Key: c.key, From: c.from})
				switch {
				case c.refused && !IsRefused(err):
					t.Errorf("AXFR, %s: want a refusal, got %v", c.name, err)
				case !c.refused && err != nil:
					t.Errorf("AXFR, %s: %v", c.name, err)
				default:
					t.Logf("AXFR, %s: %v", c.name, err)
				}
			}

			next := zone.Next()
			s.Update(t, next)
			n := notify.Wait(t, func(n Notify) bool { return n.Zone == zone.Name && (!n.HasSerial || n.Serial == next.Serial) })
			if n.KeyName != dns.Fqdn(key.Name) || !n.Verified {
				t.Errorf("the NOTIFY after the change is not signed with the key: %s", n)
			}

			got, err = Transfer(ctx, TransferRequest{Addr: s.Addr, Zone: zone.Name, Key: key, IXFR: true, Serial: zone.Serial})
			if err != nil {
				t.Fatalf("IXFR from serial %d: %v", zone.Serial, err)
			}
			if sw == powerdns {
				// PowerDNS never serves IXFR: it answers with the whole zone.
				if dnsx.IsIncremental(got) {
					t.Errorf("IXFR: PowerDNS served an incremental answer")
				}
				if diff := cmp.Diff(Canonical(next.Records()), Canonical(ZoneOf(got))); diff != "" {
					t.Errorf("IXFR answered with the zone (-zone file +transferred):\n%s", diff)
				}
				return
			}
			if !dnsx.IsIncremental(got) {
				t.Fatalf("IXFR: the whole zone came back, not the differences:\n%v", got)
			}
			// Servers may add again records that did not change (NSD does so at the apex): what
			// must hold is that the differences turn one version into the other.
			deleted, added := IXFRChanges(got)
			if diff := cmp.Diff(Canonical(next.Records()), apply(t, Canonical(zone.Records()), deleted, added)); diff != "" {
				t.Errorf("the zone after the IXFR's differences (-zone file +after IXFR):\n%s", diff)
			}
			if len(deleted)+len(added) >= len(next.Records()) {
				t.Errorf("IXFR: %d records deleted and %d added for a change of 3", len(deleted), len(added))
			}
		})
	}
}

// TestPrimaryWithoutKey renders without TSIG: the address alone admits a transfer, and NOTIFY
// goes out unsigned.
func TestPrimaryWithoutKey(t *testing.T) {
	t.Parallel()
	for _, sw := range Softwares() {
		t.Run(string(sw), func(t *testing.T) {
			t.Parallel()
			notify := ListenNotify(t, nil)
			zone := NewZone("example.test.", 7)
			s := Start(t, Spec{Software: sw, Role: primary, TransferFrom: []string{"127.0.0.1"}, NotifyTo: []string{notify.Addr}}, zone)
			ctx := within(t, serialTimeout)

			got, err := Transfer(ctx, TransferRequest{Addr: s.Addr, Zone: zone.Name, From: "127.0.0.1"})
			if err != nil {
				t.Fatalf("AXFR from 127.0.0.1: %v", err)
			}
			if diff := cmp.Diff(Canonical(zone.Records()), Canonical(ZoneOf(got))); diff != "" {
				t.Fatalf("AXFR (-zone file +transferred):\n%s", diff)
			}
			if _, err := Transfer(ctx, TransferRequest{Addr: s.Addr, Zone: zone.Name, From: "127.0.0.2"}); !IsRefused(err) {
				t.Errorf("AXFR from 127.0.0.2, not allowed: want a refusal, got %v", err)
			}

			next := zone.Next()
			s.Update(t, next)
			n := notify.Wait(t, func(n Notify) bool { return n.Zone == zone.Name && (!n.HasSerial || n.Serial == next.Serial) })
			if n.KeyName != "" {
				t.Errorf("NOTIFY signed without a key configured: %s", n)
			}
		})
	}
}

// TestPrimaryAlgorithms proves each algorithm's rendered name on each server: a transfer signed
// with a key of that algorithm succeeds.
func TestPrimaryAlgorithms(t *testing.T) {
	t.Parallel()
	algorithms := slices.Sorted(maps.Keys(dnsx.Algorithms))
	for _, sw := range Softwares() {
		for _, algorithm := range algorithms {
			t.Run(string(sw)+"/"+algorithm, func(t *testing.T) {
				t.Parallel()
				key := newKey(t, algorithm)
				notify := ListenNotify(t, key)
				zone := NewZone("example.test.", 1)
				s := Start(t, Spec{Software: sw, Role: primary, Key: key, TransferFrom: []string{"127.0.0.1"}, NotifyTo: []string{notify.Addr}}, zone)
				got, err := Transfer(within(t, serialTimeout), TransferRequest{Addr: s.Addr, Zone: zone.Name, Key: key, From: "127.0.0.1"})
				if err != nil {
					t.Fatalf("AXFR with a %s key: %v", algorithm, err)
				}
				if diff := cmp.Diff(Canonical(zone.Records()), Canonical(ZoneOf(got))); diff != "" {
					t.Fatalf("AXFR with a %s key (-zone file +transferred):\n%s", algorithm, diff)
				}
			})
		}
	}
}

// apply applies an IXFR's differences to a zone's canonical records.
func apply(t *testing.T, zone []string, deleted, added []dns.RR) []string {
	t.Helper()
	for _, rr := range Canonical(deleted) {
		i := slices.Index(zone, rr)
		if i < 0 {
			t.Errorf("IXFR deletes a record the zone does not have: %s", rr)
			continue
		}
		zone = slices.Delete(zone, i, i+1)
	}
	// Records are sets: adding one the zone has changes nothing.
	for _, rr := range Canonical(added) {
		if !slices.Contains(zone, rr) {
			zone = append(zone, rr)
		}
	}
	slices.Sort(zone)
	return zone
}
