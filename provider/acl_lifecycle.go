package provider

import (
	"context"

	"github.com/pulumi/pulumi-go-provider/infer"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/kinds"
)

var aclObjects = accountObjects[kinds.Acl]{kinds.Acls}

// Diff compares the recorded state with the new inputs, so drift found by a refresh shows.
func (Acl) Diff(_ context.Context, req infer.DiffRequest[AclArgs, AclState]) (infer.DiffResponse, error) {
	return diffInputs(req.State, req.Inputs, diffRules{}), nil
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
	created, err := aclObjects.Create(ctx, client, account, in.Acl, false)
	if err != nil {
		return infer.CreateResponse[AclState]{}, err
	}
	return infer.CreateResponse[AclState]{ID: created.ID, Output: AclState{AccountID: account, Acl: created}}, nil
}

// Update replaces the whole ACL, as the API's PUT requires.
func (Acl) Update(ctx context.Context, req infer.UpdateRequest[AclArgs, AclState]) (infer.UpdateResponse[AclState], error) {
	next := AclState{AccountID: req.State.AccountID, Acl: req.Inputs.Acl}
	if req.DryRun {
		return infer.UpdateResponse[AclState]{Output: next}, nil
	}
	account, updated, err := replace(ctx, aclObjects, req.ID, req.State.AccountID, next.Acl)
	if err != nil {
		return infer.UpdateResponse[AclState]{}, err
	}
	return infer.UpdateResponse[AclState]{Output: AclState{AccountID: account, Acl: updated}}, nil
}

// Read serves refresh (state present) and import (only the ID). An ACL deleted outside Pulumi
// leaves the state on refresh; on import it is an error.
func (Acl) Read(ctx context.Context, req infer.ReadRequest[AclArgs, AclState]) (infer.ReadResponse[AclArgs, AclState], error) {
	importing := req.State.AccountID == "" && req.State.Name == ""
	got, account, found, err := lookup(ctx, aclObjects, req.ID, importing, req.State.AccountID, req.Inputs.AccountID)
	if err != nil || !found {
		return infer.ReadResponse[AclArgs, AclState]{}, err
	}
	state := AclState{AccountID: account, Acl: got}
	return infer.ReadResponse[AclArgs, AclState]{ID: got.ID, Inputs: AclArgs(state), State: state}, nil
}

func (Acl) Delete(ctx context.Context, req infer.DeleteRequest[AclState]) (infer.DeleteResponse, error) {
	return deleteObject(ctx, aclObjects, req.ID, req.State.AccountID)
}
