package provider

import (
	"context"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/dns"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/provider/internal/cfapi"
)

// aclRecord is an ACL as Cloudflare holds it.
type aclRecord struct {
	ID, Name, IPRange string
}

// aclKind is how ACLs are read and written: account objects, created and replaced whole.
var aclKind = &cfapi.Kind[aclRecord]{
	Name:    "Acl",
	Scope:   cfapi.Account,
	ID:      func(a aclRecord) string { return a.ID },
	Subject: func(a aclRecord) string { return subject(a.Name, a.ID) },
	Matches: func(have, want aclRecord) bool { return have.Name == want.Name && have.IPRange == want.IPRange },
	API: cfapi.API[aclRecord]{
		Get: func(ctx context.Context, c *cfapi.Client, account, id string) (aclRecord, error) {
			return aclFromAPI(c.ZoneTransfers.ACLs.Get(ctx, id, dns.ZoneTransferACLGetParams{AccountID: cloudflare.F(account)}))
		},
		List: func(ctx context.Context, c *cfapi.Client, account string) ([]aclRecord, error) {
			page, err := c.ZoneTransfers.ACLs.List(ctx, dns.ZoneTransferACLListParams{AccountID: cloudflare.F(account)})
			return cfapi.ConvertPage(page, err, aclFromAPI)
		},
		Create: func(ctx context.Context, c *cfapi.Client, account string, a aclRecord) (aclRecord, error) {
			return aclFromAPI(c.ZoneTransfers.ACLs.New(ctx, dns.ZoneTransferACLNewParams{
				AccountID: cloudflare.F(account), Name: cloudflare.F(a.Name), IPRange: cloudflare.F(a.IPRange),
			}))
		},
		Update: func(ctx context.Context, c *cfapi.Client, account string, a aclRecord) (aclRecord, error) {
			return aclFromAPI(c.ZoneTransfers.ACLs.Update(ctx, a.ID, dns.ZoneTransferACLUpdateParams{AccountID: cloudflare.F(account), ACL: aclParam(a)}))
		},
		Delete: func(ctx context.Context, c *cfapi.Client, account, id string) error {
			return cfapi.CheckDeleted(c.ZoneTransfers.ACLs.Delete(ctx, id, dns.ZoneTransferACLDeleteParams{AccountID: cloudflare.F(account)}))
		},
	},
}

func aclFromAPI(a *dns.ACL, err error) (aclRecord, error) {
	if err == nil {
		err = cfapi.CheckDecoded(a)
	}
	if err != nil {
		return aclRecord{}, err
	}
	return aclRecord{ID: a.ID, Name: a.Name, IPRange: a.IPRange}, nil
}

func aclParam(a aclRecord) dns.ACLParam {
	return dns.ACLParam{Name: cloudflare.F(a.Name), IPRange: cloudflare.F(a.IPRange)}
}
