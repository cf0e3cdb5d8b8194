package nameserver

import (
	"testing"

	"github.com/miekg/dns"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/dnsx"
)

// Two peers' keys may share a name with different secrets: a signed query is verified with the
// key of the peer it came from, and only from elsewhere (an ACL address) by the name.
func TestKeyForChoosesByPeer(t *testing.T) {
	t.Parallel()
	mustKey := func(secret string) *dnsx.Key {
		k, err := dnsx.NewKey("shared.", "hmac-sha256.", secret)
		if err != nil {
			t.Fatal(err)
		}
		return k
	}
	first, second := mustKey("Zmlyc3Qtc2VjcmV0"), mustKey("c2Vjb25kLXNlY3JldA==")
	peers := []peerEndpoint{{peer: Peer{ID: "a"}, key: first}, {peer: Peer{ID: "b"}, key: second}}
	signed := new(dns.Msg).SetQuestion("example.test.", dns.TypeSOA)
	signed.SetTsig("shared.", dns.HmacSHA256, dnsx.Fudge, 0)

	if got := keyFor(signed, &peers[1], peers); got != second {
		t.Errorf("from the second peer: got key %v, want the second peer's", got)
	}
	if got := keyFor(signed, nil, peers); got != first {
		t.Errorf("from an ACL address: got key %v, want the first linked peer's key of that name", got)
	}
	if got := keyFor(new(dns.Msg).SetQuestion("example.test.", dns.TypeSOA), &peers[1], peers); got != nil {
		t.Errorf("an unsigned query: got key %v, want none", got)
	}
}
