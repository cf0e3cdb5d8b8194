package provider

import (
	"context"

	"github.com/pulumi/pulumi-go-provider/infer"
)

// Check validates the inputs without calling Cloudflare and fills in the provider's account.
func (Peer) Check(ctx context.Context, req infer.CheckRequest) (infer.CheckResponse[PeerArgs], error) {
	return checkInputs(ctx, "Peer", req.NewInputs, peerAccepts, func(c *checker, args *PeerArgs) {
		c.integer("port", peerAccepts["port"])
		c.check("accountId", validateAccountID(args.AccountID))
		c.check("name", validateObjectName(args.Name, "peer"))
		if args.IP != nil {
			c.check("ip", validateIP(*args.IP))
		}
		if args.Port != nil && len(c.failures) == 0 {
			c.check("port", validatePort(*args.Port))
		}
		if args.TsigID != nil {
			c.check("tsigId", validateObjectID(*args.TsigID, "TSIG"))
		}
		args.AccountID = c.defaultAccount(ctx, args.AccountID)
	})
}

// peerAccepts says what each property accepts, for failures the framework finds.
var peerAccepts = map[string]string{
	"accountId":  acceptsAccountID,
	"name":       acceptsObjectName,
	"ip":         "an IPv4 or IPv6 address such as \"192.0.2.53\"",
	"port":       "an integer from 1 to 65535",
	"ixfrEnable": "true or false",
	"tsigId":     "a TSIG ID (" + hexID + ")",
}

// Diff compares the recorded state with the new inputs, so drift found by a refresh shows.
func (Peer) Diff(_ context.Context, req infer.DiffRequest[PeerArgs, PeerState]) (infer.DiffResponse, error) {
	old, news := req.State, req.Inputs
	return diffFields(
		field("accountId", old.AccountID, news.AccountID, true),
		field("name", old.Name, news.Name, false),
		optionalField("ip", old.IP, news.IP, false),
		optionalField("port", old.Port, news.Port, false),
		optionalField("ixfrEnable", old.IxfrEnable, news.IxfrEnable, false),
		optionalField("tsigId", old.TsigID, news.TsigID, false),
	), nil
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
	created, err := peerKind.Create(ctx, client, account, peerRecord{Name: in.Name}, false)
	if err != nil {
		return infer.CreateResponse[PeerState]{}, err
	}
	if in.IP == nil && in.Port == nil && in.IxfrEnable == nil && in.TsigID == nil {
		return infer.CreateResponse[PeerState]{ID: created.ID, Output: peerState(account, created)}, nil
	}
	want := peerRecord{ID: created.ID, Name: in.Name, IP: in.IP, Port: in.Port, IxfrEnable: in.IxfrEnable, TSIGID: in.TsigID}
	updated, err := peerKind.Update(ctx, client, account, want)
	if err != nil {
		return partialCreate(created.ID, peerState(account, created), err,
			"Peer "+created.ID+" was created without its ip, port, ixfrEnable and tsigId; the next `pulumi up` sets them.")
	}
	return infer.CreateResponse[PeerState]{ID: created.ID, Output: peerState(account, updated)}, nil
}

// Update replaces the whole peer: fields the program no longer sets are cleared.
func (Peer) Update(ctx context.Context, req infer.UpdateRequest[PeerArgs, PeerState]) (infer.UpdateResponse[PeerState], error) {
	in := req.Inputs
	next := PeerState(in)
	next.AccountID = req.State.AccountID
	if req.DryRun {
		return infer.UpdateResponse[PeerState]{Output: next}, nil
	}
	client, id, err := target(ctx, peerKind, req.ID, req.State.AccountID)
	if err != nil {
		return infer.UpdateResponse[PeerState]{}, err
	}
	updated, err := peerKind.Update(ctx, client, id.scope, peerRecord{
		ID: id.id, Name: in.Name, IP: in.IP, Port: in.Port, IxfrEnable: in.IxfrEnable, TSIGID: in.TsigID,
	})
	if err != nil {
		return infer.UpdateResponse[PeerState]{}, err
	}
	return infer.UpdateResponse[PeerState]{Output: peerState(id.scope, updated)}, nil
}

// Read serves refresh (state present) and import (only the ID). A peer deleted outside Pulumi
// leaves the state on refresh; on import it is an error.
func (Peer) Read(ctx context.Context, req infer.ReadRequest[PeerArgs, PeerState]) (infer.ReadResponse[PeerArgs, PeerState], error) {
	importing := req.State.AccountID == "" && req.State.Name == ""
	got, account, found, err := lookup(ctx, peerKind, req.ID, importing, req.State.AccountID, req.Inputs.AccountID)
	if err != nil || !found {
		return infer.ReadResponse[PeerArgs, PeerState]{}, err
	}
	state := peerState(account, got)
	return infer.ReadResponse[PeerArgs, PeerState]{ID: got.ID, Inputs: PeerArgs(state), State: state}, nil
}

func (Peer) Delete(ctx context.Context, req infer.DeleteRequest[PeerState]) (infer.DeleteResponse, error) {
	return deleteObject(ctx, peerKind, req.ID, req.State.AccountID)
}

func peerState(account string, p peerRecord) PeerState {
	return PeerState{AccountID: account, Name: p.Name, IP: p.IP, Port: p.Port, IxfrEnable: p.IxfrEnable, TsigID: p.TSIGID}
}
