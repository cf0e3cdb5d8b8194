package nameserver

import (
	"strings"
	"time"

	"github.com/miekg/dns"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/dnsx"
)

// The TSIG of queries the nameserver answers, written once: which key verifies a query, and
// the verification with its answers. A key is chosen by peer, never by name alone, since two
// keys of an account may share a name with different secrets.

// keyFor is the key to verify a signed query with: the key of the peer it came from; from
// elsewhere (an ACL address), a linked peer's key with the query's key name. Nil for an unsigned
// query, or when no peer's key fits.
func keyFor(m *dns.Msg, from *peerEndpoint, peers []peerEndpoint) *dnsx.Key {
	t := m.IsTsig()
	if t == nil {
		return nil
	}
	if from != nil && from.key != nil {
		return from.key
	}
	for _, p := range peers {
		if p.key != nil && strings.EqualFold(p.key.Name, t.Hdr.Name) {
			return p.key
		}
	}
	return nil
}

// keyHolder is the peer of an outgoing configuration's peers that holds their TSIG key: they
// all share one, or none (nil).
func keyHolder(peers []peerEndpoint) *peerEndpoint {
	for i := range peers {
		if peers[i].key != nil {
			return &peers[i]
		}
	}
	return nil
}

// tsig is the peer's key, nil without one (or without a peer).
func (p *peerEndpoint) tsig() *dnsx.Key {
	if p == nil {
		return nil
	}
	return p.key
}

// loggedKey names the peer's key for the transfer log: its name and TSIG ID, "" without one.
func (p *peerEndpoint) loggedKey() (name, id string) {
	if p.tsig() == nil {
		return "", ""
	}
	return p.key.Name, p.keyID
}

// verify checks a query against key: 0 when it is unsigned and key is nil, or signed with key
// and verified; else the rcode to refuse with (REFUSED for a missing signature) or the TSIG
// error (BADKEY, BADSIG).
func verify(r *dnsRequest, key *dnsx.Key) (rcode int, tsigErr uint16) {
	t := r.msg.IsTsig()
	switch {
	case t == nil && key == nil:
		return 0, 0
	case t == nil:
		return dns.RcodeRefused, 0
	case key == nil || !strings.EqualFold(t.Hdr.Name, key.Name) || dnsx.CanonicalAlgorithm(t.Algorithm) != key.Algorithm:
		return dns.RcodeNotAuth, dns.RcodeBadKey
	}
	if _, err := key.Check(r.raw, "", false); err != nil {
		return dns.RcodeNotAuth, dns.RcodeBadSig
	}
	return 0, 0
}

// checkTSIG verifies a query with key; on failure it answers the query itself and returns false.
func (s *Server) checkTSIG(r *dnsRequest, key *dnsx.Key) bool {
	rcode, tsigErr := verify(r, key)
	switch {
	case tsigErr != 0:
		s.tsigRefusal(r, tsigErr)
	case rcode != 0:
		s.reply(r, new(dns.Msg).SetRcode(r.msg, rcode), nil)
	}
	return rcode == 0
}

// signedBy is key when the query is signed with it and verifies, else nil.
func signedBy(r *dnsRequest, key *dnsx.Key) *dnsx.Key {
	if r.msg.IsTsig() == nil {
		return nil
	}
	if rcode, _ := verify(r, key); rcode != 0 {
		return nil
	}
	return key
}

// tsigRefusal answers a query whose TSIG failed as RFC 8945 5.3.2 says: NOTAUTH, with a TSIG
// record that carries the error (BADKEY, BADSIG) and no MAC, since the key cannot be trusted.
func (s *Server) tsigRefusal(r *dnsRequest, tsigErr uint16) {
	t := r.msg.IsTsig()
	m := new(dns.Msg).SetRcode(r.msg, dns.RcodeNotAuth)
	m.SetTsig(t.Hdr.Name, t.Algorithm, dnsx.Fudge, time.Now().Unix())
	m.Extra[len(m.Extra)-1].(*dns.TSIG).Error = tsigErr
	m.Extra[len(m.Extra)-1].(*dns.TSIG).OrigId = t.OrigId
	out, _, err := dns.TsigGenerateWithProvider(m, &dnsx.Key{Name: t.Hdr.Name, Algorithm: t.Algorithm}, "", false)
	if err != nil {
		s.log.Error("DNS answer does not pack", "to", r.from.String(), "error", err)
		return
	}
	_ = r.write(out)
}

// signedWith is the name of the key a query came signed with, "" when unsigned: the transfer
// log names it even when it is no peer's key.
func signedWith(r *dnsRequest) string {
	if t := r.msg.IsTsig(); t != nil {
		return t.Hdr.Name
	}
	return ""
}
