package interop

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/miekg/dns"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/dnsx"
)

// TestTransferVerifiesEachAnswer proves Transfer's TSIG on a transfer in many messages, each
// signed over the previous one's MAC (RFC 8945 5.3.1): it verifies when every message is signed
// with the key, and fails, not as a refusal, when any message is signed with another secret.
// The servers' tests rely on it to prove that their answers are signed.
func TestTransferVerifiesEachAnswer(t *testing.T) {
	t.Parallel()
	zone := NewZone("example.test.", 3)
	records := append(zone.Records(), zone.SOA())
	key := newKey(t, dns.HmacMD5)
	other := &dnsx.Key{Name: key.Name, Algorithm: key.Algorithm, Secret: otherSecret(t, key)}
	for _, c := range []struct {
		name      string
		forged    int // the message signed with the other secret; -1: none
		wantError bool
	}{
		{"every message with the key", -1, false},
		{"the first message with another secret", 0, true},
		{"a later message with another secret", len(records) / 2, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			good, err := wireKey(key)
			if err != nil {
				t.Fatal(err)
			}
			bad, err := wireKey(other)
			if err != nil {
				t.Fatal(err)
			}
			// One record a message, each signed here over the MAC before it.
			addr := listen(t, "127.0.0.1", nil, dns.HandlerFunc(func(w dns.ResponseWriter, r *dns.Msg) {
				mac := r.IsTsig().MAC
				for i, rr := range records {
					signer := good
					if i == c.forged {
						signer = bad
					}
					m := new(dns.Msg).SetReply(r)
					m.Authoritative = true
					m.Answer = []dns.RR{rr}
					raw, next, err := signer.Pack(m, mac, i > 0)
					if err != nil {
						t.Errorf("sign message %d: %v", i, err)
						return
					}
					if _, err := w.Write(raw); err != nil {
						return // the client stopped reading
					}
					mac = next
				}
			}))

			got, err := Transfer(within(t, serialTimeout), TransferRequest{Addr: addr, Zone: zone.Name, Key: key})
			if !c.wantError {
				if err != nil {
					t.Fatalf("transfer: %v", err)
				}
				if diff := cmp.Diff(Canonical(zone.Records()), Canonical(ZoneOf(got))); diff != "" {
					t.Errorf("transferred (-zone +transferred):\n%s", diff)
				}
				return
			}
			switch {
			case err == nil:
				t.Fatalf("transfer succeeded with message %d signed with another secret", c.forged)
			case IsRefused(err):
				t.Errorf("a forged signature taken for a refusal: %v", err)
			case !strings.Contains(err.Error(), "does not verify"):
				t.Errorf("the error does not say the signature does not verify: %v", err)
			}
		})
	}
}
