package provider

import (
	"github.com/pulumi/pulumi-go-provider/infer"
)

// Peer is a Secondary DNS peer in a Cloudflare account: a nameserver Cloudflare transfers
// zones from (for secondary zones) or sends NOTIFY to (for primary zones).
type Peer struct{}

// PeerArgs are the inputs of a Peer.
type PeerArgs struct {
	AccountID  string  `pulumi:"accountId,optional" provider:"replaceOnChanges"`
	Name       string  `pulumi:"name"`
	IP         *string `pulumi:"ip,optional"`
	Port       *int    `pulumi:"port,optional"`
	IxfrEnable *bool   `pulumi:"ixfrEnable,optional"`
	TsigID     *string `pulumi:"tsigId,optional"`
}

// PeerState is what Pulumi records for a Peer; the resource ID is Cloudflare's peer ID.
type PeerState struct {
	AccountID  string  `pulumi:"accountId"`
	Name       string  `pulumi:"name"`
	IP         *string `pulumi:"ip,optional"`
	Port       *int    `pulumi:"port,optional"`
	IxfrEnable *bool   `pulumi:"ixfrEnable,optional"`
	TsigID     *string `pulumi:"tsigId,optional"`
}

var (
	_ infer.CustomCheck[PeerArgs]                     = Peer{}
	_ infer.CustomDiff[PeerArgs, PeerState]           = Peer{}
	_ infer.CustomUpdate[PeerArgs, PeerState]         = Peer{}
	_ infer.CustomRead[PeerArgs, PeerState]           = Peer{}
	_ infer.CustomDelete[PeerState]                   = Peer{}
	_ infer.ExplicitDependencies[PeerArgs, PeerState] = Peer{}
	_ infer.Annotated                                 = (*Peer)(nil)
)

func (p *Peer) Annotate(a infer.Annotator) {
	a.Describe(p, `A Secondary DNS peer: the address, port and TSIG key of a nameserver that
Cloudflare transfers zones with. For secondary zones it is the primary Cloudflare sends AXFR/IXFR
requests to; for primary zones it is the secondary Cloudflare sends NOTIFY to. Link peers to
zones in the zone's transfer settings (at most 30 peers per zone).

Example (TypeScript):

    const primary = new cfsecdns.Peer("primary", {
        name: "ns1-primary",
        ip: "192.0.2.53",
        port: 53,
        ixfrEnable: false,
        tsigId: key.id,
    });

Import with the account and the peer ID:

    pulumi import cloudflare-secondary-dns:index:Peer primary <accountId>/<peerId>`)
}

func (a *PeerArgs) Annotate(an infer.Annotator) {
	describePeerFields(an, &a.AccountID, &a.Name, &a.IP, &a.Port, &a.IxfrEnable, &a.TsigID)
	describeAccount(an, &a.AccountID, "peer", true)
}

func (s *PeerState) Annotate(an infer.Annotator) {
	describePeerFields(an, &s.AccountID, &s.Name, &s.IP, &s.Port, &s.IxfrEnable, &s.TsigID)
}

func describePeerFields(an infer.Annotator, accountID, name *string, ip **string, port **int, ixfr **bool, tsigID **string) {
	describeAccount(an, accountID, "peer", false)
	an.Describe(name, "The peer's name, for people: 1-255 printable characters, e.g. \"ns1-primary\".")
	an.Describe(ip, "The nameserver's IPv4 or IPv6 address, e.g. \"192.0.2.53\" or \"2001:db8::53\". "+
		"Unset means no address.")
	an.Describe(port, "The nameserver's DNS port, 1-65535 (usually 53).")
	an.Describe(ixfr, "Whether to use incremental transfers (IXFR) instead of full ones (AXFR). "+
		"Secondary zones only.")
	an.Describe(tsigID, "The ID of the TSIG key that signs transfers with this peer, usually a Tsig "+
		"resource's id. Unset means unsigned transfers.")
}

// WireDependencies says each output comes from the input of the same name; with the default
// (every output depends on every input) one unknown input would make the whole peer unknown in
// a preview.
func (Peer) WireDependencies(f infer.FieldSelector, args *PeerArgs, state *PeerState) {
	f.OutputField(&state.AccountID).DependsOn(f.InputField(&args.AccountID))
	f.OutputField(&state.Name).DependsOn(f.InputField(&args.Name))
	f.OutputField(&state.IP).DependsOn(f.InputField(&args.IP))
	f.OutputField(&state.Port).DependsOn(f.InputField(&args.Port))
	f.OutputField(&state.IxfrEnable).DependsOn(f.InputField(&args.IxfrEnable))
	f.OutputField(&state.TsigID).DependsOn(f.InputField(&args.TsigID))
}
