package provider

import (
	"context"
	"fmt"

	"github.com/pulumi/pulumi-go-provider/infer"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/cfapi"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/kinds"
)

// AccountArgs name the account a list function lists.
type AccountArgs struct {
	AccountID string `pulumi:"accountId,optional"`
}

func (a *AccountArgs) Annotate(an infer.Annotator) { an.Describe(&a.AccountID, accountArgDescription) }

// functionClient validates a function's account before any call to Cloudflare.
func functionClient(ctx context.Context, accountID string) (*cfapi.Client, string, error) {
	if accountID != "" {
		if err := kinds.ValidateAccountID(accountID); err != nil {
			return nil, "", argumentError("accountId", err)
		}
	}
	return clientFor(ctx, accountID)
}

func argumentError(property string, err error) error {
	return fmt.Errorf("%s: %w", property, err)
}

// fetchOne serves the get functions of account objects: the arguments are checked before the
// one read.
func fetchOne[R, O any](ctx context.Context, k *cfapi.AccountKind[R], accountID, id, kind, idArgument string, info func(string, R) O) (O, error) {
	var out O
	client, account, err := functionClient(ctx, accountID)
	if err != nil {
		return out, err
	}
	if err := kinds.ValidateObjectID(id, kind); err != nil {
		return out, argumentError(idArgument, err)
	}
	got, err := k.Get(ctx, client, account, id)
	if err != nil {
		return out, err
	}
	return info(account, got), nil
}

// fetchAll serves the list functions: one listing of the account.
func fetchAll[R, O any](ctx context.Context, k *cfapi.AccountKind[R], accountID string, info func(string, R) O) (account string, out []O, err error) {
	client, account, err := functionClient(ctx, accountID)
	if err != nil {
		return "", nil, err
	}
	got, err := k.List(ctx, client, account)
	if err != nil {
		return "", nil, err
	}
	out = make([]O, len(got))
	for i, r := range got {
		out[i] = info(account, r)
	}
	return account, out, nil
}
