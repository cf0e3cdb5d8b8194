package cfapi

import "fmt"

// Scope is what a kind of object belongs to: an account (TSIG keys, peers, ACLs) or a zone (its
// incoming and outgoing transfer configuration). It holds the words errors use and the
// permissions a token needs, so that no code asks which scope it has.
type Scope struct {
	name            string
	readPermission  string
	writePermission string
	// recovery tells, for a kind (%[1]s), how to find an object a create may have made.
	recovery string
}

var (
	// Account objects live in a collection of an account and have IDs of their own.
	Account = Scope{
		name:            "account",
		readPermission:  `"Account Settings Read"`,
		writePermission: `"Account Settings Write"`,
		recovery:        "look for it with the list%[1]ss function and import it, or delete it, before running again.",
	}
	// Zone objects are one per zone: the zone ID is their ID.
	Zone = Scope{
		name:            "zone",
		readPermission:  `"Zone Settings Read" (or "DNS Read")`,
		writePermission: `"Zone Settings Write" (or "DNS Write")`,
		recovery:        "look for it with the get%[1]s function and import it with the zone ID, or delete it, before running again.",
	}
)

func (s Scope) String() string { return s.name }

// permission is what a token needs for a call, as Cloudflare's permission names say it.
func (s Scope) permission(read bool) string {
	if read {
		return s.readPermission
	}
	return s.writePermission
}

// findCreated tells how to find the object of kind that a create may have made.
func (s Scope) findCreated(kind string) string {
	return fmt.Sprintf("Cloudflare may hold the new %s even so: "+s.recovery, kind)
}
