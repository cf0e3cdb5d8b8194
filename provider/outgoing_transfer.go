package provider

import (
	"context"

	"github.com/pulumi/pulumi-go-provider/infer"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/kinds"
)

// OutgoingTransfer is a zone's outgoing transfer configuration: Cloudflare is the zone's
// primary and the peers are its secondaries. enabled is the switch that starts and stops the
// transfers, which Cloudflare keeps apart from the configuration.
type OutgoingTransfer struct{}

// OutgoingTransferArgs are the inputs of an OutgoingTransfer.
type OutgoingTransferArgs struct {
	ZoneID   string   `pulumi:"zoneId" provider:"replaceOnChanges"`
	Name     string   `pulumi:"name"`
	Peers    []string `pulumi:"peers,optional"`
	Enabled  *bool    `pulumi:"enabled,optional"`
	Triggers []string `pulumi:"triggers,optional"`
}

// OutgoingTransferState is what Pulumi records: the configuration and its switch as Cloudflare
// holds them, and the triggers; the resource ID is the zone ID.
type OutgoingTransferState struct {
	kinds.OutgoingTransfer
	Triggers []string `pulumi:"triggers,optional"`
}

// OutgoingTransfer has every lifecycle method of a resource (lifecycle.go).
var _ = wholeLifecycle[OutgoingTransferArgs, OutgoingTransferState](OutgoingTransfer{})

const (
	acceptsEnabled              = "true or false (default true)"
	enabledInputDescription     = "Whether Cloudflare serves the zone's transfers: enabling also sends NOTIFY to the peers, disabling clears the IXFR history. Default true."
	outgoingTriggersDescription = triggersDescription + " The action here is a force NOTIFY: tell the peers the zone changed."
)

func (r *OutgoingTransfer) Annotate(an infer.Annotator) {
	an.Describe(r, `A zone's outgoing transfer configuration: Cloudflare is the primary and your
secondaries (the peers) pull the zone from it by AXFR/IXFR. The zone's DNS must be hosted by
Cloudflare (type "full" or "partial"). There is one per zone; its ID is the zone ID.

enabled is real state: Cloudflare serves transfers only once they are enabled, which also sends
NOTIFY to the peers. Deleting disables transfers, then deletes the configuration. Changing
triggers sends NOTIFY to the peers (force NOTIFY) once.`)
}

func (a *OutgoingTransferArgs) Annotate(an infer.Annotator) {
	an.Describe(&a.ZoneID, zoneIDInputDescription)
	kinds.DescribeZoneName(an, &a.Name)
	kinds.DescribePeers(an, &a.Peers, kinds.OutgoingPeersDescription)
	an.Describe(&a.Enabled, enabledInputDescription)
	an.SetDefault(&a.Enabled, true)
	an.Describe(&a.Triggers, outgoingTriggersDescription)
}

func (s *OutgoingTransferState) Annotate(an infer.Annotator) {
	an.Describe(&s.ZoneID, zoneIDInputDescription)
	an.Describe(&s.Triggers, outgoingTriggersDescription)
}

// WireDependencies says each input output comes from the input of the same name; the others
// come from Cloudflare.
func (OutgoingTransfer) WireDependencies(f infer.FieldSelector, args *OutgoingTransferArgs, state *OutgoingTransferState) {
	wireSameNames(f, args, state)
}

// Check validates the inputs without calling Cloudflare and fills in enabled.
func (OutgoingTransfer) Check(ctx context.Context, req infer.CheckRequest) (infer.CheckResponse[OutgoingTransferArgs], error) {
	return checkInputs(ctx, "OutgoingTransfer", req.NewInputs, outgoingAccepts, func(c *kinds.Checker, args *OutgoingTransferArgs) {
		checkTransferInputs(c, args.ZoneID, args.Name)
		if args.Enabled == nil && !c.Unknown("enabled") {
			on := true
			args.Enabled = &on
		}
	})
}

var outgoingAccepts = map[string]string{
	"zoneId":   kinds.AcceptsZoneID,
	"name":     acceptsZoneName,
	"peers":    acceptsPeers,
	"enabled":  acceptsEnabled,
	"triggers": acceptsTriggers,
}

// outgoing is the transfer life cycle of an OutgoingTransfer: its rules, its switch, and the
// action its triggers run.
var outgoing = transfer[kinds.OutgoingTransfer, OutgoingTransferState]{
	kind: kinds.OutgoingTransfers,
	rules: transferRules{
		zoneTypes:  kinds.OutgoingZoneTypes,
		why:        "Cloudflare is then the primary, so it must host the zone's DNS",
		sameTSIG:   true,
		zoneNeeded: "Use an IncomingTransfer for a secondary zone, or a zone whose DNS Cloudflare hosts.",
	},
	action: kinds.ForceNotify,
	toggle: &toggle[kinds.OutgoingTransfer]{
		on:  func(t kinds.OutgoingTransfer) bool { return t.Enabled },
		set: func(t kinds.OutgoingTransfer, on bool) kinds.OutgoingTransfer { t.Enabled = on; return t },
	},
	state: func(t kinds.OutgoingTransfer, triggers []string) OutgoingTransferState {
		return OutgoingTransferState{t, triggers}
	},
	split: func(s OutgoingTransferState) (kinds.OutgoingTransfer, []string) {
		return s.OutgoingTransfer, s.Triggers
	},
}

// Diff compares the recorded state, whose enabled is what Cloudflare reported, with the inputs.
func (OutgoingTransfer) Diff(_ context.Context, req infer.DiffRequest[OutgoingTransferArgs, OutgoingTransferState]) (infer.DiffResponse, error) {
	return diffInputs(req.State, req.Inputs, transferDiff), nil
}

func (OutgoingTransfer) Create(ctx context.Context, req infer.CreateRequest[OutgoingTransferArgs]) (infer.CreateResponse[OutgoingTransferState], error) {
	in := req.Inputs
	return outgoing.create(ctx, in.ZoneID, in.wanted(), in.Peers, in.Triggers, req.DryRun)
}

// Update writes the configuration only when it changed, sets the switch only when it differs
// from the state, then forces a NOTIFY when the triggers changed.
func (OutgoingTransfer) Update(ctx context.Context, req infer.UpdateRequest[OutgoingTransferArgs, OutgoingTransferState]) (infer.UpdateResponse[OutgoingTransferState], error) {
	in := req.Inputs
	return outgoing.update(ctx, req.ID, req.State, in.wanted(), in.Peers, in.Triggers, req.DryRun)
}

// Read serves refresh and import; enabled is what outgoing/status reports, so a switch
// flipped in the dashboard shows.
func (OutgoingTransfer) Read(ctx context.Context, req infer.ReadRequest[OutgoingTransferArgs, OutgoingTransferState]) (infer.ReadResponse[OutgoingTransferArgs, OutgoingTransferState], error) {
	got, found, err := outgoing.read(ctx, req.ID, req.State.ZoneID, req.State.Peers)
	if err != nil || !found {
		return infer.ReadResponse[OutgoingTransferArgs, OutgoingTransferState]{}, err
	}
	on := got.Enabled
	inputs := OutgoingTransferArgs{ZoneID: got.ZoneID, Name: got.Name, Peers: got.Peers, Enabled: &on, Triggers: req.State.Triggers}
	state := OutgoingTransferState{got, req.State.Triggers}
	return infer.ReadResponse[OutgoingTransferArgs, OutgoingTransferState]{ID: got.ZoneID, Inputs: inputs, State: state}, nil
}

// Delete disables transfers, so secondaries stop being served, then deletes the
// configuration; either already done counts as done.
func (OutgoingTransfer) Delete(ctx context.Context, req infer.DeleteRequest[OutgoingTransferState]) (infer.DeleteResponse, error) {
	return outgoing.delete(ctx, req.ID, req.State.ZoneID)
}

// wanted is the configuration the inputs describe.
func (a OutgoingTransferArgs) wanted() kinds.OutgoingTransfer {
	return kinds.OutgoingTransfer{ZoneID: a.ZoneID, Name: a.Name, Peers: kinds.PeerList(a.Peers), Enabled: a.Enabled == nil || *a.Enabled}
}
