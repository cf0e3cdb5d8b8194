package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-go-provider/infer"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/provider/internal/cfapi"
)

// GetIncomingTransfer reads a zone's incoming transfer configuration.
type GetIncomingTransfer struct{}

// GetOutgoingTransfer reads a zone's outgoing transfer configuration and its switch.
type GetOutgoingTransfer struct{}

// ZoneArgs name the zone whose configuration to read.
type ZoneArgs struct {
	ZoneID string `pulumi:"zoneId"`
}

// IncomingTransferInfo is an incoming configuration as read from Cloudflare.
type IncomingTransferInfo struct {
	ZoneID             string   `pulumi:"zoneId"`
	Name               string   `pulumi:"name"`
	Peers              []string `pulumi:"peers"`
	AutoRefreshSeconds int      `pulumi:"autoRefreshSeconds"`
	SOASerial          int      `pulumi:"soaSerial"`
	CheckedTime        string   `pulumi:"checkedTime"`
	CreatedTime        string   `pulumi:"createdTime"`
	ModifiedTime       string   `pulumi:"modifiedTime"`
}

// OutgoingTransferInfo is an outgoing configuration as read from Cloudflare.
type OutgoingTransferInfo struct {
	ZoneID              string   `pulumi:"zoneId"`
	Name                string   `pulumi:"name"`
	Peers               []string `pulumi:"peers"`
	Enabled             bool     `pulumi:"enabled"`
	SOASerial           int      `pulumi:"soaSerial"`
	CheckedTime         string   `pulumi:"checkedTime"`
	CreatedTime         string   `pulumi:"createdTime"`
	LastTransferredTime string   `pulumi:"lastTransferredTime"`
}

func (f *GetIncomingTransfer) Annotate(a infer.Annotator) {
	a.Describe(f, `Reads a zone's incoming transfer configuration (Cloudflare as secondary).

Example (TypeScript):

    const incoming = cfsecdns.getIncomingTransferOutput({ zoneId: zone.id });`)
}

func (f *GetOutgoingTransfer) Annotate(a infer.Annotator) {
	a.Describe(f, `Reads a zone's outgoing transfer configuration (Cloudflare as primary), with whether
transfers are enabled.

Example (TypeScript):

    const outgoing = cfsecdns.getOutgoingTransferOutput({ zoneId: zone.id });`)
}

func (a *ZoneArgs) Annotate(an infer.Annotator) { an.Describe(&a.ZoneID, zoneArgDescription) }

func (i *IncomingTransferInfo) Annotate(an infer.Annotator) {
	an.Describe(i, "A zone's incoming transfer configuration as Cloudflare holds it.")
	describeTransferFields(an, &i.ZoneID, &i.Name, &i.Peers, false, incomingPeersDescription)
	describeAutoRefresh(an, &i.AutoRefreshSeconds)
	describeIncomingOutputs(an, &i.SOASerial, &i.CheckedTime, &i.CreatedTime, &i.ModifiedTime)
}

func (i *OutgoingTransferInfo) Annotate(an infer.Annotator) {
	an.Describe(i, "A zone's outgoing transfer configuration as Cloudflare holds it.")
	describeTransferFields(an, &i.ZoneID, &i.Name, &i.Peers, false, outgoingPeersDescription)
	an.Describe(&i.Enabled, enabledOutputDescription)
	describeOutgoingOutputs(an, &i.SOASerial, &i.CheckedTime, &i.CreatedTime, &i.LastTransferredTime)
}

func (GetIncomingTransfer) Invoke(ctx context.Context, req infer.FunctionRequest[ZoneArgs]) (infer.FunctionResponse[IncomingTransferInfo], error) {
	client, err := zoneClient(ctx, req.Input.ZoneID)
	if err != nil {
		return infer.FunctionResponse[IncomingTransferInfo]{}, err
	}
	got, err := incomingKind.Get(ctx, client, req.Input.ZoneID, req.Input.ZoneID)
	if err != nil {
		return infer.FunctionResponse[IncomingTransferInfo]{}, err
	}
	return infer.FunctionResponse[IncomingTransferInfo]{Output: IncomingTransferInfo{
		ZoneID: got.ZoneID, Name: got.Name, Peers: got.Peers, AutoRefreshSeconds: got.AutoRefreshSeconds,
		SOASerial: got.SOASerial, CheckedTime: got.CheckedTime, CreatedTime: got.CreatedTime, ModifiedTime: got.ModifiedTime,
	}}, nil
}

func (GetOutgoingTransfer) Invoke(ctx context.Context, req infer.FunctionRequest[ZoneArgs]) (infer.FunctionResponse[OutgoingTransferInfo], error) {
	client, err := zoneClient(ctx, req.Input.ZoneID)
	if err != nil {
		return infer.FunctionResponse[OutgoingTransferInfo]{}, err
	}
	got, err := outgoingKind.Get(ctx, client, req.Input.ZoneID, req.Input.ZoneID)
	if err != nil {
		return infer.FunctionResponse[OutgoingTransferInfo]{}, err
	}
	on, err := outgoingEnabled(ctx, client, req.Input.ZoneID)
	if err != nil {
		return infer.FunctionResponse[OutgoingTransferInfo]{}, err
	}
	return infer.FunctionResponse[OutgoingTransferInfo]{Output: OutgoingTransferInfo{
		ZoneID: got.ZoneID, Name: got.Name, Peers: got.Peers, Enabled: on, SOASerial: got.SOASerial,
		CheckedTime: got.CheckedTime, CreatedTime: got.CreatedTime, LastTransferredTime: got.LastTransferredTime,
	}}, nil
}

// zoneClient checks a zone ID argument before any call to Cloudflare.
func zoneClient(ctx context.Context, zoneID string) (*cfapi.Client, error) {
	if err := validateObjectID(zoneID, "zone"); err != nil {
		return nil, argumentError("zoneId", err)
	}
	client, _, err := clientFor(ctx, zoneID)
	return client, err
}

// GetZone finds a zone by name.
type GetZone struct{}

// GetZoneArgs name the zone.
type GetZoneArgs struct {
	Name      string `pulumi:"name"`
	AccountID string `pulumi:"accountId,optional"`
}

// ZoneInfo is a zone as Cloudflare holds it.
type ZoneInfo struct {
	ID          string   `pulumi:"zoneId"` // "id" is reserved by the framework
	Name        string   `pulumi:"name"`
	Type        string   `pulumi:"type"`
	NameServers []string `pulumi:"nameServers"`
}

func (f *GetZone) Annotate(a infer.Annotator) {
	a.Describe(f, `Finds a zone by name, for its ID (the zoneId of IncomingTransfer and
OutgoingTransfer) and its type. The API token needs the "Zone Read" permission on the zone.

Example (TypeScript):

    const zone = cfsecdns.getZoneOutput({ name: "example.com" });`)
}

func (a *GetZoneArgs) Annotate(an infer.Annotator) {
	an.Describe(&a.Name, "The zone's DNS name, e.g. \"example.com\" (a final dot is ignored).")
	an.Describe(&a.AccountID, "The account that holds the zone ("+hexID+"). Defaults to the provider's accountId; "+
		"with neither, every account the credentials may use is searched.")
}

func (z *ZoneInfo) Annotate(an infer.Annotator) {
	an.Describe(z, "A Cloudflare zone.")
	an.Describe(&z.ID, "The zone's ID ("+hexID+").")
	an.Describe(&z.Name, "The zone's name, as Cloudflare writes it.")
	an.Describe(&z.Type, "Who serves the zone's DNS: \"full\" or \"partial\" (Cloudflare; it can be a primary, see OutgoingTransfer) "+
		"or \"secondary\" (transferred in, see IncomingTransfer).")
	an.Describe(&z.NameServers, "The Cloudflare nameservers assigned to the zone.")
}

func (GetZone) Invoke(ctx context.Context, req infer.FunctionRequest[GetZoneArgs]) (infer.FunctionResponse[ZoneInfo], error) {
	in := req.Input
	if err := validateDNSName(in.Name); err != nil {
		return infer.FunctionResponse[ZoneInfo]{}, argumentError("name", err)
	}
	if in.AccountID != "" {
		if err := validateAccountID(in.AccountID); err != nil {
			return infer.FunctionResponse[ZoneInfo]{}, argumentError("accountId", err)
		}
	}
	cfg := infer.GetConfig[*Config](ctx)
	if cfg.client == nil {
		_, _, err := clientFor(ctx, "")
		return infer.FunctionResponse[ZoneInfo]{}, err
	}
	account := firstSet(in.AccountID, cfg.account)
	found, err := findZones(ctx, cfg.client, in.Name, account)
	if err != nil {
		return infer.FunctionResponse[ZoneInfo]{}, err
	}
	where := "in account " + account
	if account == "" {
		where = "in any account the credentials may use"
	}
	switch len(found) {
	case 1:
		z := found[0]
		return infer.FunctionResponse[ZoneInfo]{Output: ZoneInfo{ID: z.ID, Name: z.Name, Type: z.Type, NameServers: z.NameServers}}, nil
	case 0:
		return infer.FunctionResponse[ZoneInfo]{}, fmt.Errorf("getZone: no zone named %q %s: check the name, and that the API token has the \"Zone Read\" permission on the zone", in.Name, where)
	}
	accounts := make([]string, len(found))
	for i, z := range found {
		accounts[i] = z.AccountID
	}
	return infer.FunctionResponse[ZoneInfo]{}, fmt.Errorf("getZone: %d zones are named %q %s (accounts %s): set accountId to choose one",
		len(found), in.Name, where, strings.Join(accounts, ", "))
}
