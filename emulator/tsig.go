package emulator

import "net/http"

// TSIG is a TSIG key as the API stores it.
type TSIG struct {
	ID     string `json:"id"`
	Name   string `json:"name"`
	Algo   string `json:"algo"`
	Secret string `json:"secret"`
}

func (t TSIG) recordID() string      { return t.ID }
func (t TSIG) withID(id string) TSIG { t.ID = id; return t }
func (t TSIG) clone() TSIG           { return t }

// tsigResource is /accounts/{account_id}/secondary_dns/tsigs[/{tsig_id}]: create and update take
// the same three fields, all required.
var tsigResource = accountResource[TSIG]{
	name: "TSIG", idParam: "tsig_id",
	items:   func(s *store) *collection[TSIG] { return &s.tsigs },
	readNew: readTSIG, readUpdate: readTSIG,
}

// readTSIG reads a TSIG body (name, algo and secret, all required); on a bad body it has
// answered already and returns false.
func readTSIG(w http.ResponseWriter, r *http.Request) (TSIG, bool) {
	return readBody(w, r, func(f *fields) TSIG {
		return TSIG{Name: f.string("name"), Algo: f.string("algo"), Secret: f.string("secret")}
	})
}

// The store as tests see it: reading and changing it directly simulates changes made elsewhere,
// for example in the dashboard. Changes are persisted like API writes when StatePath is set.

// TSIGs returns the account's TSIG keys in creation order.
func (e *Emulator) TSIGs(accountID string) []TSIG { return e.store.tsigs.list(accountID) }

// GetTSIG returns one TSIG key.
func (e *Emulator) GetTSIG(accountID, id string) (TSIG, bool) {
	return e.store.tsigs.get(accountID, id)
}

// PutTSIG inserts t, or replaces the key with t.ID; an empty ID gets a new one.
func (e *Emulator) PutTSIG(accountID string, t TSIG) TSIG { return tsigResource.put(e, accountID, t) }

// DeleteTSIG removes one TSIG key and reports whether it existed.
func (e *Emulator) DeleteTSIG(accountID, id string) bool {
	return tsigResource.remove(e, accountID, id)
}
