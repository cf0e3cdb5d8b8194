package emulator

import (
	"crypto/rand"
	"encoding/hex"
	"slices"
	"sync"
)

// TSIG is a TSIG key as the API stores it.
type TSIG struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Algo   string `json:"algo"`
	Secret string `json:"secret"`
}

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

func (p Peer) clone() Peer {
	p.IP = clonePtr(p.IP)
	p.Port = clonePtr(p.Port)
	p.IxfrEnable = clonePtr(p.IxfrEnable)
	p.TSIGID = clonePtr(p.TSIGID)
	return p
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// account holds one account's objects in creation order.
type account struct {
	TSIGs []TSIG `json:"tsigs"`
	Peers []Peer `json:"peers"`
}

// store is the in-memory state of every account. Callers hold no references into it: every
// value goes in and out by copy.
type store struct {
	mu       sync.RWMutex
	accounts map[string]*account
}

func newStore() *store { return &store{accounts: map[string]*account{}} }

func (s *store) account(id string) *account {
	a := s.accounts[id]
	if a == nil {
		a = &account{}
		s.accounts[id] = a
	}
	return a
}

func (s *store) tsigs(acct string) []TSIG {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if a := s.accounts[acct]; a != nil {
		return append([]TSIG{}, a.TSIGs...) // never nil: an empty list is [] in JSON, as Cloudflare sends it
	}
	return []TSIG{}
}

func (s *store) getTSIG(acct, id string) (TSIG, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if a := s.accounts[acct]; a != nil {
		if i := indexByID(a.TSIGs, id, func(t TSIG) string { return t.ID }); i >= 0 {
			return a.TSIGs[i], true
		}
	}
	return TSIG{}, false
}

// putTSIG inserts t (with a new ID when it has none) or replaces the TSIG with its ID.
func (s *store) putTSIG(acct string, t TSIG) TSIG {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.account(acct)
	if t.ID == "" {
		t.ID = newID()
	}
	if i := indexByID(a.TSIGs, t.ID, func(t TSIG) string { return t.ID }); i >= 0 {
		a.TSIGs[i] = t
	} else {
		a.TSIGs = append(a.TSIGs, t)
	}
	return t
}

// replaceTSIG replaces an existing TSIG only; it reports false when there is none with t.ID.
func (s *store) replaceTSIG(acct string, t TSIG) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.accounts[acct]; a != nil {
		if i := indexByID(a.TSIGs, t.ID, func(t TSIG) string { return t.ID }); i >= 0 {
			a.TSIGs[i] = t
			return true
		}
	}
	return false
}

func (s *store) deleteTSIG(acct, id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.accounts[acct]; a != nil {
		if i := indexByID(a.TSIGs, id, func(t TSIG) string { return t.ID }); i >= 0 {
			a.TSIGs = slices.Delete(a.TSIGs, i, i+1)
			return true
		}
	}
	return false
}

func (s *store) peers(acct string) []Peer {
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := []Peer{}
	if a := s.accounts[acct]; a != nil {
		for _, p := range a.Peers {
			out = append(out, p.clone())
		}
	}
	return out
}

func (s *store) getPeer(acct, id string) (Peer, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if a := s.accounts[acct]; a != nil {
		if i := indexByID(a.Peers, id, func(p Peer) string { return p.ID }); i >= 0 {
			return a.Peers[i].clone(), true
		}
	}
	return Peer{}, false
}

func (s *store) putPeer(acct string, p Peer) Peer {
	s.mu.Lock()
	defer s.mu.Unlock()
	a := s.account(acct)
	p = p.clone()
	if p.ID == "" {
		p.ID = newID()
	}
	if i := indexByID(a.Peers, p.ID, func(p Peer) string { return p.ID }); i >= 0 {
		a.Peers[i] = p
	} else {
		a.Peers = append(a.Peers, p)
	}
	return p.clone()
}

func (s *store) replacePeer(acct string, p Peer) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.accounts[acct]; a != nil {
		if i := indexByID(a.Peers, p.ID, func(p Peer) string { return p.ID }); i >= 0 {
			a.Peers[i] = p.clone()
			return true
		}
	}
	return false
}

func (s *store) deletePeer(acct, id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if a := s.accounts[acct]; a != nil {
		if i := indexByID(a.Peers, id, func(p Peer) string { return p.ID }); i >= 0 {
			a.Peers = slices.Delete(a.Peers, i, i+1)
			return true
		}
	}
	return false
}

func indexByID[T any](items []T, id string, idOf func(T) string) int {
	return slices.IndexFunc(items, func(item T) bool { return idOf(item) == id })
}

// newID returns an identifier in the API's format: 32 lowercase hex characters.
func newID() string {
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms.
	return hex.EncodeToString(b[:])
}

// The store as tests see it: reading and changing it directly simulates changes made elsewhere,
// for example in the dashboard. Changes are persisted like API writes when StatePath is set.

// TSIGs returns the account's TSIG keys in creation order.
func (e *Emulator) TSIGs(accountID string) []TSIG { return e.store.tsigs(accountID) }

// GetTSIG returns one TSIG key.
func (e *Emulator) GetTSIG(accountID, id string) (TSIG, bool) { return e.store.getTSIG(accountID, id) }

// PutTSIG inserts t, or replaces the key with t.ID; an empty ID gets a new one.
func (e *Emulator) PutTSIG(accountID string, t TSIG) TSIG {
	t = e.store.putTSIG(accountID, t)
	e.changed()
	return t
}

// DeleteTSIG removes one TSIG key and reports whether it existed.
func (e *Emulator) DeleteTSIG(accountID, id string) bool {
	ok := e.store.deleteTSIG(accountID, id)
	if ok {
		e.changed()
	}
	return ok
}

// Peers returns the account's peers in creation order.
func (e *Emulator) Peers(accountID string) []Peer { return e.store.peers(accountID) }

// GetPeer returns one peer.
func (e *Emulator) GetPeer(accountID, id string) (Peer, bool) { return e.store.getPeer(accountID, id) }

// PutPeer inserts p, or replaces the peer with p.ID; an empty ID gets a new one.
func (e *Emulator) PutPeer(accountID string, p Peer) Peer {
	p = e.store.putPeer(accountID, p)
	e.changed()
	return p
}

// DeletePeer removes one peer and reports whether it existed.
func (e *Emulator) DeletePeer(accountID, id string) bool {
	ok := e.store.deletePeer(accountID, id)
	if ok {
		e.changed()
	}
	return ok
}
