package emulatortest

import (
	"crypto/rand"
	"encoding/base64"
	"testing"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator"
)

// HandMade is an account's Secondary DNS as a team sets it up by hand, in the dashboard or by
// script, for tests of adopting it: what SeedHandMade made.
type HandMade struct {
	Account, Other string // the account, and another one the same credentials may use

	Keys  []emulator.TSIG // two keys, their secrets random
	Peers []emulator.Peer // three peers; two of them, "ns1 primary" and "ns1-primary", use the first key
	ACL   emulator.ACL

	Incoming []emulator.Zone // secondary zones, each with an incoming configuration
	Outgoing []emulator.Zone // full zones, each with an outgoing configuration
	Disabled emulator.Zone   // of Outgoing, the one whose transfers are switched off
	Bare     emulator.Zone   // a full zone with no transfer configuration

	// In Other: a key, a peer, an ACL and a zone with an outgoing configuration.
	OtherIDs []string
}

// SeedHandMade fills the server's first account, and its second (Options.Accounts must name
// two), without a request: keys, peers that use them (two with names that differ only in
// punctuation), an ACL, secondary zones with incoming configurations, full zones with outgoing
// ones (one switched off), a zone with none, and objects of the other account.
func (s *Server) SeedHandMade(t testing.TB) HandMade {
	t.Helper()
	accounts := s.Accounts()
	if len(accounts) < 2 {
		t.Fatal("SeedHandMade needs Options.Accounts with two accounts")
	}
	h := HandMade{Account: accounts[0], Other: accounts[1]}
	h.Keys = []emulator.TSIG{
		s.PutTSIG(h.Account, emulator.TSIG{Name: "transfer.example.com.", Algo: "hmac-sha512.", Secret: RandomSecret(64)}),
		s.PutTSIG(h.Account, emulator.TSIG{Name: "notify.example.com.", Algo: "hmac-sha256.", Secret: RandomSecret(32)}),
	}
	ip := func(s string) *string { return &s }
	port := func(n float64) *float64 { return &n }
	yes := true
	h.Peers = []emulator.Peer{
		s.PutPeer(h.Account, emulator.Peer{Name: "ns1 primary", IP: ip("192.0.2.53"), Port: port(53), IxfrEnable: &yes, TSIGID: &h.Keys[0].ID}),
		s.PutPeer(h.Account, emulator.Peer{Name: "ns1-primary", IP: ip("192.0.2.54"), Port: port(5353), TSIGID: &h.Keys[0].ID}),
		s.PutPeer(h.Account, emulator.Peer{Name: "secondary", IP: ip("198.51.100.7"), Port: port(53), TSIGID: &h.Keys[1].ID}),
	}
	h.ACL = s.PutACL(h.Account, emulator.ACL{Name: "secondaries", IPRange: "198.51.100.0/24"})

	zone := func(name, typ, account string) emulator.Zone {
		z, err := s.AddZone(name, typ, account)
		if err != nil {
			t.Fatalf("seed zone %s: %v", name, err)
		}
		return z
	}
	for i, name := range []string{"a.example.com", "b.example.com"} {
		z := zone(name, emulator.ZoneSecondary, h.Account)
		if !s.PutIncoming(z.ID, emulator.Incoming{Name: name + ".", Peers: []string{h.Peers[i].ID}, AutoRefreshSeconds: 3600 * (i + 1)}) {
			t.Fatalf("seed the incoming configuration of %s", name)
		}
		h.Incoming = append(h.Incoming, z)
	}
	for i, name := range []string{"example.org", "example.net"} {
		z := zone(name, emulator.ZoneFull, h.Account)
		if !s.PutOutgoing(z.ID, emulator.Outgoing{Name: name + ".", Peers: []string{h.Peers[2].ID}, Enabled: i == 0}) {
			t.Fatalf("seed the outgoing configuration of %s", name)
		}
		h.Outgoing = append(h.Outgoing, z)
	}
	h.Disabled = h.Outgoing[1]
	h.Bare = zone("bare.example.com", emulator.ZoneFull, h.Account)

	otherKey := s.PutTSIG(h.Other, emulator.TSIG{Name: "transfer.example.com.", Algo: "hmac-sha512.", Secret: RandomSecret(64)})
	otherPeer := s.PutPeer(h.Other, emulator.Peer{Name: "ns1 primary", IP: ip("203.0.113.1"), TSIGID: &otherKey.ID})
	otherACL := s.PutACL(h.Other, emulator.ACL{Name: "secondaries", IPRange: "203.0.113.0/24"})
	otherZone := zone("example.org", emulator.ZoneFull, h.Other)
	if !s.PutOutgoing(otherZone.ID, emulator.Outgoing{Name: "example.org.", Peers: []string{otherPeer.ID}, Enabled: true}) {
		t.Fatal("seed the other account's outgoing configuration")
	}
	h.OtherIDs = []string{otherKey.ID, otherPeer.ID, otherACL.ID, otherZone.ID}
	return h
}

// RandomSecret is a random base64 TSIG secret of n bytes.
func RandomSecret(n int) string {
	key := make([]byte, n)
	_, _ = rand.Read(key) // never fails (crypto/rand)
	return base64.StdEncoding.EncodeToString(key)
}
