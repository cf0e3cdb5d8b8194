package emulator

import "net/http"

// accountResource describes a resource that lives in an account (TSIG, peer, ACL) for the five
// operations they share: list and create on .../{kind}, get, update and delete on
// .../{kind}/{id}. What differs between kinds is this data; the operations are written once.
type accountResource[T record[T]] struct {
	name    string                      // in messages, e.g. "TSIG"
	idParam string                      // the path parameter of an object's ID, e.g. "tsig_id"
	items   func(*store) *collection[T] // where the kind is stored
	// readNew and readUpdate read the bodies of create and update (PUT replaces the whole
	// object). On a bad body they answer themselves and return false.
	readNew, readUpdate func(w http.ResponseWriter, r *http.Request) (T, bool)
}

func (k accountResource[T]) list(e *Emulator, w http.ResponseWriter, _ *http.Request, acct string) {
	writeResult(w, k.items(e.store).list(acct))
}

func (k accountResource[T]) create(e *Emulator, w http.ResponseWriter, r *http.Request, acct string) {
	v, ok := k.readNew(w, r)
	if !ok {
		return
	}
	v = k.put(e, acct, v)
	e.created(Created{Kind: k.name, Scope: acct, ID: v.recordID()})
	writeResult(w, v)
}

func (k accountResource[T]) get(e *Emulator, w http.ResponseWriter, r *http.Request, acct string) {
	id := r.PathValue(k.idParam)
	v, ok := k.items(e.store).get(acct, id)
	if !ok {
		writeNotFound(w, r, k.name, id)
		return
	}
	writeResult(w, v)
}

// update replaces the whole object; the ID comes from the path, never from the body.
func (k accountResource[T]) update(e *Emulator, w http.ResponseWriter, r *http.Request, acct string) {
	v, ok := k.readUpdate(w, r)
	if !ok {
		return
	}
	id := r.PathValue(k.idParam)
	v = v.withID(id)
	if !k.items(e.store).replace(acct, v) {
		writeNotFound(w, r, k.name, id)
		return
	}
	e.changed()
	writeResult(w, v)
}

func (k accountResource[T]) delete(e *Emulator, w http.ResponseWriter, r *http.Request, acct string) {
	id := r.PathValue(k.idParam)
	if !k.remove(e, acct, id) {
		writeNotFound(w, r, k.name, id)
		return
	}
	writeResult(w, idResult{ID: id})
}

// put stores v (see collection.put) and persists the store.
func (k accountResource[T]) put(e *Emulator, acct string, v T) T {
	v = k.items(e.store).put(acct, v)
	e.changed()
	return v
}

// remove deletes one object, persisting the store when it existed.
func (k accountResource[T]) remove(e *Emulator, acct, id string) bool {
	ok := k.items(e.store).delete(acct, id)
	if ok {
		e.changed()
	}
	return ok
}

// idResult is the result of a delete.
type idResult struct {
	ID string `json:"id"`
}

func writeNotFound(w http.ResponseWriter, r *http.Request, kind, id string) {
	writeError(w, http.StatusNotFound, codeNoRoute,
		"Could not route to "+r.URL.Path+", perhaps your object identifier is invalid? (no "+kind+" "+id+" in this account)")
}
