package provider

import (
	"github.com/pulumi/pulumi-go-provider/infer"
)

// Acl is a Secondary DNS ACL in a Cloudflare account: an IP range allowed to send NOTIFY to
// Cloudflare and to pull zones from it, for every zone of the account.
type Acl struct{}

// AclArgs are the inputs of an Acl.
type AclArgs struct {
	AccountID string `pulumi:"accountId,optional" provider:"replaceOnChanges"`
	Name      string `pulumi:"name"`
	IPRange   string `pulumi:"ipRange"`
}

// AclState is what Pulumi records for an Acl; the resource ID is Cloudflare's ACL ID.
type AclState struct {
	AccountID string `pulumi:"accountId"`
	Name      string `pulumi:"name"`
	IPRange   string `pulumi:"ipRange"`
}

var (
	_ infer.CustomCheck[AclArgs]                    = Acl{}
	_ infer.CustomDiff[AclArgs, AclState]           = Acl{}
	_ infer.CustomUpdate[AclArgs, AclState]         = Acl{}
	_ infer.CustomRead[AclArgs, AclState]           = Acl{}
	_ infer.CustomDelete[AclState]                  = Acl{}
	_ infer.ExplicitDependencies[AclArgs, AclState] = Acl{}
	_ infer.Annotated                               = (*Acl)(nil)
)

func (a *Acl) Annotate(an infer.Annotator) {
	an.Describe(a, `A Secondary DNS ACL: an IP range that Cloudflare allows, for every zone of the
account, to send NOTIFY to Cloudflare (when Cloudflare is the secondary) and to pull zones by
AXFR/IXFR (when Cloudflare is the primary). Peers' addresses are allowed already; an ACL adds
others, such as a fleet of secondaries. It does not open your primary to Cloudflare: allow
Cloudflare's transfer addresses on your primary for that.

Example (TypeScript):

    const office = new cfsecdns.Acl("secondaries", {
        name: "secondaries",
        ipRange: "192.0.2.0/24",
    });

Import with the account and the ACL ID:

    pulumi import cloudflare-secondary-dns:index:Acl secondaries <accountId>/<aclId>`)
}

func (a *AclArgs) Annotate(an infer.Annotator) {
	describeAclFields(an, &a.Name, &a.IPRange)
	describeAccount(an, &a.AccountID, "ACL", true)
}

func (s *AclState) Annotate(an infer.Annotator) {
	describeAclFields(an, &s.Name, &s.IPRange)
	describeAccount(an, &s.AccountID, "ACL", false)
}

func describeAclFields(an infer.Annotator, name, ipRange *string) {
	an.Describe(name, "The ACL's name, for people: "+acceptsObjectName+", e.g. \"secondaries\".")
	an.Describe(ipRange, "The allowed range, as a CIDR: "+acceptsIPRange+". Host bits beyond the prefix "+
		"are kept as given, e.g. \"192.0.2.53/28\".")
}

// WireDependencies says each output comes from the input of the same name.
func (Acl) WireDependencies(f infer.FieldSelector, args *AclArgs, state *AclState) {
	f.OutputField(&state.AccountID).DependsOn(f.InputField(&args.AccountID))
	f.OutputField(&state.Name).DependsOn(f.InputField(&args.Name))
	f.OutputField(&state.IPRange).DependsOn(f.InputField(&args.IPRange))
}
