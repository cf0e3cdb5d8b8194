package emulator

// Created is a create the emulator committed through the API: the object is stored, and its
// reply is not yet written. A test that stops the client there (Options.OnCreate) sees
// Cloudflare's side of a create whose caller never learnt the outcome.
type Created struct {
	Kind  string // "TSIG", "peer", "ACL", "incoming" or "outgoing"
	Scope string // the account, or the zone of a transfer configuration
	ID    string // the new object's ID; a transfer configuration's is its zone's
}

// created tells Options.OnCreate of a committed create, synchronously: the reply waits for it.
func (e *Emulator) created(c Created) {
	if e.opts.OnCreate != nil {
		e.opts.OnCreate(c)
	}
}
