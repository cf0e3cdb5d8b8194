package provider

import (
	"github.com/pulumi/pulumi-go-provider/infer"
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

// IncomingTransferState is what Pulumi records; the resource ID is the zone ID.
type IncomingTransferState struct {
	ZoneID             string   `pulumi:"zoneId"`
	Name               string   `pulumi:"name"`
	Peers              []string `pulumi:"peers"`
	AutoRefreshSeconds int      `pulumi:"autoRefreshSeconds"`
	Triggers           []string `pulumi:"triggers,optional"`
	SOASerial          int      `pulumi:"soaSerial"`
	CheckedTime        string   `pulumi:"checkedTime"`
	CreatedTime        string   `pulumi:"createdTime"`
	ModifiedTime       string   `pulumi:"modifiedTime"`
}

var (
	_ infer.CustomCheck[IncomingTransferArgs]                                 = IncomingTransfer{}
	_ infer.CustomDiff[IncomingTransferArgs, IncomingTransferState]           = IncomingTransfer{}
	_ infer.CustomUpdate[IncomingTransferArgs, IncomingTransferState]         = IncomingTransfer{}
	_ infer.CustomRead[IncomingTransferArgs, IncomingTransferState]           = IncomingTransfer{}
	_ infer.CustomDelete[IncomingTransferState]                               = IncomingTransfer{}
	_ infer.ExplicitDependencies[IncomingTransferArgs, IncomingTransferState] = IncomingTransfer{}
	_ infer.Annotated                                                         = (*IncomingTransfer)(nil)
)

// Cloudflare's bounds of autoRefreshSeconds.
const (
	defaultAutoRefreshSeconds = 86400
	minAutoRefreshSeconds     = 300
	acceptsAutoRefresh        = "a whole number of seconds, at least 300 (default 86400)"
	incomingPeersDescription  = "The peers Cloudflare pulls the zone from: your primaries, with their ip (and port, tsigId, ixfrEnable)."
)

func (r *IncomingTransfer) Annotate(an infer.Annotator) {
	an.Describe(r, `A zone's incoming transfer configuration: Cloudflare is the secondary and pulls
the zone by AXFR/IXFR from your primaries (the peers). The zone must be of type "secondary".
There is one per zone; its ID is the zone ID.

Changing triggers asks Cloudflare to pull the whole zone again (force AXFR) once.

Example (TypeScript):

    const incoming = new cfsecdns.IncomingTransfer("example.com", {
        zoneId: zone.then(z => z.id),
        name: "example.com.",
        peers: [primary.id],
    });

Import with the zone ID:

    pulumi import cloudflare-secondary-dns:index:IncomingTransfer example.com <zoneId>`)
}

func (a *IncomingTransferArgs) Annotate(an infer.Annotator) {
	describeTransferFields(an, &a.ZoneID, &a.Name, &a.Peers, true, incomingPeersDescription)
	describeAutoRefresh(an, &a.AutoRefreshSeconds)
	an.SetDefault(&a.AutoRefreshSeconds, defaultAutoRefreshSeconds)
	an.Describe(&a.Triggers, triggersDescription+" The action here is a force AXFR: pull the whole zone from the primary now.")
}

func (s *IncomingTransferState) Annotate(an infer.Annotator) {
	describeTransferFields(an, &s.ZoneID, &s.Name, &s.Peers, true, incomingPeersDescription)
	describeAutoRefresh(an, &s.AutoRefreshSeconds)
	an.Describe(&s.Triggers, triggersDescription+" The action here is a force AXFR: pull the whole zone from the primary now.")
	describeIncomingOutputs(an, &s.SOASerial, &s.CheckedTime, &s.CreatedTime, &s.ModifiedTime)
}

func describeAutoRefresh[T any](an infer.Annotator, v *T) {
	an.Describe(v, "How often, in seconds, Cloudflare checks the primary's SOA serial whatever the NOTIFYs "+
		"(the primary's SOA refresh is ignored): "+acceptsAutoRefresh+".")
}

func describeIncomingOutputs(an infer.Annotator, serial *int, checked, created, modified *string) {
	an.Describe(serial, soaSerialDescription)
	an.Describe(checked, checkedTimeDescription)
	an.Describe(created, createdTimeDescription)
	an.Describe(modified, "When the configuration was last changed.")
}

// WireDependencies says each input output comes from the input of the same name; the others
// come from Cloudflare.
func (IncomingTransfer) WireDependencies(f infer.FieldSelector, args *IncomingTransferArgs, state *IncomingTransferState) {
	f.OutputField(&state.ZoneID).DependsOn(f.InputField(&args.ZoneID))
	f.OutputField(&state.Name).DependsOn(f.InputField(&args.Name))
	f.OutputField(&state.Peers).DependsOn(f.InputField(&args.Peers))
	f.OutputField(&state.AutoRefreshSeconds).DependsOn(f.InputField(&args.AutoRefreshSeconds))
	f.OutputField(&state.Triggers).DependsOn(f.InputField(&args.Triggers))
}
