package provider

import (
	"context"

	"github.com/pulumi/pulumi-go-provider/infer"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/kinds"
)

var tsigObjects = accountObjects[kinds.TsigKey]{kinds.Tsigs}

// Diff compares the recorded state with the new inputs, so drift found by a refresh shows. A
// secret changed in place is told with the peers it breaks (tsig_rotation.go). No secret in
// the program keeps the generated one.
func (Tsig) Diff(ctx context.Context, req infer.DiffRequest[TsigArgs, TsigState]) (infer.DiffResponse, error) {
	old, news := req.State, req.Inputs
	if secretChanges(old, news) && news.AccountID == old.AccountID {
		warnOfSecretChange(ctx, req.ID, old)
	}
	return diffInputs(old, news, diffRules{keptWhenUnset: []string{"secret"}}), nil
}

func (Tsig) Create(ctx context.Context, req infer.CreateRequest[TsigArgs]) (infer.CreateResponse[TsigState], error) {
	in := req.Inputs
	want := kinds.TsigKey{Tsig: in.Tsig}
	if in.Secret != nil {
		want.Secret = *in.Secret
	}
	if req.DryRun {
		// An omitted secret stays empty here, which the framework shows as unknown.
		return infer.CreateResponse[TsigState]{Output: TsigState{AccountID: in.AccountID, TsigKey: want}}, nil
	}
	client, account, err := clientFor(ctx, in.AccountID)
	if err != nil {
		return infer.CreateResponse[TsigState]{}, err
	}
	if in.Secret == nil {
		if want.Secret, err = generateSecret(in.Algo); err != nil {
			return infer.CreateResponse[TsigState]{}, err
		}
	}
	created, err := tsigObjects.Create(ctx, client, account, want, in.Secret == nil)
	if err != nil {
		return infer.CreateResponse[TsigState]{}, err
	}
	return infer.CreateResponse[TsigState]{ID: created.ID, Output: TsigState{AccountID: account, TsigKey: created}}, nil
}

// Update sends the whole key, as the API requires, keeping the recorded secret when the
// program has none.
func (Tsig) Update(ctx context.Context, req infer.UpdateRequest[TsigArgs, TsigState]) (infer.UpdateResponse[TsigState], error) {
	in := req.Inputs
	next := TsigState{AccountID: req.State.AccountID, TsigKey: kinds.TsigKey{Tsig: in.Tsig, Secret: req.State.Secret}}
	if in.Secret != nil {
		next.Secret = *in.Secret
	}
	if req.DryRun {
		return infer.UpdateResponse[TsigState]{Output: next}, nil
	}
	var err error
	if next.Secret == "" {
		if next.Secret, err = generateSecret(in.Algo); err != nil {
			return infer.UpdateResponse[TsigState]{}, err
		}
	}
	account, updated, err := replace(ctx, tsigObjects, req.ID, req.State.AccountID, next.TsigKey)
	if err != nil {
		return infer.UpdateResponse[TsigState]{}, err
	}
	return infer.UpdateResponse[TsigState]{Output: TsigState{AccountID: account, TsigKey: updated}}, nil
}

// Read serves refresh (state present) and import (only the ID). A key deleted outside Pulumi
// leaves the state on refresh; on import it is an error.
//
// The secret Cloudflare holds goes into the state (a secret output), but into the inputs only
// when the program sets one: `pulumi import` writes a program from the inputs Read returns,
// and would print the secret in it. A program without secret keeps the one Cloudflare has.
func (Tsig) Read(ctx context.Context, req infer.ReadRequest[TsigArgs, TsigState]) (infer.ReadResponse[TsigArgs, TsigState], error) {
	importing := req.State.AccountID == "" && req.State.Name == ""
	got, account, found, err := lookup(ctx, tsigObjects, req.ID, importing, req.State.AccountID, req.Inputs.AccountID)
	if err != nil || !found {
		return infer.ReadResponse[TsigArgs, TsigState]{}, err
	}
	state := TsigState{AccountID: account, TsigKey: got}
	inputs := TsigArgs{AccountID: account, Tsig: got.Tsig}
	if req.Inputs.Secret != nil {
		inputs.Secret = &state.Secret
	}
	return infer.ReadResponse[TsigArgs, TsigState]{ID: got.ID, Inputs: inputs, State: state}, nil
}

func (Tsig) Delete(ctx context.Context, req infer.DeleteRequest[TsigState]) (infer.DeleteResponse, error) {
	return deleteObject(ctx, tsigObjects, req.ID, req.State.AccountID)
}
