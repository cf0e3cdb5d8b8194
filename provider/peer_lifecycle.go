package provider

import (
	"context"

	"github.com/pulumi/pulumi-go-provider/infer"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/kinds"
)

var peerObjects = accountObjects[kinds.Peer]{kinds.Peers}

// Diff compares the recorded state with the new inputs, so drift found by a refresh shows.
func (Peer) Diff(_ context.Context, req infer.DiffRequest[PeerArgs, PeerState]) (infer.DiffResponse, error) {
	return diffInputs(req.State, req.Inputs, diffRules{}), nil
}

// Create makes the peer with its name, the only field the API takes on creation, then sets
// the other fields with one PUT when any is given. If that PUT fails, the peer exists: its ID
// is returned as a partial create so it is not orphaned, and the next update finishes the job.
func (Peer) Create(ctx context.Context, req infer.CreateRequest[PeerArgs]) (infer.CreateResponse[PeerState], error) {
	in := req.Inputs
	if req.DryRun {
		return infer.CreateResponse[PeerState]{Output: PeerState(in)}, nil
	}
	client, account, err := clientFor(ctx, in.AccountID)
	if err != nil {
		return infer.CreateResponse[PeerState]{}, err
	}
	created, err := peerObjects.Create(ctx, client, account, in.CreatedWith(), false)
	if err != nil {
		return infer.CreateResponse[PeerState]{}, err
	}
	if !in.NeedsSettings() {
		return infer.CreateResponse[PeerState]{ID: created.ID, Output: PeerState{AccountID: account, Peer: created}}, nil
	}
	want := in.Peer
	want.ID = created.ID
	updated, err := peerObjects.Update(ctx, client, account, want)
	if err != nil {
		return partialCreate(created.ID, PeerState{AccountID: account, Peer: created}, err,
			"Peer "+created.ID+" was created without its "+kinds.PeerSettings+"; the next `pulumi up` sets them.")
	}
	return infer.CreateResponse[PeerState]{ID: created.ID, Output: PeerState{AccountID: account, Peer: updated}}, nil
}

// Update replaces the whole peer: fields the program no longer sets are cleared.
func (Peer) Update(ctx context.Context, req infer.UpdateRequest[PeerArgs, PeerState]) (infer.UpdateResponse[PeerState], error) {
	next := PeerState{AccountID: req.State.AccountID, Peer: req.Inputs.Peer}
	if req.DryRun {
		return infer.UpdateResponse[PeerState]{Output: next}, nil
	}
	account, updated, err := replace(ctx, peerObjects, req.ID, req.State.AccountID, next.Peer)
	if err != nil {
		return infer.UpdateResponse[PeerState]{}, err
	}
	return infer.UpdateResponse[PeerState]{Output: PeerState{AccountID: account, Peer: updated}}, nil
}

// Read serves refresh (state present) and import (only the ID). A peer deleted outside Pulumi
// leaves the state on refresh; on import it is an error.
func (Peer) Read(ctx context.Context, req infer.ReadRequest[PeerArgs, PeerState]) (infer.ReadResponse[PeerArgs, PeerState], error) {
	importing := req.State.AccountID == "" && req.State.Name == ""
	got, account, found, err := lookup(ctx, peerObjects, req.ID, importing, req.State.AccountID, req.Inputs.AccountID)
	if err != nil || !found {
		return infer.ReadResponse[PeerArgs, PeerState]{}, err
	}
	state := PeerState{AccountID: account, Peer: got}
	return infer.ReadResponse[PeerArgs, PeerState]{ID: got.ID, Inputs: PeerArgs(state), State: state}, nil
}

func (Peer) Delete(ctx context.Context, req infer.DeleteRequest[PeerState]) (infer.DeleteResponse, error) {
	return deleteObject(ctx, peerObjects, req.ID, req.State.AccountID)
}
