package emulator

import "net/http"

// Peer is a peer nameserver as the API stores it. Nil optional fields are unset and omitted from
// API responses, because the API document does not allow null for them.
type Peer struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	IP         *string  `json:"ip,omitempty"`
	Port       *float64 `json:"port,omitempty"`
	IxfrEnable *bool    `json:"ixfr_enable,omitempty"`
	TSIGID     *string  `json:"tsig_id,omitempty"`
}

func (p Peer) recordID() string      { return p.ID }
func (p Peer) withID(id string) Peer { p.ID = id; return p }

func (p Peer) clone() Peer {
	p.IP = clonePtr(p.IP)
	p.Port = clonePtr(p.Port)
	p.IxfrEnable = clonePtr(p.IxfrEnable)
	p.TSIGID = clonePtr(p.TSIGID)
	return p
}

// peerResource is /accounts/{account_id}/secondary_dns/peers[/{peer_id}]. Create applies only the
// name, as documented; the other fields are set with PUT.
var peerResource = accountResource[Peer]{
	name: "peer", idParam: "peer_id",
	items:   func(s *store) *collection[Peer] { return &s.peers },
	readNew: readNewPeer, readUpdate: readPeer,
}

func readNewPeer(w http.ResponseWriter, r *http.Request) (Peer, bool) {
	return readBody(w, r, func(f *fields) Peer { return Peer{Name: f.string("name")} })
}

// readPeer reads a whole peer: an optional field that is omitted or null is cleared.
func readPeer(w http.ResponseWriter, r *http.Request) (Peer, bool) {
	return readBody(w, r, func(f *fields) Peer {
		return Peer{Name: f.string("name"), IP: optionalField[string](f, "ip", "a string"),
			Port: optionalField[float64](f, "port", "a number"), IxfrEnable: optionalField[bool](f, "ixfr_enable", "a boolean"),
			TSIGID: optionalField[string](f, "tsig_id", "a string")}
	})
}

// Peers returns the account's peers in creation order.
func (e *Emulator) Peers(accountID string) []Peer { return e.store.peers.list(accountID) }

// GetPeer returns one peer.
func (e *Emulator) GetPeer(accountID, id string) (Peer, bool) {
	return e.store.peers.get(accountID, id)
}

// PutPeer inserts p, or replaces the peer with p.ID; an empty ID gets a new one.
func (e *Emulator) PutPeer(accountID string, p Peer) Peer { return peerResource.put(e, accountID, p) }

// DeletePeer removes one peer and reports whether it existed.
func (e *Emulator) DeletePeer(accountID, id string) bool {
	return peerResource.remove(e, accountID, id)
}
