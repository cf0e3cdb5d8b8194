package provider

import (
	"context"
	"fmt"
	"slices"

	"github.com/pulumi/pulumi-go-provider/infer"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/provider/internal/tsigrules"
)

// Check validates the inputs without calling Cloudflare and fills in autoRefreshSeconds.
func (IncomingTransfer) Check(ctx context.Context, req infer.CheckRequest) (infer.CheckResponse[IncomingTransferArgs], error) {
	return checkInputs(ctx, "IncomingTransfer", req.NewInputs, incomingAccepts, func(c *checker, args *IncomingTransferArgs) {
		checkTransferInputs(c, args.ZoneID, args.Name)
		c.integer("autoRefreshSeconds", acceptsAutoRefresh)
		if args.AutoRefreshSeconds != nil && *args.AutoRefreshSeconds < minAutoRefreshSeconds && c.known("autoRefreshSeconds") {
			c.fail("autoRefreshSeconds", fmt.Sprintf("%d is below Cloudflare's minimum: expected %s", *args.AutoRefreshSeconds, acceptsAutoRefresh))
		}
		if args.AutoRefreshSeconds == nil && !isUnknown(c.inputs, "autoRefreshSeconds") {
			refresh := defaultAutoRefreshSeconds
			args.AutoRefreshSeconds = &refresh
		}
	})
}

// checkTransferInputs checks what both transfer configurations share.
func checkTransferInputs(c *checker, zoneID, name string) {
	c.check("zoneId", validateObjectID(zoneID, "zone"))
	c.check("name", validateDNSName(name))
	c.checkPeers()
}

var incomingAccepts = map[string]string{
	"zoneId":             acceptsZoneID,
	"name":               acceptsZoneName,
	"peers":              acceptsPeers,
	"autoRefreshSeconds": acceptsAutoRefresh,
	"triggers":           acceptsTriggers,
}

// incomingRules are Cloudflare's rules for an incoming configuration.
var incomingRules = transferRules{
	zoneTypes:  []string{"secondary"},
	why:        "Cloudflare is then the secondary and pulls the zone from your primary",
	zoneNeeded: "Create the zone with type \"secondary\", or use an OutgoingTransfer for a zone whose DNS Cloudflare hosts.",
}

// Diff compares the recorded state with the new inputs: peers as a set, names as DNS does.
func (IncomingTransfer) Diff(_ context.Context, req infer.DiffRequest[IncomingTransferArgs, IncomingTransferState]) (infer.DiffResponse, error) {
	old, news := req.State, req.Inputs
	return diffFields(
		field("zoneId", old.ZoneID, news.ZoneID, true),
		dnsNameField(old.Name, news.Name),
		peersField(old.Peers, news.Peers),
		optionalField("autoRefreshSeconds", &old.AutoRefreshSeconds, news.AutoRefreshSeconds, false),
		triggersField(old.Triggers, news.Triggers),
	), nil
}

// dnsNameField compares zone names as DNS does, so Cloudflare's spelling of the name is no change.
func dnsNameField(old, new string) fieldDiff {
	if tsigrules.SameName(old, new) {
		return fieldDiff{name: "name"}
	}
	return field("name", old, new, false)
}

func (IncomingTransfer) Create(ctx context.Context, req infer.CreateRequest[IncomingTransferArgs]) (infer.CreateResponse[IncomingTransferState], error) {
	in := req.Inputs
	want := incomingWanted(in)
	if req.DryRun {
		return infer.CreateResponse[IncomingTransferState]{Output: incomingState(want, in.Triggers, in.Peers)}, nil
	}
	_, created, err := createTransfer(ctx, incomingRules, incomingKind, in.ZoneID, in.Peers, want)
	if err != nil {
		return infer.CreateResponse[IncomingTransferState]{}, err
	}
	return infer.CreateResponse[IncomingTransferState]{ID: in.ZoneID, Output: incomingState(created, in.Triggers, in.Peers)}, nil
}

// Update writes the configuration only when it changed, then forces an AXFR when the triggers
// changed: a change of triggers alone writes nothing else.
func (IncomingTransfer) Update(ctx context.Context, req infer.UpdateRequest[IncomingTransferArgs, IncomingTransferState]) (infer.UpdateResponse[IncomingTransferState], error) {
	old, in := req.State, req.Inputs
	want := incomingWanted(in)
	want.ZoneID = old.ZoneID
	write := !incomingKind.Matches(incomingRecord{Name: old.Name, Peers: old.Peers, AutoRefreshSeconds: old.AutoRefreshSeconds}, want)
	force := !slices.Equal(old.Triggers, in.Triggers)
	next := old
	next.Name, next.Peers, next.AutoRefreshSeconds, next.Triggers = want.Name, want.Peers, want.AutoRefreshSeconds, in.Triggers
	if req.DryRun {
		return infer.UpdateResponse[IncomingTransferState]{Output: next}, nil
	}
	client, id, err := target(ctx, incomingKind, req.ID, old.ZoneID)
	if err != nil {
		return infer.UpdateResponse[IncomingTransferState]{}, err
	}
	if write {
		updated, err := replaceTransfer(ctx, client, incomingRules, incomingKind, id.scope, want.Peers, want)
		if err != nil {
			return infer.UpdateResponse[IncomingTransferState]{}, err
		}
		next = incomingState(updated, in.Triggers, in.Peers)
	}
	if force {
		if err := forceAXFR(ctx, client, id.scope); err != nil {
			// The configuration is written; the old triggers are kept so the next up forces again.
			next.Triggers = old.Triggers
			return infer.UpdateResponse[IncomingTransferState]{Output: next}, infer.ResourceInitFailedError{Reasons: []string{err.Error()}}
		}
	}
	return infer.UpdateResponse[IncomingTransferState]{Output: next}, nil
}

// Read serves refresh (state present) and import (only the zone ID). Triggers are Pulumi's
// own and kept from the state.
func (IncomingTransfer) Read(ctx context.Context, req infer.ReadRequest[IncomingTransferArgs, IncomingTransferState]) (infer.ReadResponse[IncomingTransferArgs, IncomingTransferState], error) {
	importing := req.State.ZoneID == ""
	got, _, found, err := lookup(ctx, incomingKind, req.ID, importing, req.State.ZoneID)
	if err != nil || !found {
		return infer.ReadResponse[IncomingTransferArgs, IncomingTransferState]{}, err
	}
	state := incomingState(got, req.State.Triggers, req.State.Peers)
	refresh := state.AutoRefreshSeconds
	inputs := IncomingTransferArgs{ZoneID: state.ZoneID, Name: state.Name, Peers: state.Peers, AutoRefreshSeconds: &refresh, Triggers: state.Triggers}
	return infer.ReadResponse[IncomingTransferArgs, IncomingTransferState]{ID: got.ZoneID, Inputs: inputs, State: state}, nil
}

func (IncomingTransfer) Delete(ctx context.Context, req infer.DeleteRequest[IncomingTransferState]) (infer.DeleteResponse, error) {
	return deleteObject(ctx, incomingKind, req.ID, req.State.ZoneID)
}

// incomingWanted is the configuration the inputs describe.
func incomingWanted(in IncomingTransferArgs) incomingRecord {
	refresh := defaultAutoRefreshSeconds
	if in.AutoRefreshSeconds != nil {
		refresh = *in.AutoRefreshSeconds
	}
	return incomingRecord{ZoneID: in.ZoneID, Name: in.Name, Peers: peerList(in.Peers), AutoRefreshSeconds: refresh}
}

// incomingState is the state of a configuration; its peers keep the order of known (the
// program's or the state's) when they are the same set.
func incomingState(r incomingRecord, triggers, known []string) IncomingTransferState {
	return IncomingTransferState{
		ZoneID: r.ZoneID, Name: r.Name, Peers: inOrderOf(known, r.Peers), AutoRefreshSeconds: r.AutoRefreshSeconds, Triggers: triggers,
		SOASerial: r.SOASerial, CheckedTime: r.CheckedTime, CreatedTime: r.CreatedTime, ModifiedTime: r.ModifiedTime,
	}
}
