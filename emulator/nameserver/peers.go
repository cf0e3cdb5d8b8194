package nameserver

import (
	"fmt"
	"net/netip"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/emulator/dnsx"
)

// peerEndpoint is a linked peer as DNS reaches it.
type peerEndpoint struct {
	peer Peer
	addr netip.AddrPort // invalid when the peer has no IP
	ixfr bool
	key  *dnsx.Key // nil without TSIG
	// keyID is the key's TSIG ID, for the transfer log.
	keyID string
	err   error // why the peer cannot be used: no IP, a missing or broken key
}

// endpoints resolves a configuration's peers in the zone's account: address, port (53 when
// unset) and TSIG key, looked up by the peer's tsig_id since key names are not unique.
func (s *Server) endpoints(acct string, peerIDs []string) []peerEndpoint {
	var out []peerEndpoint
	for _, id := range peerIDs {
		p, ok := s.view.Peer(acct, id)
		if !ok {
			out = append(out, peerEndpoint{peer: Peer{ID: id}, err: fmt.Errorf("peer %s no longer exists", id)})
			continue
		}
		ep := peerEndpoint{peer: p, ixfr: p.IXFR}
		port := 53
		if p.Port != nil {
			port = int(*p.Port)
		}
		if p.IP == nil {
			ep.err = fmt.Errorf("peer %s (%s) has no ip", p.Name, p.ID)
		} else if port < 1 || port > 65535 {
			ep.err = fmt.Errorf("peer %s (%s): port %d is not a port", p.Name, p.ID, port)
		} else if ip, err := netip.ParseAddr(*p.IP); err != nil {
			ep.err = fmt.Errorf("peer %s (%s): ip %q is not an IP address", p.Name, p.ID, *p.IP)
		} else {
			ep.addr = netip.AddrPortFrom(ip.Unmap(), uint16(port))
		}
		if p.TSIGID != nil && ep.err == nil {
			t, ok := s.view.TSIG(acct, *p.TSIGID)
			if !ok {
				ep.err = fmt.Errorf("peer %s (%s): TSIG %s no longer exists", p.Name, p.ID, *p.TSIGID)
			} else if ep.key, ep.err = dnsx.NewKey(t.Name, t.Algo, t.Secret); ep.err == nil {
				ep.keyID = *p.TSIGID
			} else {
				ep.err = fmt.Errorf("peer %s (%s): %w", p.Name, p.ID, ep.err)
			}
		}
		out = append(out, ep)
	}
	return out
}

// allowedSource tells whether a DNS client may use the zone: it is one of the peers (by IP) or
// in one of the account's ACL ranges. It returns the peer when one matched.
func (s *Server) allowedSource(acct string, from netip.Addr, peers []peerEndpoint) (*peerEndpoint, bool) {
	from = from.Unmap()
	for i, p := range peers {
		if p.addr.IsValid() && p.addr.Addr() == from {
			return &peers[i], true
		}
	}
	for _, r := range s.view.ACLs(acct) {
		if pfx, err := netip.ParsePrefix(r); err == nil && pfx.Masked().Contains(from) {
			return nil, true
		}
	}
	return nil, false
}
