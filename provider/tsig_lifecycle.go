package provider

import (
	"context"

	"github.com/pulumi/pulumi-go-provider/infer"
)

// Check validates the inputs without calling Cloudflare and fills in the provider's account.
func (Tsig) Check(ctx context.Context, req infer.CheckRequest) (infer.CheckResponse[TsigArgs], error) {
	return checkInputs(ctx, "Tsig", req.NewInputs, tsigAccepts, func(c *checker, args *TsigArgs) {
		c.check("accountId", validateAccountID(args.AccountID))
		c.check("name", validateDNSName(args.Name))
		c.check("algo", validateAlgorithm(args.Algo))
		if args.Secret != nil {
			c.check("secret", validateSecret(*args.Secret))
		}
		args.AccountID = c.defaultAccount(ctx, args.AccountID)
	})
}

// tsigAccepts says what each property accepts, for failures the framework finds.
var tsigAccepts = map[string]string{
	"accountId": acceptsAccountID,
	"name":      "a DNS name such as \"transfer.example.com.\"",
	"algo":      "a TSIG algorithm such as \"hmac-sha512.\"",
	"secret":    "a base64-encoded key",
}

// Diff compares the recorded state with the new inputs, so drift found by a refresh shows. A
// secret changed in place is told with the peers it breaks (tsig_rotation.go).
func (Tsig) Diff(ctx context.Context, req infer.DiffRequest[TsigArgs, TsigState]) (infer.DiffResponse, error) {
	old, news := req.State, req.Inputs
	if secretChanges(old, news) && news.AccountID == old.AccountID {
		warnOfSecretChange(ctx, req.ID, old)
	}
	// No secret in the program: the generated one is kept.
	secret := fieldDiff{name: "secret"}
	if news.Secret != nil {
		secret = field("secret", old.Secret, *news.Secret, false)
	}
	return diffFields(
		field("accountId", old.AccountID, news.AccountID, true),
		field("name", old.Name, news.Name, false),
		field("algo", old.Algo, news.Algo, false),
		secret,
	), nil
}

func (Tsig) Create(ctx context.Context, req infer.CreateRequest[TsigArgs]) (infer.CreateResponse[TsigState], error) {
	in := req.Inputs
	if req.DryRun {
		// An omitted secret stays empty here, which the framework shows as unknown.
		return infer.CreateResponse[TsigState]{Output: TsigState{
			AccountID: in.AccountID, Name: in.Name, Algo: in.Algo, Secret: valueOr(in.Secret, ""),
		}}, nil
	}
	client, account, err := clientFor(ctx, in.AccountID)
	if err != nil {
		return infer.CreateResponse[TsigState]{}, err
	}
	secret := valueOr(in.Secret, "")
	if in.Secret == nil {
		if secret, err = generateSecret(in.Algo); err != nil {
			return infer.CreateResponse[TsigState]{}, err
		}
	}
	created, err := tsigKind.Create(ctx, client, account, tsigRecord{Name: in.Name, Algo: string(in.Algo), Secret: secret}, in.Secret == nil)
	if err != nil {
		return infer.CreateResponse[TsigState]{}, err
	}
	return infer.CreateResponse[TsigState]{ID: created.ID, Output: tsigState(account, created)}, nil
}

// Update sends the whole key, as the API requires, keeping the recorded secret when the
// program has none.
func (Tsig) Update(ctx context.Context, req infer.UpdateRequest[TsigArgs, TsigState]) (infer.UpdateResponse[TsigState], error) {
	in := req.Inputs
	next := TsigState{AccountID: req.State.AccountID, Name: in.Name, Algo: in.Algo, Secret: valueOr(in.Secret, req.State.Secret)}
	if req.DryRun {
		return infer.UpdateResponse[TsigState]{Output: next}, nil
	}
	client, id, err := target(ctx, tsigKind, req.ID, req.State.AccountID)
	if err != nil {
		return infer.UpdateResponse[TsigState]{}, err
	}
	if next.Secret == "" {
		if next.Secret, err = generateSecret(in.Algo); err != nil {
			return infer.UpdateResponse[TsigState]{}, err
		}
	}
	updated, err := tsigKind.Update(ctx, client, id.scope, tsigRecord{ID: id.id, Name: next.Name, Algo: string(next.Algo), Secret: next.Secret})
	if err != nil {
		return infer.UpdateResponse[TsigState]{}, err
	}
	return infer.UpdateResponse[TsigState]{Output: tsigState(id.scope, updated)}, nil
}

// Read serves refresh (state present) and import (only the ID). A key deleted outside Pulumi
// leaves the state on refresh; on import it is an error.
//
// The secret Cloudflare holds goes into the state (a secret output), but into the inputs only
// when the program sets one: `pulumi import` writes a program from the inputs Read returns,
// and would print the secret in it. A program without secret keeps the one Cloudflare has.
func (Tsig) Read(ctx context.Context, req infer.ReadRequest[TsigArgs, TsigState]) (infer.ReadResponse[TsigArgs, TsigState], error) {
	importing := req.State.AccountID == "" && req.State.Name == ""
	got, account, found, err := lookup(ctx, tsigKind, req.ID, importing, req.State.AccountID, req.Inputs.AccountID)
	if err != nil || !found {
		return infer.ReadResponse[TsigArgs, TsigState]{}, err
	}
	state := tsigState(account, got)
	inputs := TsigArgs{AccountID: state.AccountID, Name: state.Name, Algo: state.Algo}
	if req.Inputs.Secret != nil {
		inputs.Secret = &state.Secret
	}
	return infer.ReadResponse[TsigArgs, TsigState]{ID: got.ID, Inputs: inputs, State: state}, nil
}

func (Tsig) Delete(ctx context.Context, req infer.DeleteRequest[TsigState]) (infer.DeleteResponse, error) {
	return deleteObject(ctx, tsigKind, req.ID, req.State.AccountID)
}

func tsigState(account string, t tsigRecord) TsigState {
	return TsigState{AccountID: account, Name: t.Name, Algo: Algorithm(t.Algo), Secret: t.Secret}
}

func valueOr[T any](v *T, fallback T) T {
	if v == nil {
		return fallback
	}
	return *v
}
