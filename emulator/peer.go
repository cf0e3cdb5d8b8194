package emulator

import "net/http"

// The five peer operations on /accounts/{account_id}/secondary_dns/peers[/{peer_id}].

func (e *Emulator) listPeers(w http.ResponseWriter, _ *http.Request, acct string) {
	writeResult(w, e.store.peers(acct))
}

// createPeer applies only the name, as documented; the other fields are set with PUT.
func (e *Emulator) createPeer(w http.ResponseWriter, r *http.Request, acct string) {
	obj, ok := readObject(w, r)
	if !ok {
		return
	}
	name, err := obj.requiredString("name")
	if fieldErrors(w, err) {
		return
	}
	p := e.store.putPeer(acct, Peer{Name: name})
	e.changed()
	writeResult(w, p)
}

func (e *Emulator) getPeer(w http.ResponseWriter, r *http.Request, acct string) {
	id := r.PathValue("peer_id")
	p, ok := e.store.getPeer(acct, id)
	if !ok {
		writeNotFound(w, r, "peer", id)
		return
	}
	writeResult(w, p)
}

// updatePeer replaces the whole peer: an optional field that is omitted or null is cleared.
func (e *Emulator) updatePeer(w http.ResponseWriter, r *http.Request, acct string) {
	id := r.PathValue("peer_id")
	obj, ok := readObject(w, r)
	if !ok {
		return
	}
	p := Peer{ID: id}
	var errs [5]error
	p.Name, errs[0] = obj.requiredString("name")
	p.IP, errs[1] = optional[string](obj, "ip", "a string")
	p.Port, errs[2] = optional[float64](obj, "port", "a number")
	p.IxfrEnable, errs[3] = optional[bool](obj, "ixfr_enable", "a boolean")
	p.TSIGID, errs[4] = optional[string](obj, "tsig_id", "a string")
	if fieldErrors(w, errs[:]...) {
		return
	}
	if !e.store.replacePeer(acct, p) {
		writeNotFound(w, r, "peer", id)
		return
	}
	e.changed()
	writeResult(w, p)
}

func (e *Emulator) deletePeer(w http.ResponseWriter, r *http.Request, acct string) {
	id := r.PathValue("peer_id")
	if !e.store.deletePeer(acct, id) {
		writeNotFound(w, r, "peer", id)
		return
	}
	e.changed()
	writeResult(w, idResult{ID: id})
}
