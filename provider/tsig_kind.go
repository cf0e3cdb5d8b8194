package provider

import (
	"context"
	"fmt"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/dns"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/provider/internal/cfapi"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/provider/internal/tsigrules"
)

// tsigRecord is a TSIG key as Cloudflare holds it.
type tsigRecord struct {
	ID, Name, Algo, Secret string
}

// tsigKind is how TSIG keys are read and written: account objects, created whole.
var tsigKind = &cfapi.Kind[tsigRecord]{
	Name:    "Tsig",
	Scope:   cfapi.Account,
	ID:      func(t tsigRecord) string { return t.ID },
	Subject: func(t tsigRecord) string { return subject(t.Name, t.ID) },
	Secrets: func(t tsigRecord) []string { return []string{t.Secret} },
	Matches: func(have, want tsigRecord) bool {
		return tsigrules.SameName(have.Name, want.Name) && have.Algo == want.Algo && have.Secret == want.Secret
	},
	API: cfapi.API[tsigRecord]{
		Get: func(ctx context.Context, c *cfapi.Client, account, id string) (tsigRecord, error) {
			return tsigFromAPI(c.ZoneTransfers.TSIGs.Get(ctx, id, dns.ZoneTransferTSIGGetParams{AccountID: cloudflare.F(account)}))
		},
		List: func(ctx context.Context, c *cfapi.Client, account string) ([]tsigRecord, error) {
			page, err := c.ZoneTransfers.TSIGs.List(ctx, dns.ZoneTransferTSIGListParams{AccountID: cloudflare.F(account)})
			return cfapi.ConvertPage(page, err, tsigFromAPI)
		},
		Create: func(ctx context.Context, c *cfapi.Client, account string, t tsigRecord) (tsigRecord, error) {
			return tsigFromAPI(c.ZoneTransfers.TSIGs.New(ctx, dns.ZoneTransferTSIGNewParams{AccountID: cloudflare.F(account), TSIG: tsigParam(t)}))
		},
		Update: func(ctx context.Context, c *cfapi.Client, account string, t tsigRecord) (tsigRecord, error) {
			return tsigFromAPI(c.ZoneTransfers.TSIGs.Update(ctx, t.ID, dns.ZoneTransferTSIGUpdateParams{AccountID: cloudflare.F(account), TSIG: tsigParam(t)}))
		},
		Delete: func(ctx context.Context, c *cfapi.Client, account, id string) error {
			return cfapi.CheckDeleted(c.ZoneTransfers.TSIGs.Delete(ctx, id, dns.ZoneTransferTSIGDeleteParams{AccountID: cloudflare.F(account)}))
		},
	},
}

func tsigFromAPI(t *dns.TSIG, err error) (tsigRecord, error) {
	if err == nil {
		err = cfapi.CheckDecoded(t)
	}
	if err != nil {
		return tsigRecord{}, err
	}
	return tsigRecord{ID: t.ID, Name: t.Name, Algo: t.Algo, Secret: t.Secret}, nil
}

func tsigParam(t tsigRecord) dns.TSIGParam {
	return dns.TSIGParam{Name: cloudflare.F(t.Name), Algo: cloudflare.F(t.Algo), Secret: cloudflare.F(t.Secret)}
}

// subject names an object in errors: its name, and its ID once it has one.
func subject(name, id string) string {
	if id == "" {
		return fmt.Sprintf("%q", name)
	}
	return fmt.Sprintf("%q (%s)", name, id)
}
