package interop

import (
	"testing"

	"github.com/miekg/dns"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/dnsx"
)

// notifySource is where the test primary sends NOTIFY from: not the address it serves
// transfers on, as with Cloudflare, so that the rendered allow-notify is what lets it in.
const notifySource = "127.0.0.2"

// TestSecondary runs each server as a secondary pulling from a stand-in for Cloudflare's
// primary, configured with the rendered text: Cloudflare's primary replaced by the stand-in and
// its NOTIFY sources by 127.0.0.2.
func TestSecondary(t *testing.T) {
	t.Parallel()
	for _, sw := range Softwares() {
		for _, signed := range []bool{true, false} {
			name := string(sw) + "/with key"
			var key *dnsx.Key
			if signed {
				key = newKey(t, "hmac-sha512.")
			} else {
				name = string(sw) + "/without key"
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				zone := NewZone("example.test.", 41)
				upstream := StartPrimary(t, zone, key)
				s := Start(t, Spec{Software: sw, Role: secondary, Key: key, Primaries: []string{upstream.Addr}, NotifyFrom: []string{notifySource}}, zone)
				s.WaitSerial(t, zone.Serial)
				ctx := within(t, serialTimeout)

				next := zone.Next()
				upstream.SetZone(next)
				// A NOTIFY from an address the configuration does not name is turned away.
				if rcode, err := upstream.Notify(ctx, s.Addr, "127.0.0.3"); err != nil || rcode == dns.RcodeSuccess {
					t.Errorf("NOTIFY from 127.0.0.3: %s, %v; want a refusal", dns.RcodeToString[rcode], err)
				}
				rcode, err := upstream.Notify(ctx, s.Addr, notifySource)
				if err != nil || rcode != dns.RcodeSuccess {
					t.Fatalf("NOTIFY from %s: %s, %v", notifySource, dns.RcodeToString[rcode], err)
				}
				s.WaitSerial(t, next.Serial)

				// The stand-in refuses unsigned requests when it has a key, so the transfers
				// prove the secondary signed; check that it never tried otherwise.
				for _, r := range upstream.Requests() {
					if key != nil && r.KeyName != dns.Fqdn(key.Name) {
						t.Errorf("%s over %s not signed with the key: %+v", r.Type, r.Net, r)
					}
				}
				t.Logf("requests to the primary: %+v", upstream.Requests())
			})
		}
	}
}
