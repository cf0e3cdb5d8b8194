package provider

import (
	"context"
	"fmt"
	"net/netip"

	"github.com/pulumi/pulumi-go-provider/infer"
)

// Check validates the inputs without calling Cloudflare and fills in the provider's account.
func (Acl) Check(ctx context.Context, req infer.CheckRequest) (infer.CheckResponse[AclArgs], error) {
	return checkInputs(ctx, "Acl", req.NewInputs, aclAccepts, func(c *checker, args *AclArgs) {
		c.check("accountId", validateAccountID(args.AccountID))
		c.check("name", validateObjectName(args.Name, "ACL"))
		c.check("ipRange", validateIPRange(args.IPRange))
		args.AccountID = c.defaultAccount(ctx, args.AccountID)
	})
}

// aclAccepts says what each property accepts, for failures the framework finds.
var aclAccepts = map[string]string{
	"accountId": acceptsAccountID,
	"name":      acceptsObjectName,
	"ipRange":   acceptsIPRange,
}

// Diff compares the recorded state with the new inputs, so drift found by a refresh shows.
func (Acl) Diff(_ context.Context, req infer.DiffRequest[AclArgs, AclState]) (infer.DiffResponse, error) {
	old, news := req.State, req.Inputs
	return diffFields(
		field("accountId", old.AccountID, news.AccountID, true),
		field("name", old.Name, news.Name, false),
		field("ipRange", old.IPRange, news.IPRange, false),
	), nil
}

func (Acl) Create(ctx context.Context, req infer.CreateRequest[AclArgs]) (infer.CreateResponse[AclState], error) {
	in := req.Inputs
	if req.DryRun {
		return infer.CreateResponse[AclState]{Output: AclState(in)}, nil
	}
	client, account, err := clientFor(ctx, in.AccountID)
	if err != nil {
		return infer.CreateResponse[AclState]{}, err
	}
	created, err := aclKind.Create(ctx, client, account, aclRecord{Name: in.Name, IPRange: in.IPRange}, false)
	if err != nil {
		return infer.CreateResponse[AclState]{}, err
	}
	return infer.CreateResponse[AclState]{ID: created.ID, Output: aclState(account, created)}, nil
}

// Update replaces the whole ACL, as the API's PUT requires.
func (Acl) Update(ctx context.Context, req infer.UpdateRequest[AclArgs, AclState]) (infer.UpdateResponse[AclState], error) {
	next := AclState(req.Inputs)
	next.AccountID = req.State.AccountID
	if req.DryRun {
		return infer.UpdateResponse[AclState]{Output: next}, nil
	}
	client, id, err := target(ctx, aclKind, req.ID, req.State.AccountID)
	if err != nil {
		return infer.UpdateResponse[AclState]{}, err
	}
	updated, err := aclKind.Update(ctx, client, id.scope, aclRecord{ID: id.id, Name: next.Name, IPRange: next.IPRange})
	if err != nil {
		return infer.UpdateResponse[AclState]{}, err
	}
	return infer.UpdateResponse[AclState]{Output: aclState(id.scope, updated)}, nil
}

// Read serves refresh (state present) and import (only the ID). An ACL deleted outside Pulumi
// leaves the state on refresh; on import it is an error.
func (Acl) Read(ctx context.Context, req infer.ReadRequest[AclArgs, AclState]) (infer.ReadResponse[AclArgs, AclState], error) {
	importing := req.State.AccountID == "" && req.State.Name == ""
	got, account, found, err := lookup(ctx, aclKind, req.ID, importing, req.State.AccountID, req.Inputs.AccountID)
	if err != nil || !found {
		return infer.ReadResponse[AclArgs, AclState]{}, err
	}
	state := aclState(account, got)
	return infer.ReadResponse[AclArgs, AclState]{ID: got.ID, Inputs: AclArgs(state), State: state}, nil
}

func (Acl) Delete(ctx context.Context, req infer.DeleteRequest[AclState]) (infer.DeleteResponse, error) {
	return deleteObject(ctx, aclKind, req.ID, req.State.AccountID)
}

func aclState(account string, a aclRecord) AclState {
	return AclState{AccountID: account, Name: a.Name, IPRange: a.IPRange}
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
