package provider

import (
	"github.com/pulumi/pulumi-go-provider/infer"
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

// OutgoingTransferState is what Pulumi records; the resource ID is the zone ID.
type OutgoingTransferState struct {
	ZoneID              string   `pulumi:"zoneId"`
	Name                string   `pulumi:"name"`
	Peers               []string `pulumi:"peers"`
	Enabled             bool     `pulumi:"enabled"`
	Triggers            []string `pulumi:"triggers,optional"`
	SOASerial           int      `pulumi:"soaSerial"`
	CheckedTime         string   `pulumi:"checkedTime"`
	CreatedTime         string   `pulumi:"createdTime"`
	LastTransferredTime string   `pulumi:"lastTransferredTime"`
}

var (
	_ infer.CustomCheck[OutgoingTransferArgs]                                 = OutgoingTransfer{}
	_ infer.CustomDiff[OutgoingTransferArgs, OutgoingTransferState]           = OutgoingTransfer{}
	_ infer.CustomUpdate[OutgoingTransferArgs, OutgoingTransferState]         = OutgoingTransfer{}
	_ infer.CustomRead[OutgoingTransferArgs, OutgoingTransferState]           = OutgoingTransfer{}
	_ infer.CustomDelete[OutgoingTransferState]                               = OutgoingTransfer{}
	_ infer.ExplicitDependencies[OutgoingTransferArgs, OutgoingTransferState] = OutgoingTransfer{}
	_ infer.Annotated                                                         = (*OutgoingTransfer)(nil)
)

const (
	acceptsEnabled             = "true or false (default true)"
	outgoingPeersDescription   = "The secondaries Cloudflare sends NOTIFY to, and whose TSIG key signs the transfers. Optional: without peers, secondaries allowed by an Acl pull the zone unsigned. Peers linked to one zone must all use the same TSIG key, or none."
	enabledInputDescription    = "Whether Cloudflare serves the zone's transfers: enabling also sends NOTIFY to the peers, disabling clears the IXFR history. Default true."
	enabledOutputDescription   = "Whether Cloudflare serves the zone's transfers, as Cloudflare reports it: a switch flipped in the dashboard shows on refresh, and the next up puts it back."
	lastTransferredDescription = "When a secondary last transferred the zone from Cloudflare."
)

func (r *OutgoingTransfer) Annotate(an infer.Annotator) {
	an.Describe(r, `A zone's outgoing transfer configuration: Cloudflare is the primary and your
secondaries (the peers) pull the zone from it by AXFR/IXFR. The zone's DNS must be hosted by
Cloudflare (type "full" or "partial"). There is one per zone; its ID is the zone ID.

enabled is real state: Cloudflare serves transfers only once they are enabled, which also sends
NOTIFY to the peers. Deleting disables transfers, then deletes the configuration. Changing
triggers sends NOTIFY to the peers (force NOTIFY) once.

Example (TypeScript):

    const outgoing = new cfsecdns.OutgoingTransfer("example.com", {
        zoneId: zone.then(z => z.id),
        name: "example.com.",
        peers: [secondary.id],
    });

Import with the zone ID:

    pulumi import cloudflare-secondary-dns:index:OutgoingTransfer example.com <zoneId>`)
}

func (a *OutgoingTransferArgs) Annotate(an infer.Annotator) {
	describeTransferFields(an, &a.ZoneID, &a.Name, &a.Peers, true, outgoingPeersDescription)
	an.Describe(&a.Enabled, enabledInputDescription)
	an.SetDefault(&a.Enabled, true)
	an.Describe(&a.Triggers, triggersDescription+" The action here is a force NOTIFY: tell the peers the zone changed.")
}

func (s *OutgoingTransferState) Annotate(an infer.Annotator) {
	describeTransferFields(an, &s.ZoneID, &s.Name, &s.Peers, true, outgoingPeersDescription)
	an.Describe(&s.Enabled, enabledOutputDescription)
	an.Describe(&s.Triggers, triggersDescription+" The action here is a force NOTIFY: tell the peers the zone changed.")
	describeOutgoingOutputs(an, &s.SOASerial, &s.CheckedTime, &s.CreatedTime, &s.LastTransferredTime)
}

func describeOutgoingOutputs(an infer.Annotator, serial *int, checked, created, transferred *string) {
	an.Describe(serial, soaSerialDescription)
	an.Describe(checked, checkedTimeDescription)
	an.Describe(created, createdTimeDescription)
	an.Describe(transferred, lastTransferredDescription)
}

// WireDependencies says each input output comes from the input of the same name; the others
// come from Cloudflare.
func (OutgoingTransfer) WireDependencies(f infer.FieldSelector, args *OutgoingTransferArgs, state *OutgoingTransferState) {
	f.OutputField(&state.ZoneID).DependsOn(f.InputField(&args.ZoneID))
	f.OutputField(&state.Name).DependsOn(f.InputField(&args.Name))
	f.OutputField(&state.Peers).DependsOn(f.InputField(&args.Peers))
	f.OutputField(&state.Enabled).DependsOn(f.InputField(&args.Enabled))
	f.OutputField(&state.Triggers).DependsOn(f.InputField(&args.Triggers))
}
