// Package kinds is Cloudflare's side of each resource the provider manages: the shape a
// program declares and Cloudflare holds, what its properties accept, and how it is read and
// written through the SDK (a cfapi kind). The provider and the import command share it.
package kinds

import (
	"context"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/cfapi"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/tsigrules"
)

// All are the kinds of object the provider manages, in the order import files list them: the
// one list of them. The provider registers a resource for each (provider.go checks that it
// does, in this order).
//
// A pending create's object is told by the fields its POST sent that identify it: a key's
// name and algorithm (never its secret), a peer's name (its POST carries nothing else), an
// ACL's name and range, a configuration's zone.
var All = []Kind{
	accountKind(Tsigs, "tsig", func(t TsigKey) string { return t.Name }, []string{"name", "algo"},
		func(t TsigKey, in Inputs) bool {
			return tsigrules.SameName(t.Name, in.String("name")) && string(t.Algo) == in.String("algo")
		}),
	accountKind(Peers, "peer", func(p Peer) string { return p.Name }, []string{"name"},
		func(p Peer, in Inputs) bool { return p.Name == in.String("name") }),
	accountKind(Acls, "acl", func(a Acl) string { return a.Name }, []string{"name", "ipRange"},
		func(a Acl, in Inputs) bool { return a.Name == in.String("name") && a.IPRange == in.String("ipRange") }),
	zoneKind(IncomingTransfers, "incoming", IncomingZoneTypes),
	zoneKind(OutgoingTransfers, "outgoing", OutgoingZoneTypes),
}

// The zone types whose transfers Cloudflare configures: a secondary zone's incoming ones, a
// full or partial zone's outgoing ones.
var (
	IncomingZoneTypes = []string{"secondary"}
	OutgoingZoneTypes = []string{"full", "partial"}
)

// Kind is one kind of object as the import command reads it: what it is called, how its
// objects are found in an account (ImportID is the ID `pulumi import` takes for one).
type Kind struct {
	Resource string      // the type name of the resource's token, e.g. "Tsig"
	Prefix   string      // of the logical names an import file gives its objects, e.g. "tsig"
	Scope    cfapi.Scope // what one object belongs to
	// ZoneTypes are, for a zone kind, the types of zone that hold one.
	ZoneTypes []string
	// Identity are the inputs that tell the object a pending create made (see Wanted).
	Identity []string

	// made compares an object of the kind (Found.object) with a create's inputs; nil for a
	// zone kind, whose object is told by its zone.
	made func(object any, in Inputs) bool

	inAccount func(ctx context.Context, c *cfapi.Client, account string) ([]Found, error)
	inZone    func(ctx context.Context, c *cfapi.Client, zone Zone) (Found, bool, error)
	validate  func() error
}

// Validate reports what the kind's description lacks, so that a forgotten piece fails a test
// instead of silently turning a check off.
func (k Kind) Validate() error { return k.validate() }

// Token is the resource's type token.
func (k Kind) Token() string { return Package + ":index:" + k.Resource }

// Package is the Pulumi package name.
const Package = "cloudflare-secondary-dns"

// Found is one object of an account as `pulumi import --file` takes it: its kind, its name in
// Cloudflare, and the ID the provider's import accepts.
type Found struct {
	Kind     Kind
	Name, ID string
	object   any // as the kind reads it, for Wanted.Made; it may hold a secret: never shown
}

// ImportID is the ID the provider's import takes for an account object: with its account, so
// that the import needs no accountId in the stack's configuration.
func ImportID(account, id string) string { return account + "/" + id }

func accountKind[R any](k *cfapi.AccountKind[R], prefix string, name func(R) string, identity []string, made func(R, Inputs) bool) Kind {
	out := Kind{Resource: k.Name, Prefix: prefix, Scope: cfapi.Account, Identity: identity, validate: k.Validate}
	out.made = func(object any, in Inputs) bool {
		obj, ok := object.(R)
		return ok && made(obj, in)
	}
	out.inAccount = func(ctx context.Context, c *cfapi.Client, account string) ([]Found, error) {
		objects, err := k.List(ctx, c, account)
		if err != nil {
			return nil, err
		}
		found := make([]Found, len(objects))
		for i, obj := range objects {
			found[i] = Found{Kind: out, Name: name(obj), ID: ImportID(account, k.ID(obj)), object: obj}
		}
		return found, nil
	}
	return out
}

func zoneKind[R any](k *cfapi.ZoneKind[R], prefix string, zoneTypes []string) Kind {
	out := Kind{Resource: k.Name, Prefix: prefix, Scope: cfapi.Zone, ZoneTypes: zoneTypes, Identity: []string{"zoneId"}, validate: k.Validate}
	out.inZone = func(ctx context.Context, c *cfapi.Client, z Zone) (Found, bool, error) {
		_, err := k.Get(ctx, c, z.ID)
		if cfapi.IsNotFound(err) {
			return Found{}, false, nil
		}
		if err != nil {
			return Found{}, false, err
		}
		return Found{Kind: out, Name: z.Name, ID: z.ID}, true, nil
	}
	return out
}
