package provider

import (
	"context"

	"github.com/pulumi/pulumi-go-provider/infer"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/kinds"
)

// GetAcl reads one ACL.
type GetAcl struct{}

// GetAclArgs name the ACL to read.
type GetAclArgs struct {
	AccountID string `pulumi:"accountId,optional"`
	ID        string `pulumi:"aclId"`
}

// AclInfo is an ACL as read from Cloudflare.
type AclInfo struct {
	AccountID string `pulumi:"accountId"`
	AclID     string `pulumi:"aclId"`
	kinds.Acl
}

// ListAcls reads every ACL of an account.
type ListAcls struct{}

// ListAclsResult holds the ACLs in Cloudflare's order.
type ListAclsResult struct {
	AccountID string    `pulumi:"accountId"`
	Acls      []AclInfo `pulumi:"acls"`
}

func (f *GetAcl) Annotate(a infer.Annotator) {
	a.Describe(f, `Reads a Secondary DNS ACL by ID.`)
}

func (a *GetAclArgs) Annotate(an infer.Annotator) {
	an.Describe(&a.AccountID, accountArgDescription)
	an.Describe(&a.ID, "The ACL's ID ("+kinds.HexID+"), e.g. an Acl resource's id.")
}

func (i *AclInfo) Annotate(an infer.Annotator) {
	an.Describe(i, "An ACL as Cloudflare holds it.")
	kinds.DescribeAccount(an, &i.AccountID, "ACL", false)
	an.Describe(&i.AclID, "The ACL's ID ("+kinds.HexID+").")
}

func (f *ListAcls) Annotate(a infer.Annotator) {
	a.Describe(f, `Lists the Secondary DNS ACLs of an account.`)
}

func (r *ListAclsResult) Annotate(an infer.Annotator) {
	an.Describe(r, "The ACLs of an account.")
	an.Describe(&r.AccountID, "The account that was listed.")
	an.Describe(&r.Acls, "The account's ACLs.")
}

func (GetAcl) Invoke(ctx context.Context, req infer.FunctionRequest[GetAclArgs]) (infer.FunctionResponse[AclInfo], error) {
	out, err := fetchOne(ctx, kinds.Acls, req.Input.AccountID, req.Input.ID, "ACL", "aclId", aclInfo)
	return infer.FunctionResponse[AclInfo]{Output: out}, err
}

func (ListAcls) Invoke(ctx context.Context, req infer.FunctionRequest[AccountArgs]) (infer.FunctionResponse[ListAclsResult], error) {
	account, all, err := fetchAll(ctx, kinds.Acls, req.Input.AccountID, aclInfo)
	return infer.FunctionResponse[ListAclsResult]{Output: ListAclsResult{AccountID: account, Acls: all}}, err
}

func aclInfo(account string, a kinds.Acl) AclInfo {
	return AclInfo{AccountID: account, AclID: a.ID, Acl: a}
}
