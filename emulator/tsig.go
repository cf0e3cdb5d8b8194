package emulator

import "net/http"

// The five TSIG operations on /accounts/{account_id}/secondary_dns/tsigs[/{tsig_id}].

func (e *Emulator) listTSIGs(w http.ResponseWriter, _ *http.Request, acct string) {
	writeResult(w, e.store.tsigs(acct))
}

func (e *Emulator) createTSIG(w http.ResponseWriter, r *http.Request, acct string) {
	t, ok := readTSIG(w, r)
	if !ok {
		return
	}
	t = e.store.putTSIG(acct, t)
	e.changed()
	writeResult(w, t)
}

func (e *Emulator) getTSIG(w http.ResponseWriter, r *http.Request, acct string) {
	id := r.PathValue("tsig_id")
	t, ok := e.store.getTSIG(acct, id)
	if !ok {
		writeNotFound(w, r, "TSIG", id)
		return
	}
	writeResult(w, t)
}

// updateTSIG replaces the whole key: all three fields are required.
func (e *Emulator) updateTSIG(w http.ResponseWriter, r *http.Request, acct string) {
	id := r.PathValue("tsig_id")
	t, ok := readTSIG(w, r)
	if !ok {
		return
	}
	t.ID = id
	if !e.store.replaceTSIG(acct, t) {
		writeNotFound(w, r, "TSIG", id)
		return
	}
	e.changed()
	writeResult(w, t)
}

func (e *Emulator) deleteTSIG(w http.ResponseWriter, r *http.Request, acct string) {
	id := r.PathValue("tsig_id")
	if !e.store.deleteTSIG(acct, id) {
		writeNotFound(w, r, "TSIG", id)
		return
	}
	e.changed()
	writeResult(w, idResult{ID: id})
}

// readTSIG reads a TSIG body (name, algo and secret, all required); on a bad body it has
// answered already and returns false.
func readTSIG(w http.ResponseWriter, r *http.Request) (TSIG, bool) {
	obj, ok := readObject(w, r)
	if !ok {
		return TSIG{}, false
	}
	var t TSIG
	var errs [3]error
	t.Name, errs[0] = obj.requiredString("name")
	t.Algo, errs[1] = obj.requiredString("algo")
	t.Secret, errs[2] = obj.requiredString("secret")
	return t, !fieldErrors(w, errs[:]...)
}

// idResult is the result of a delete.
type idResult struct {
	ID string `json:"id"`
}

func writeNotFound(w http.ResponseWriter, r *http.Request, kind, id string) {
	writeError(w, http.StatusNotFound, codeNoRoute,
		"Could not route to "+r.URL.Path+", perhaps your object identifier is invalid? (no "+kind+" "+id+" in this account)")
}
