package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-go-provider/infer"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/kinds"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/provider/internal/nsconfig"
)

// NameserverConfig renders what to add to your own nameserver to exchange zone transfers with
// Cloudflare. It calls no API and needs no provider configuration.
type NameserverConfig struct{}

// NameserverSoftware is the nameserver the configuration is for.
type NameserverSoftware string

// NameserverRole is what your nameserver is to Cloudflare.
type NameserverRole string

// NameserverConfigArgs take a Tsig's outputs directly: name, algo and secret.
type NameserverConfigArgs struct {
	Software     NameserverSoftware `pulumi:"software"`
	Role         NameserverRole     `pulumi:"role"`
	ZoneName     string             `pulumi:"zoneName"`
	ZoneFile     *string            `pulumi:"zoneFile,optional"`
	TsigName     *string            `pulumi:"tsigName,optional"`
	TsigAlgo     *kinds.Algorithm   `pulumi:"tsigAlgo,optional"`
	TsigSecret   *string            `pulumi:"tsigSecret,optional" provider:"secret"`
	AcceptedKeys []NameserverKey    `pulumi:"acceptedKeys,optional"`
	TransferFrom []string           `pulumi:"transferFrom,optional"`
	NotifyTo     []string           `pulumi:"notifyTo,optional"`
	Primaries    []string           `pulumi:"primaries,optional"`
	NotifyFrom   []string           `pulumi:"notifyFrom,optional"`
}

// NameserverKey is a TSIG key still accepted during a rotation: a Tsig's name, algo and secret.
type NameserverKey struct {
	Name   string          `pulumi:"name"`
	Algo   kinds.Algorithm `pulumi:"algo"`
	Secret string          `pulumi:"secret" provider:"secret"`
}

func (k *NameserverKey) Annotate(an infer.Annotator) {
	an.Describe(k, "A TSIG key still accepted while the key is rotated: pass a Tsig's name, algo and secret outputs.")
	an.Describe(&k.Name, "The key's name, a Tsig's name output; it must differ from tsigName and from the other accepted keys.")
	an.Describe(&k.Algo, "The key's algorithm, a Tsig's algo output.")
	an.Describe(&k.Secret, "The key's secret, base64, a Tsig's secret output. Only config and keyConfig hold it.")
}

// NameserverConfigResult is the rendered configuration. The framework marks outputs secret by
// their type, not their value, so config and keyConfig are secrets even when no key was given;
// zoneConfig never holds the secret and stays in plain text.
type NameserverConfigResult struct {
	Config     string `pulumi:"config" provider:"secret"`
	KeyConfig  string `pulumi:"keyConfig" provider:"secret"`
	ZoneConfig string `pulumi:"zoneConfig"`
	ZoneFile   string `pulumi:"zoneFile"`
}

// NameserverConfigParts is the rendered configuration part by part, each with the file it goes
// in ("named.conf", "knot.conf", "nsd.conf", "pdns.conf", or "shell" for commands): what the
// interop tests write into a server's files.
type NameserverConfigParts = nsconfig.Config

var (
	_ infer.Fn[NameserverConfigArgs, NameserverConfigResult] = NameserverConfig{}
	_ infer.Annotated                                        = (*NameserverConfig)(nil)
)

var nameserverSoftwares = []struct {
	value       NameserverSoftware
	name        string
	description string
}{
	{NameserverSoftware(nsconfig.BIND), "Bind", "BIND 9 (named.conf)."},
	{NameserverSoftware(nsconfig.Knot), "Knot", "Knot DNS (knot.conf)."},
	{NameserverSoftware(nsconfig.NSD), "Nsd", "NSD (nsd.conf)."},
	{NameserverSoftware(nsconfig.PowerDNS), "PowerDNS", "PowerDNS Authoritative with the bind backend (pdns.conf, named.conf and pdnsutil commands)."},
}

// Values makes NameserverSoftware an enum in the schema; RenderNameserverConfig enforces it.
func (NameserverSoftware) Values() []infer.EnumValue[NameserverSoftware] {
	values := make([]infer.EnumValue[NameserverSoftware], len(nameserverSoftwares))
	for i, s := range nameserverSoftwares {
		values[i] = infer.EnumValue[NameserverSoftware]{Name: s.name, Value: s.value, Description: s.description}
	}
	return values
}

// Values makes NameserverRole an enum in the schema; RenderNameserverConfig enforces it.
func (NameserverRole) Values() []infer.EnumValue[NameserverRole] {
	return []infer.EnumValue[NameserverRole]{
		{Name: "Primary", Value: NameserverRole(nsconfig.Primary),
			Description: "Your nameserver is the primary: Cloudflare is a secondary and pulls the zone from it."},
		{Name: "Secondary", Value: NameserverRole(nsconfig.Secondary),
			Description: "Your nameserver is a secondary: it pulls the zone from Cloudflare, the primary."},
	}
}

func (s *NameserverSoftware) Annotate(an infer.Annotator) {
	an.Describe(s, "A nameserver implementation.")
}

func (r *NameserverRole) Annotate(an infer.Annotator) {
	an.Describe(r, "What your nameserver is to Cloudflare in zone transfers.")
}

func (f *NameserverConfig) Annotate(a infer.Annotator) {
	a.Describe(f, `Renders the configuration to add to your own nameserver (BIND 9, Knot DNS, NSD or
PowerDNS) to exchange zone transfers with Cloudflare Secondary DNS: the TSIG key in the server's
syntax, and the zone with Cloudflare's addresses. As primary, your server allows zone transfers
from Cloudflare's transfer addresses with the key and sends NOTIFY to Cloudflare; as secondary,
it pulls the zone from Cloudflare with the key and accepts NOTIFY from Cloudflare. Comments in
the text say where each part goes. Calls no API.

Pass a Tsig's outputs as tsigName, tsigAlgo and tsigSecret. config holds the key's secret and is
a Pulumi secret; zoneConfig is the same without the key, in plain text. While a key is rotated,
pass the keys still accepted as acceptedKeys (see the guide "Rotating TSIG keys").`)
}

func (a *NameserverConfigArgs) Annotate(an infer.Annotator) {
	an.Describe(&a.Software, "The nameserver software: \"bind\", \"knot\", \"nsd\" or \"powerdns\".")
	an.Describe(&a.Role, "\"primary\" when your nameserver feeds Cloudflare (Cloudflare is the secondary), "+
		"\"secondary\" when it pulls the zone from Cloudflare (Cloudflare is the primary).")
	an.Describe(&a.ZoneName, "The zone, e.g. \"example.com\" (the trailing dot is optional).")
	an.Describe(&a.ZoneFile, "The zone file the zone statement names. Defaults to \"<zone>.zone\", relative to "+
		"the server's zone directory (BIND's directory, Knot's storage, NSD's zonesdir); for PowerDNS, "+
		"/etc/powerdns/<zone>.zone as primary and /var/lib/powerdns/zones.slave.d/<zone>.zone as secondary.")
	an.Describe(&a.TsigName, "The TSIG key's name, a Tsig's name output. It must be identical on both sides. "+
		"Give tsigName, tsigAlgo and tsigSecret together, or none for transfers without TSIG.")
	an.Describe(&a.TsigAlgo, "The TSIG algorithm, a Tsig's algo output (e.g. \"hmac-sha512.\"); rendered in the "+
		"server's own spelling (e.g. hmac-sha512).")
	an.Describe(&a.TsigSecret, "The TSIG secret, base64, a Tsig's secret output. Only config and keyConfig hold it.")
	an.Describe(&a.AcceptedKeys, "Keys still accepted besides the tsigName key while a key is rotated (see the guide "+
		"\"Rotating TSIG keys\"); tsigName is then the current key. Primary role: zone transfers signed with the current key "+
		"or any of these are served, and NOTIFY is signed with the current key. Secondary role: Cloudflare is asked with the "+
		"current key first, then with each of these in turn (BIND, Knot and NSD); PowerDNS signs its pulls with the current "+
		"key only, so its pulls fail from the moment Cloudflare's peer has another key until tsigName names it. "+
		"Each key needs a name of its own: a server holds one secret per key name.")
	an.Describe(&a.TransferFrom, "Primary role: the addresses or prefixes allowed to pull the zone. "+
		"Defaults to Cloudflare's transfer addresses (104.30.167.163, 104.30.167.173, 2a09:bac0:1000:c47::/64).")
	an.Describe(&a.NotifyTo, "Primary role: where NOTIFY is sent, \"ip\" or \"ip:port\" (\"[ipv6]:port\"). Defaults to "+
		"Cloudflare's NOTIFY addresses (172.65.30.82, 172.65.50.145, 2606:4700:60:0:317:26ee:3bdf:5774, "+
		"2606:4700:60:0:35a:4be3:4144:c5ee).")
	an.Describe(&a.Primaries, "Secondary role: the primaries to pull the zone from, \"ip\" or \"ip:port\" "+
		"(\"[ipv6]:port\"), tried in order. Defaults to Cloudflare's 172.65.64.6, port 53.")
	an.Describe(&a.NotifyFrom, "Secondary role: the addresses or prefixes NOTIFY is accepted from. Defaults to "+
		"Cloudflare's transfer addresses, which NOTIFY also comes from.")
}

func (r *NameserverConfigResult) Annotate(an infer.Annotator) {
	an.Describe(r, "The configuration for your nameserver.")
	an.Describe(&r.Config, "The whole configuration to add, key included, with comments saying where each "+
		"part goes. Always a Pulumi secret.")
	an.Describe(&r.KeyConfig, "The part that holds the TSIG secret (the key statement, or for PowerDNS the "+
		"pdnsutil import-tsig-key command), e.g. for a key file readable only by the server. "+
		"Empty without a key. Always a Pulumi secret.")
	an.Describe(&r.ZoneConfig, "Everything else: the zone and its settings, which name the key but do not "+
		"hold its secret. Plain text.")
	an.Describe(&r.ZoneFile, "The zone file the configuration names.")
}

func (NameserverConfig) Invoke(_ context.Context, req infer.FunctionRequest[NameserverConfigArgs]) (infer.FunctionResponse[NameserverConfigResult], error) {
	parts, err := RenderNameserverConfig(req.Input)
	if err != nil {
		return infer.FunctionResponse[NameserverConfigResult]{}, err
	}
	return infer.FunctionResponse[NameserverConfigResult]{Output: NameserverConfigResult{
		Config:     parts.String(),
		KeyConfig:  parts.KeyText(),
		ZoneConfig: parts.PublicText(),
		ZoneFile:   parts.ZoneFile,
	}}, nil
}

// RenderNameserverConfig validates the arguments and renders them, as the function does.
// Errors name the argument and what it accepts; they never hold the secret.
func RenderNameserverConfig(args NameserverConfigArgs) (NameserverConfigParts, error) {
	key, err := nameserverKey(args)
	if err != nil {
		return NameserverConfigParts{}, err
	}
	var zoneFile string
	if args.ZoneFile != nil {
		zoneFile = *args.ZoneFile
	}
	parts, err := nsconfig.Render(nsconfig.Request{
		Software:     nsconfig.Software(args.Software),
		Role:         nsconfig.Role(args.Role),
		Zone:         args.ZoneName,
		ZoneFile:     zoneFile,
		Key:          key,
		AcceptedKeys: acceptedKeys(args.AcceptedKeys),
		TransferFrom: args.TransferFrom,
		NotifyTo:     args.NotifyTo,
		Primaries:    args.Primaries,
		NotifyFrom:   args.NotifyFrom,
	})
	if err != nil {
		return NameserverConfigParts{}, fmt.Errorf("nameserverConfig: %w", err)
	}
	return parts, nil
}

func acceptedKeys(keys []NameserverKey) []nsconfig.Key {
	out := make([]nsconfig.Key, len(keys))
	for i, k := range keys {
		out[i] = nsconfig.Key{Name: k.Name, Algorithm: string(k.Algo), Secret: k.Secret}
	}
	return out
}

// nameserverKey gathers the key arguments, which come together or not at all.
func nameserverKey(args NameserverConfigArgs) (*nsconfig.Key, error) {
	given := map[string]bool{"tsigName": args.TsigName != nil, "tsigAlgo": args.TsigAlgo != nil, "tsigSecret": args.TsigSecret != nil}
	var set, unset []string
	for _, name := range []string{"tsigName", "tsigAlgo", "tsigSecret"} {
		if given[name] {
			set = append(set, name)
		} else {
			unset = append(unset, name)
		}
	}
	switch len(set) {
	case 0:
		return nil, nil
	case 3:
		return &nsconfig.Key{Name: *args.TsigName, Algorithm: string(*args.TsigAlgo), Secret: *args.TsigSecret}, nil
	}
	return nil, fmt.Errorf("nameserverConfig: %s given without %s: give tsigName, tsigAlgo and tsigSecret together "+
		"(a Tsig's name, algo and secret outputs), or none for transfers without TSIG",
		strings.Join(set, " and "), strings.Join(unset, " and "))
}
