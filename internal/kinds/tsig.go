package kinds

import (
	"context"

	"github.com/cloudflare/cloudflare-go/v6"
	"github.com/cloudflare/cloudflare-go/v6/dns"
	"github.com/pulumi/pulumi-go-provider/infer"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/cfapi"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/tsigrules"
)

// Tsig is a TSIG key as a program declares it: its name and algorithm. Its secret is apart
// (TsigKey), since a program may leave it to the provider.
type Tsig struct {
	ID   string    // Cloudflare's ID; the resource's ID, not a property
	Name string    `pulumi:"name"`
	Algo Algorithm `pulumi:"algo"`
}

// TsigKey is a TSIG key as Cloudflare holds it: with its secret.
type TsigKey struct {
	Tsig
	Secret string `pulumi:"secret" provider:"secret"`
}

func (t *Tsig) Annotate(an infer.Annotator) {
	an.Describe(&t.Name, "The key name, a DNS name such as \"transfer.example.com.\". It must be identical "+
		"on Cloudflare and on the other nameserver.")
	an.Describe(&t.Algo, "The TSIG algorithm, an RFC 8945 name with the trailing dot, e.g. \"hmac-sha512.\" "+
		"(used in every Cloudflare example) or \"hmac-sha256.\".")
}

func (k *TsigKey) Annotate(an infer.Annotator) {
	an.Describe(&k.Secret, "The shared secret, base64-encoded. Always a Pulumi secret.")
}

// TsigAccepts says what each property of a TSIG key accepts.
var TsigAccepts = map[string]string{
	"name":   "a DNS name such as \"transfer.example.com.\"",
	"algo":   "a TSIG algorithm such as \"hmac-sha512.\"",
	"secret": "a base64-encoded key",
}

// Check checks the key's name and algorithm, without calling Cloudflare.
func (t Tsig) Check(c *Checker) {
	c.Check("name", ValidateDNSName(t.Name))
	c.Check("algo", ValidateAlgorithm(t.Algo))
}

// Tsigs is how TSIG keys are read and written: account objects, created whole.
var Tsigs = &cfapi.AccountKind[TsigKey]{
	Described: cfapi.Described[TsigKey]{
		Name:    "Tsig",
		Subject: func(t TsigKey) string { return Subject(t.Name, t.ID) },
		Secrets: func(t TsigKey) []string { return []string{t.Secret} },
		Matches: func(have, want TsigKey) bool {
			return tsigrules.SameName(have.Name, want.Name) && have.Algo == want.Algo && have.Secret == want.Secret
		},
	},
	ID: func(t TsigKey) string { return t.ID },
	API: cfapi.AccountAPI[TsigKey]{
		Get: func(ctx context.Context, c *cfapi.Client, account, id string) (TsigKey, error) {
			return tsigFromAPI(c.ZoneTransfers.TSIGs.Get(ctx, id, dns.ZoneTransferTSIGGetParams{AccountID: cloudflare.F(account)}))
		},
		List: func(ctx context.Context, c *cfapi.Client, account string) ([]TsigKey, error) {
			page, err := c.ZoneTransfers.TSIGs.List(ctx, dns.ZoneTransferTSIGListParams{AccountID: cloudflare.F(account)})
			return cfapi.ConvertPage(page, err, tsigFromAPI)
		},
		Create: func(ctx context.Context, c *cfapi.Client, account string, t TsigKey) (TsigKey, error) {
			return tsigFromAPI(c.ZoneTransfers.TSIGs.New(ctx, dns.ZoneTransferTSIGNewParams{AccountID: cloudflare.F(account), TSIG: tsigParam(t)}))
		},
		Update: func(ctx context.Context, c *cfapi.Client, account string, t TsigKey) (TsigKey, error) {
			return tsigFromAPI(c.ZoneTransfers.TSIGs.Update(ctx, t.ID, dns.ZoneTransferTSIGUpdateParams{AccountID: cloudflare.F(account), TSIG: tsigParam(t)}))
		},
		Delete: func(ctx context.Context, c *cfapi.Client, account, id string) error {
			return cfapi.CheckDeleted(c.ZoneTransfers.TSIGs.Delete(ctx, id, dns.ZoneTransferTSIGDeleteParams{AccountID: cloudflare.F(account)}))
		},
	},
}

func tsigFromAPI(t *dns.TSIG, err error) (TsigKey, error) {
	if err == nil {
		err = cfapi.CheckDecoded(t)
	}
	if err != nil {
		return TsigKey{}, err
	}
	return TsigKey{Tsig: Tsig{ID: t.ID, Name: t.Name, Algo: Algorithm(t.Algo)}, Secret: t.Secret}, nil
}

func tsigParam(t TsigKey) dns.TSIGParam {
	return dns.TSIGParam{Name: cloudflare.F(t.Name), Algo: cloudflare.F(string(t.Algo)), Secret: cloudflare.F(t.Secret)}
}

// WithID is the key with Cloudflare's ID id.
func (k TsigKey) WithID(id string) TsigKey {
	k.ID = id
	return k
}
