package kinds

import (
	"context"
	"fmt"
	"net/netip"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/dns"
	"github.com/pulumi/pulumi-go-provider/infer"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/cfapi"
)

// Acl is a Secondary DNS ACL: what a program declares and Cloudflare holds.
type Acl struct {
	ID      string // Cloudflare's ID; the resource's ID, not a property
	Name    string `pulumi:"name"`
	IPRange string `pulumi:"ipRange"`
}

func (a *Acl) Annotate(an infer.Annotator) {
	an.Describe(&a.Name, "The ACL's name, for people: "+AcceptsObjectName+", e.g. \"secondaries\".")
	an.Describe(&a.IPRange, "The allowed range, as a CIDR: "+acceptsIPRange+". Host bits beyond the prefix "+
		"are kept as given, e.g. \"192.0.2.53/28\".")
}

// AclAccepts says what each property of an ACL accepts.
var AclAccepts = map[string]string{
	"name":    AcceptsObjectName,
	"ipRange": acceptsIPRange,
}

// Check checks the ACL's properties, without calling Cloudflare.
func (a Acl) Check(c *Checker) {
	c.Check("name", ValidateObjectName(a.Name, "ACL"))
	c.Check("ipRange", validateIPRange(a.IPRange))
}

// Acls is how ACLs are read and written: account objects, created and replaced whole.
var Acls = &cfapi.AccountKind[Acl]{
	Described: cfapi.Described[Acl]{
		Name:    "Acl",
		Subject: func(a Acl) string { return Subject(a.Name, a.ID) },
		Matches: func(have, want Acl) bool { return have.Name == want.Name && have.IPRange == want.IPRange },
	},
	ID: func(a Acl) string { return a.ID },
	API: cfapi.AccountAPI[Acl]{
		Get: func(ctx context.Context, c *cfapi.Client, account, id string) (Acl, error) {
			return aclFromAPI(c.ZoneTransfers.ACLs.Get(ctx, id, dns.ZoneTransferACLGetParams{AccountID: cloudflare.F(account)}))
		},
		List: func(ctx context.Context, c *cfapi.Client, account string) ([]Acl, error) {
			page, err := c.ZoneTransfers.ACLs.List(ctx, dns.ZoneTransferACLListParams{AccountID: cloudflare.F(account)})
			return cfapi.ConvertPage(page, err, aclFromAPI)
		},
		Create: func(ctx context.Context, c *cfapi.Client, account string, a Acl) (Acl, error) {
			return aclFromAPI(c.ZoneTransfers.ACLs.New(ctx, dns.ZoneTransferACLNewParams{
				AccountID: cloudflare.F(account), Name: cloudflare.F(a.Name), IPRange: cloudflare.F(a.IPRange),
			}))
		},
		Update: func(ctx context.Context, c *cfapi.Client, account string, a Acl) (Acl, error) {
			return aclFromAPI(c.ZoneTransfers.ACLs.Update(ctx, a.ID, dns.ZoneTransferACLUpdateParams{
				AccountID: cloudflare.F(account), ACL: dns.ACLParam{Name: cloudflare.F(a.Name), IPRange: cloudflare.F(a.IPRange)},
			}))
		},
		Delete: func(ctx context.Context, c *cfapi.Client, account, id string) error {
			return cfapi.CheckDeleted(c.ZoneTransfers.ACLs.Delete(ctx, id, dns.ZoneTransferACLDeleteParams{AccountID: cloudflare.F(account)}))
		},
	},
}

func aclFromAPI(a *dns.ACL, err error) (Acl, error) {
	if err == nil {
		err = cfapi.CheckDecoded(a)
	}
	if err != nil {
		return Acl{}, err
	}
	return Acl{ID: a.ID, Name: a.Name, IPRange: a.IPRange}, nil
}

// Cloudflare's limits on an ACL's range: at most 256 IPv4 addresses or a /64 of IPv6.
const (
	widestIPv4Prefix = 24
	widestIPv6Prefix = 64
	acceptsIPRange   = "a CIDR no wider than /24 for IPv4 or /64 for IPv6, e.g. \"192.0.2.0/24\" or \"2001:db8:1:2::/64\""
)

// validateIPRange accepts a CIDR within Cloudflare's limits. Host bits beyond the prefix are
// allowed, as in Cloudflare's own example "192.0.2.53/28".
func validateIPRange(s string) error {
	prefix, err := netip.ParsePrefix(s)
	if err != nil {
		return fmt.Errorf("%q is not a CIDR: expected %s", s, acceptsIPRange)
	}
	widest := widestIPv6Prefix
	if prefix.Addr().Is4() {
		widest = widestIPv4Prefix
	}
	if prefix.Bits() < widest {
		return fmt.Errorf("%q is wider than Cloudflare allows (/%d): expected %s", s, widest, acceptsIPRange)
	}
	return nil
}

// WithID is the acl with Cloudflare's ID id.
func (o Acl) WithID(id string) Acl {
	o.ID = id
	return o
}
