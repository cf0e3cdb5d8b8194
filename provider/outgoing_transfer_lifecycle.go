package provider

import (
	"context"
	"slices"

	"github.com/pulumi/pulumi-go-provider/infer"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/provider/internal/cfapi"
)

// Check validates the inputs without calling Cloudflare and fills in enabled.
func (OutgoingTransfer) Check(ctx context.Context, req infer.CheckRequest) (infer.CheckResponse[OutgoingTransferArgs], error) {
	return checkInputs(ctx, "OutgoingTransfer", req.NewInputs, outgoingAccepts, func(c *checker, args *OutgoingTransferArgs) {
		checkTransferInputs(c, args.ZoneID, args.Name)
		if args.Enabled == nil && !isUnknown(c.inputs, "enabled") {
			on := true
			args.Enabled = &on
		}
	})
}

var outgoingAccepts = map[string]string{
	"zoneId":   acceptsZoneID,
	"name":     acceptsZoneName,
	"peers":    acceptsPeers,
	"enabled":  acceptsEnabled,
	"triggers": acceptsTriggers,
}

// outgoingRules are Cloudflare's rules for an outgoing configuration.
var outgoingRules = transferRules{
	zoneTypes:  []string{"full", "partial"},
	why:        "Cloudflare is then the primary, so it must host the zone's DNS",
	sameTSIG:   true,
	zoneNeeded: "Use an IncomingTransfer for a secondary zone, or a zone whose DNS Cloudflare hosts.",
}

// Diff compares the recorded state, whose enabled is what Cloudflare reported, with the inputs.
func (OutgoingTransfer) Diff(_ context.Context, req infer.DiffRequest[OutgoingTransferArgs, OutgoingTransferState]) (infer.DiffResponse, error) {
	old, news := req.State, req.Inputs
	return diffFields(
		field("zoneId", old.ZoneID, news.ZoneID, true),
		dnsNameField(old.Name, news.Name),
		peersField(old.Peers, news.Peers),
		optionalField("enabled", &old.Enabled, news.Enabled, false),
		triggersField(old.Triggers, news.Triggers),
	), nil
}

func (OutgoingTransfer) Create(ctx context.Context, req infer.CreateRequest[OutgoingTransferArgs]) (infer.CreateResponse[OutgoingTransferState], error) {
	in := req.Inputs
	want := outgoingWanted(in)
	on := enabledOf(in)
	if req.DryRun {
		return infer.CreateResponse[OutgoingTransferState]{Output: outgoingState(want, on, in.Triggers, in.Peers)}, nil
	}
	client, created, err := createTransfer(ctx, outgoingRules, outgoingKind, in.ZoneID, want.Peers, want)
	if err != nil {
		return infer.CreateResponse[OutgoingTransferState]{}, err
	}
	// A new configuration starts disabled.
	state := outgoingState(created, false, in.Triggers, in.Peers)
	if on {
		if _, err := switchOutgoing(ctx, client, in.ZoneID, true); err != nil {
			return partialCreate(in.ZoneID, state, err, "the configuration was created but transfers are not enabled: the next `pulumi up` enables them")
		}
		state.Enabled = true
	}
	return infer.CreateResponse[OutgoingTransferState]{ID: in.ZoneID, Output: state}, nil
}

// Update writes the configuration only when it changed, sets the switch only when it differs
// from the state, then forces a NOTIFY when the triggers changed.
func (OutgoingTransfer) Update(ctx context.Context, req infer.UpdateRequest[OutgoingTransferArgs, OutgoingTransferState]) (infer.UpdateResponse[OutgoingTransferState], error) {
	old, in := req.State, req.Inputs
	want := outgoingWanted(in)
	want.ZoneID = old.ZoneID
	on := enabledOf(in)
	write := !outgoingKind.Matches(outgoingRecord{Name: old.Name, Peers: old.Peers}, want)
	force := !slices.Equal(old.Triggers, in.Triggers)
	next := old
	next.Name, next.Peers, next.Enabled, next.Triggers = want.Name, want.Peers, on, in.Triggers
	if req.DryRun {
		return infer.UpdateResponse[OutgoingTransferState]{Output: next}, nil
	}
	client, id, err := target(ctx, outgoingKind, req.ID, old.ZoneID)
	if err != nil {
		return infer.UpdateResponse[OutgoingTransferState]{}, err
	}
	// failed keeps what was done in the state and leaves the rest to the next up.
	failed := func(done OutgoingTransferState, err error) (infer.UpdateResponse[OutgoingTransferState], error) {
		done.Triggers = old.Triggers
		return infer.UpdateResponse[OutgoingTransferState]{Output: done}, infer.ResourceInitFailedError{Reasons: []string{err.Error()}}
	}
	next.Enabled = old.Enabled
	if write {
		updated, err := replaceTransfer(ctx, client, outgoingRules, outgoingKind, id.scope, want.Peers, want)
		if err != nil {
			return infer.UpdateResponse[OutgoingTransferState]{}, err
		}
		next = outgoingState(updated, old.Enabled, in.Triggers, in.Peers)
	}
	// The state holds the switch as Cloudflare last reported it (a refresh reads it back), and
	// setting it is harmless to repeat: it is sent only when it differs, without reading first.
	// A failed switch leaves the state as it was, so the next up sends it again.
	if old.Enabled != on {
		got, err := switchOutgoing(ctx, client, id.scope, on)
		if err != nil {
			return failed(next, err)
		}
		next.Enabled = got
	}
	if force {
		if err := forceNotify(ctx, client, id.scope); err != nil {
			return failed(next, err)
		}
	}
	return infer.UpdateResponse[OutgoingTransferState]{Output: next}, nil
}

// Read serves refresh and import; enabled is what outgoing/status reports, so a switch
// flipped in the dashboard shows.
func (OutgoingTransfer) Read(ctx context.Context, req infer.ReadRequest[OutgoingTransferArgs, OutgoingTransferState]) (infer.ReadResponse[OutgoingTransferArgs, OutgoingTransferState], error) {
	importing := req.State.ZoneID == ""
	client, id, err := target(ctx, outgoingKind, req.ID, req.State.ZoneID)
	if err != nil {
		return infer.ReadResponse[OutgoingTransferArgs, OutgoingTransferState]{}, importHint(err, importing, outgoingKind, req.ID)
	}
	got, zone, found, err := fetch(ctx, outgoingKind, client, id, req.ID, importing)
	if err != nil || !found {
		return infer.ReadResponse[OutgoingTransferArgs, OutgoingTransferState]{}, err
	}
	on, err := outgoingEnabled(ctx, client, zone)
	if err != nil {
		return infer.ReadResponse[OutgoingTransferArgs, OutgoingTransferState]{}, importHint(err, importing, outgoingKind, req.ID)
	}
	state := outgoingState(got, on, req.State.Triggers, req.State.Peers)
	inputs := OutgoingTransferArgs{ZoneID: state.ZoneID, Name: state.Name, Peers: state.Peers, Enabled: &on, Triggers: state.Triggers}
	return infer.ReadResponse[OutgoingTransferArgs, OutgoingTransferState]{ID: got.ZoneID, Inputs: inputs, State: state}, nil
}

// Delete disables transfers, so secondaries stop being served, then deletes the
// configuration; either already done counts as done.
func (OutgoingTransfer) Delete(ctx context.Context, req infer.DeleteRequest[OutgoingTransferState]) (infer.DeleteResponse, error) {
	client, id, err := target(ctx, outgoingKind, req.ID, req.State.ZoneID)
	if err != nil {
		return infer.DeleteResponse{}, err
	}
	if _, err := switchOutgoing(ctx, client, id.scope, false); err != nil && !cfapi.IsNotFound(err) {
		return infer.DeleteResponse{}, err
	}
	return remove(ctx, outgoingKind, client, id)
}

func enabledOf(in OutgoingTransferArgs) bool { return in.Enabled == nil || *in.Enabled }

// outgoingWanted is the configuration the inputs describe.
func outgoingWanted(in OutgoingTransferArgs) outgoingRecord {
	return outgoingRecord{ZoneID: in.ZoneID, Name: in.Name, Peers: peerList(in.Peers)}
}

// outgoingState is the state of a configuration; its peers keep the order of known (the
// program's or the state's) when they are the same set.
func outgoingState(r outgoingRecord, enabled bool, triggers, known []string) OutgoingTransferState {
	return OutgoingTransferState{
		ZoneID: r.ZoneID, Name: r.Name, Peers: inOrderOf(known, r.Peers), Enabled: enabled, Triggers: triggers,
		SOASerial: r.SOASerial, CheckedTime: r.CheckedTime, CreatedTime: r.CreatedTime, LastTransferredTime: r.LastTransferredTime,
	}
}
