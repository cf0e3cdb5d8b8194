package provider

import (
	"context"

	"github.com/pulumi/pulumi-go-provider/infer"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/kinds"
)

// Acl is a Secondary DNS ACL in a Cloudflare account: an IP range allowed to send NOTIFY to
// Cloudflare and to pull zones from it, for every zone of the account.
type Acl struct{}

// AclArgs are the inputs of an Acl: the ACL as kinds.Acl declares it, in an account.
type AclArgs struct {
	AccountID string `pulumi:"accountId,optional" provider:"replaceOnChanges"`
	kinds.Acl
}

// AclState is what Pulumi records for an Acl; the resource ID is Cloudflare's ACL ID.
type AclState struct {
	AccountID string `pulumi:"accountId"`
	kinds.Acl
}

// Acl has every lifecycle method of a resource (lifecycle.go).
var _ = wholeLifecycle[AclArgs, AclState](Acl{})

func (a *Acl) Annotate(an infer.Annotator) {
	an.Describe(a, `A Secondary DNS ACL: an IP range that Cloudflare allows, for every zone of the
account, to send NOTIFY to Cloudflare (when Cloudflare is the secondary) and to pull zones by
AXFR/IXFR (when Cloudflare is the primary). Peers' addresses are allowed already; an ACL adds
others, such as a fleet of secondaries. It does not open your primary to Cloudflare: allow
Cloudflare's transfer addresses on your primary for that.`)
}

func (a *AclArgs) Annotate(an infer.Annotator) { kinds.DescribeAccount(an, &a.AccountID, "ACL", true) }

func (s *AclState) Annotate(an infer.Annotator) {
	kinds.DescribeAccount(an, &s.AccountID, "ACL", false)
}

// WireDependencies says each output comes from the input of the same name.
func (Acl) WireDependencies(f infer.FieldSelector, args *AclArgs, state *AclState) {
	wireSameNames(f, args, state)
}

// Check validates the inputs without calling Cloudflare and fills in the provider's account.
func (Acl) Check(ctx context.Context, req infer.CheckRequest) (infer.CheckResponse[AclArgs], error) {
	return checkInputs(ctx, "Acl", req.NewInputs, aclAccepts, func(c *kinds.Checker, args *AclArgs) {
		c.Check("accountId", kinds.ValidateAccountID(args.AccountID))
		args.Acl.Check(c)
		args.AccountID = defaultAccount(ctx, c, args.AccountID)
	})
}

// aclAccepts says what each property accepts, for failures the framework finds.
var aclAccepts = accepting(kinds.AclAccepts, map[string]string{"accountId": kinds.AcceptsAccountID})
