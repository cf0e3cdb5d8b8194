package provider

import (
	"context"

	"github.com/pulumi/pulumi-go-provider/infer"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/kinds"
)

// GetTsig reads one TSIG key, like pulumi-cloudflare's data source.
type GetTsig struct{}

// GetTsigArgs name the key to read.
type GetTsigArgs struct {
	AccountID string `pulumi:"accountId,optional"`
	ID        string `pulumi:"tsigId"`
}

// TsigInfo is a TSIG key as read from Cloudflare.
type TsigInfo struct {
	AccountID string `pulumi:"accountId"`
	TsigID    string `pulumi:"tsigId"`
	kinds.TsigKey
}

// ListTsigs reads every TSIG key of an account.
type ListTsigs struct{}

// ListTsigsResult holds the keys in Cloudflare's order.
type ListTsigsResult struct {
	AccountID string     `pulumi:"accountId"`
	Tsigs     []TsigInfo `pulumi:"tsigs"`
}

func (f *GetTsig) Annotate(a infer.Annotator) {
	a.Describe(f, `Reads a TSIG key by ID. The secret is returned as a Pulumi secret.`)
}

func (a *GetTsigArgs) Annotate(an infer.Annotator) {
	an.Describe(&a.AccountID, accountArgDescription)
	an.Describe(&a.ID, "The TSIG key's ID ("+kinds.HexID+"), e.g. a Tsig resource's id.")
}

func (t *TsigInfo) Annotate(an infer.Annotator) {
	an.Describe(t, "A TSIG key as Cloudflare holds it.")
	kinds.DescribeAccount(an, &t.AccountID, "key", false)
	an.Describe(&t.TsigID, "The TSIG key's ID.")
}

func (f *ListTsigs) Annotate(a infer.Annotator) {
	a.Describe(f, `Lists the TSIG keys of an account. Secrets are returned as Pulumi secrets.`)
}

func (r *ListTsigsResult) Annotate(an infer.Annotator) {
	an.Describe(r, "The TSIG keys of an account.")
	an.Describe(&r.AccountID, "The account that was listed.")
	an.Describe(&r.Tsigs, "The account's TSIG keys.")
}

func (GetTsig) Invoke(ctx context.Context, req infer.FunctionRequest[GetTsigArgs]) (infer.FunctionResponse[TsigInfo], error) {
	out, err := fetchOne(ctx, kinds.Tsigs, req.Input.AccountID, req.Input.ID, "TSIG", "tsigId", tsigInfo)
	return infer.FunctionResponse[TsigInfo]{Output: out}, err
}

func (ListTsigs) Invoke(ctx context.Context, req infer.FunctionRequest[AccountArgs]) (infer.FunctionResponse[ListTsigsResult], error) {
	account, all, err := fetchAll(ctx, kinds.Tsigs, req.Input.AccountID, tsigInfo)
	return infer.FunctionResponse[ListTsigsResult]{Output: ListTsigsResult{AccountID: account, Tsigs: all}}, err
}

func tsigInfo(account string, t kinds.TsigKey) TsigInfo {
	return TsigInfo{AccountID: account, TsigID: t.ID, TsigKey: t}
}
