package emulator

import (
	"fmt"
	"net/http"
	"net/netip"
)

// ACL is an access control list entry as the API stores it: a range of addresses, for every
// zone of the account, allowed to send NOTIFY to Cloudflare and to pull transfers from it.
type ACL struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	IPRange string `json:"ip_range"`
}

func (a ACL) recordID() string     { return a.ID }
func (a ACL) withID(id string) ACL { a.ID = id; return a }
func (a ACL) clone() ACL           { return a }

// aclResource is /accounts/{account_id}/secondary_dns/acls[/{acl_id}]: create and update take the
// same two fields, both required.
var aclResource = accountResource[ACL]{
	name: "ACL", idParam: "acl_id",
	items:   func(s *store) *collection[ACL] { return &s.acls },
	readNew: readACL, readUpdate: readACL,
}

func readACL(w http.ResponseWriter, r *http.Request) (ACL, bool) {
	return readBody(w, r, func(f *fields) ACL {
		a := ACL{Name: f.string("name"), IPRange: f.string("ip_range")}
		if a.IPRange != "" {
			f.add(checkIPRange(a.IPRange))
		}
		return a
	})
}

// checkIPRange accepts a CIDR range no wider than Cloudflare allows: /24 for IPv4 and /64 for
// IPv6. Bits beyond the prefix may be set, as in Cloudflare's own example, 192.0.2.53/28.
func checkIPRange(s string) error {
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return &fieldError{"ip_range", fmt.Sprintf("%q is not a CIDR range such as 192.0.2.0/24 or 2001:db8::/64", s)}
	}
	version, widest := 4, 24
	if p.Addr().Is6() {
		version, widest = 6, 64
	}
	if p.Bits() < widest {
		return &fieldError{"ip_range", fmt.Sprintf("%s is wider than /%d, the widest IPv%d range allowed", s, widest, version)}
	}
	return nil
}

// ACLs returns the account's ACLs in creation order.
func (e *Emulator) ACLs(accountID string) []ACL { return e.store.acls.list(accountID) }

// GetACL returns one ACL.
func (e *Emulator) GetACL(accountID, id string) (ACL, bool) { return e.store.acls.get(accountID, id) }

// PutACL inserts a, or replaces the ACL with a.ID; an empty ID gets a new one. The range is not
// checked, so that tests can set up what the API would refuse.
func (e *Emulator) PutACL(accountID string, a ACL) ACL { return aclResource.put(e, accountID, a) }

// DeleteACL removes one ACL and reports whether it existed.
func (e *Emulator) DeleteACL(accountID, id string) bool { return aclResource.remove(e, accountID, id) }
