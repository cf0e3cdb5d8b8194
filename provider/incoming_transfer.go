package provider

import (
	"context"

	"github.com/pulumi/pulumi-go-provider/infer"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/kinds"
)

// IncomingTransfer is a zone's incoming transfer configuration: Cloudflare is the zone's
// secondary and pulls it from the peers (the primaries).
type IncomingTransfer struct{}

// IncomingTransferArgs are the inputs of an IncomingTransfer.
type IncomingTransferArgs struct {
	ZoneID             string   `pulumi:"zoneId" provider:"replaceOnChanges"`
	Name               string   `pulumi:"name"`
	Peers              []string `pulumi:"peers"`
	AutoRefreshSeconds *int     `pulumi:"autoRefreshSeconds,optional"`
	Triggers           []string `pulumi:"triggers,optional"`
}

// IncomingTransferState is what Pulumi records: the configuration as Cloudflare holds it, and
// the triggers; the resource ID is the zone ID.
type IncomingTransferState struct {
	kinds.IncomingTransfer
	Triggers []string `pulumi:"triggers,optional"`
}

// IncomingTransfer has every lifecycle method of a resource (lifecycle.go).
var _ = wholeLifecycle[IncomingTransferArgs, IncomingTransferState](IncomingTransfer{})

func (r *IncomingTransfer) Annotate(an infer.Annotator) {
	an.Describe(r, `A zone's incoming transfer configuration: Cloudflare is the secondary and pulls
the zone by AXFR/IXFR from your primaries (the peers). The zone must be of type "secondary".
There is one per zone; its ID is the zone ID.

Changing triggers asks Cloudflare to pull the whole zone again (force AXFR) once.`)
}

const incomingTriggersDescription = triggersDescription + " The action here is a force AXFR: pull the whole zone from the primary now."

func (a *IncomingTransferArgs) Annotate(an infer.Annotator) {
	an.Describe(&a.ZoneID, zoneIDInputDescription)
	kinds.DescribeZoneName(an, &a.Name)
	kinds.DescribePeers(an, &a.Peers, kinds.IncomingPeersDescription)
	an.Describe(&a.AutoRefreshSeconds, kinds.AutoRefreshDescription)
	an.SetDefault(&a.AutoRefreshSeconds, kinds.DefaultAutoRefreshSeconds)
	an.Describe(&a.Triggers, incomingTriggersDescription)
}

func (s *IncomingTransferState) Annotate(an infer.Annotator) {
	an.Describe(&s.ZoneID, zoneIDInputDescription)
	an.Describe(&s.Triggers, incomingTriggersDescription)
}

// WireDependencies says each input output comes from the input of the same name; the others
// come from Cloudflare.
func (IncomingTransfer) WireDependencies(f infer.FieldSelector, args *IncomingTransferArgs, state *IncomingTransferState) {
	wireSameNames(f, args, state)
}

// Check validates the inputs without calling Cloudflare and fills in autoRefreshSeconds.
func (IncomingTransfer) Check(ctx context.Context, req infer.CheckRequest) (infer.CheckResponse[IncomingTransferArgs], error) {
	return checkInputs(ctx, "IncomingTransfer", req.NewInputs, incomingAccepts, func(c *kinds.Checker, args *IncomingTransferArgs) {
		checkTransferInputs(c, args.ZoneID, args.Name)
		kinds.CheckAutoRefresh(c, args.AutoRefreshSeconds)
		if args.AutoRefreshSeconds == nil && !c.Unknown("autoRefreshSeconds") {
			refresh := kinds.DefaultAutoRefreshSeconds
			args.AutoRefreshSeconds = &refresh
		}
	})
}

var incomingAccepts = map[string]string{
	"zoneId":             kinds.AcceptsZoneID,
	"name":               acceptsZoneName,
	"peers":              acceptsPeers,
	"autoRefreshSeconds": kinds.AcceptsAutoRefresh,
	"triggers":           acceptsTriggers,
}

// incoming is the transfer life cycle of an IncomingTransfer: its rules, and the action its
// triggers run.
var incoming = transfer[kinds.IncomingTransfer, IncomingTransferState]{
	kind: kinds.IncomingTransfers,
	rules: transferRules{
		zoneTypes:  kinds.IncomingZoneTypes,
		why:        "Cloudflare is then the secondary and pulls the zone from your primary",
		zoneNeeded: "Create the zone with type \"secondary\", or use an OutgoingTransfer for a zone whose DNS Cloudflare hosts.",
	},
	action: kinds.ForceAXFR,
	state: func(t kinds.IncomingTransfer, triggers []string) IncomingTransferState {
		return IncomingTransferState{t, triggers}
	},
	split: func(s IncomingTransferState) (kinds.IncomingTransfer, []string) {
		return s.IncomingTransfer, s.Triggers
	},
}

// Diff compares the recorded state with the new inputs: peers as a set, names as DNS does.
func (IncomingTransfer) Diff(_ context.Context, req infer.DiffRequest[IncomingTransferArgs, IncomingTransferState]) (infer.DiffResponse, error) {
	return diffInputs(req.State, req.Inputs, transferDiff), nil
}

func (IncomingTransfer) Create(ctx context.Context, req infer.CreateRequest[IncomingTransferArgs]) (infer.CreateResponse[IncomingTransferState], error) {
	in := req.Inputs
	return incoming.create(ctx, in.ZoneID, in.wanted(), in.Peers, in.Triggers, req.DryRun)
}

// Update writes the configuration only when it changed, then forces an AXFR when the triggers
// changed: a change of triggers alone writes nothing else.
func (IncomingTransfer) Update(ctx context.Context, req infer.UpdateRequest[IncomingTransferArgs, IncomingTransferState]) (infer.UpdateResponse[IncomingTransferState], error) {
	in := req.Inputs
	return incoming.update(ctx, req.ID, req.State, in.wanted(), in.Peers, in.Triggers, req.DryRun)
}

// Read serves refresh (state present) and import (only the zone ID). Triggers are Pulumi's
// own and kept from the state.
func (IncomingTransfer) Read(ctx context.Context, req infer.ReadRequest[IncomingTransferArgs, IncomingTransferState]) (infer.ReadResponse[IncomingTransferArgs, IncomingTransferState], error) {
	got, found, err := incoming.read(ctx, req.ID, req.State.ZoneID, req.State.Peers)
	if err != nil || !found {
		return infer.ReadResponse[IncomingTransferArgs, IncomingTransferState]{}, err
	}
	refresh := got.AutoRefreshSeconds
	inputs := IncomingTransferArgs{ZoneID: got.ZoneID, Name: got.Name, Peers: got.Peers, AutoRefreshSeconds: &refresh, Triggers: req.State.Triggers}
	state := IncomingTransferState{got, req.State.Triggers}
	return infer.ReadResponse[IncomingTransferArgs, IncomingTransferState]{ID: got.ZoneID, Inputs: inputs, State: state}, nil
}

func (IncomingTransfer) Delete(ctx context.Context, req infer.DeleteRequest[IncomingTransferState]) (infer.DeleteResponse, error) {
	return incoming.delete(ctx, req.ID, req.State.ZoneID)
}

// wanted is the configuration the inputs describe.
func (a IncomingTransferArgs) wanted() kinds.IncomingTransfer {
	refresh := kinds.DefaultAutoRefreshSeconds
	if a.AutoRefreshSeconds != nil {
		refresh = *a.AutoRefreshSeconds
	}
	return kinds.IncomingTransfer{ZoneID: a.ZoneID, Name: a.Name, Peers: kinds.PeerList(a.Peers), AutoRefreshSeconds: refresh}
}
