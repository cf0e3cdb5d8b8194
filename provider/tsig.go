package provider

import (
	"context"

	"github.com/pulumi/pulumi-go-provider/infer"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/kinds"
)

// Algorithm is a TSIG algorithm, as Tsig and nameserverConfig take it.
type Algorithm = kinds.Algorithm

// Tsig is a TSIG key in a Cloudflare account.
type Tsig struct{}

// TsigArgs are the inputs of a Tsig: the key as kinds.Tsig declares it, in an account, with a
// secret or none (the provider then generates one).
type TsigArgs struct {
	AccountID string `pulumi:"accountId,optional" provider:"replaceOnChanges"`
	kinds.Tsig
	Secret *string `pulumi:"secret,optional" provider:"secret"`
}

// TsigState is what Pulumi records for a Tsig; the resource ID is Cloudflare's TSIG ID.
type TsigState struct {
	AccountID string `pulumi:"accountId"`
	kinds.TsigKey
}

// Tsig has every lifecycle method of a resource (lifecycle.go).
var _ = wholeLifecycle[TsigArgs, TsigState](Tsig{})

func (t *Tsig) Annotate(a infer.Annotator) {
	a.Describe(t, `A TSIG key for Cloudflare Secondary DNS: the shared secret that signs zone
transfers (AXFR/IXFR) between Cloudflare and your primary or secondary nameservers. Link it to
a peer with the peer's tsigId.

The name and secret must match the key configured on the other nameserver. When secret is
omitted, the provider generates a random key as long as the algorithm's digest, once, and keeps
it; read it from the secret output to configure the other side.`)
}

func (a *TsigArgs) Annotate(an infer.Annotator) {
	kinds.DescribeAccount(an, &a.AccountID, "key", true)
	an.Describe(&a.Secret, "The shared secret, base64-encoded, as written by `tsig-keygen` or "+
		"`openssl rand -base64 64`. Always stored as a Pulumi secret. When omitted, a random key as long "+
		"as the algorithm's digest is generated once and kept; an imported key keeps the secret Cloudflare has. "+
		"Changing it in place breaks the transfers of the peers that use the key until their nameservers hold the "+
		"new secret (preview warns, naming them): to replace a key, declare a new one beside it instead (guide: "+
		"Rotating TSIG keys).")
}

func (s *TsigState) Annotate(an infer.Annotator) {
	kinds.DescribeAccount(an, &s.AccountID, "key", false)
}

// WireDependencies marks the secret output as secret even when it was generated rather than
// given (the framework only carries secretness over from an input of the same name). The
// secret output deliberately depends on no input: a kept generated secret stays known in
// previews.
func (Tsig) WireDependencies(f infer.FieldSelector, args *TsigArgs, state *TsigState) {
	wireSameNames(f, args, state, "secret")
	f.OutputField(&state.Secret).AlwaysSecret()
}

// Check validates the inputs without calling Cloudflare and fills in the provider's account.
func (Tsig) Check(ctx context.Context, req infer.CheckRequest) (infer.CheckResponse[TsigArgs], error) {
	return checkInputs(ctx, "Tsig", req.NewInputs, tsigAccepts, func(c *kinds.Checker, args *TsigArgs) {
		c.Check("accountId", kinds.ValidateAccountID(args.AccountID))
		args.Tsig.Check(c)
		if args.Secret != nil {
			c.Check("secret", kinds.ValidateSecret(*args.Secret))
		}
		args.AccountID = defaultAccount(ctx, c, args.AccountID)
	})
}

// tsigAccepts says what each property accepts, for failures the framework finds.
var tsigAccepts = accepting(kinds.TsigAccepts, map[string]string{"accountId": kinds.AcceptsAccountID})
