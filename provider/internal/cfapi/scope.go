package cfapi

// Scope is what a kind of object belongs to: an account (TSIG keys, peers, ACLs) or a zone
// (its incoming and outgoing transfer configuration). It decides the words of errors and the
// permission a token needs.
type Scope int

const (
	// Account objects live in a collection of an account and have IDs of their own.
	Account Scope = iota
	// Zone objects are one per zone: the zone ID is their ID.
	Zone
)

func (s Scope) String() string {
	if s == Zone {
		return "zone"
	}
	return "account"
}

// permission is what a token needs for a call, as Cloudflare's permission names say it.
func (s Scope) permission(read bool) string {
	switch {
	case s == Zone && read:
		return `"Zone Settings Read" (or "DNS Read")`
	case s == Zone:
		return `"Zone Settings Write" (or "DNS Write")`
	case read:
		return `"Account Settings Read"`
	default:
		return `"Account Settings Write"`
	}
}
