package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/pulumi/pulumi-go-provider/infer"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/cfapi"
	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/kinds"
)

// GetIncomingTransfer reads a zone's incoming transfer configuration.
type GetIncomingTransfer struct{}

// GetOutgoingTransfer reads a zone's outgoing transfer configuration and its switch.
type GetOutgoingTransfer struct{}

// ZoneArgs name the zone whose configuration to read.
type ZoneArgs struct {
	ZoneID string `pulumi:"zoneId"`
}

func (f *GetIncomingTransfer) Annotate(a infer.Annotator) {
	a.Describe(f, `Reads a zone's incoming transfer configuration (Cloudflare as secondary).`)
}

func (f *GetOutgoingTransfer) Annotate(a infer.Annotator) {
	a.Describe(f, `Reads a zone's outgoing transfer configuration (Cloudflare as primary), with whether
transfers are enabled.`)
}

func (a *ZoneArgs) Annotate(an infer.Annotator) { an.Describe(&a.ZoneID, kinds.ZoneArgDescription) }

func (GetIncomingTransfer) Invoke(ctx context.Context, req infer.FunctionRequest[ZoneArgs]) (infer.FunctionResponse[kinds.IncomingTransfer], error) {
	client, err := zoneClient(ctx, req.Input.ZoneID)
	if err != nil {
		return infer.FunctionResponse[kinds.IncomingTransfer]{}, err
	}
	got, err := kinds.IncomingTransfers.Get(ctx, client, req.Input.ZoneID)
	return infer.FunctionResponse[kinds.IncomingTransfer]{Output: got}, err
}

func (GetOutgoingTransfer) Invoke(ctx context.Context, req infer.FunctionRequest[ZoneArgs]) (infer.FunctionResponse[kinds.OutgoingTransfer], error) {
	client, err := zoneClient(ctx, req.Input.ZoneID)
	if err != nil {
		return infer.FunctionResponse[kinds.OutgoingTransfer]{}, err
	}
	got, err := kinds.OutgoingTransfers.Get(ctx, client, req.Input.ZoneID)
	if err != nil {
		return infer.FunctionResponse[kinds.OutgoingTransfer]{}, err
	}
	got.Enabled, err = kinds.OutgoingEnabled(ctx, client, req.Input.ZoneID)
	return infer.FunctionResponse[kinds.OutgoingTransfer]{Output: got}, err
}

// zoneClient checks a zone ID argument before any call to Cloudflare.
func zoneClient(ctx context.Context, zoneID string) (*cfapi.Client, error) {
	if err := kinds.ValidateObjectID(zoneID, "zone"); err != nil {
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
OutgoingTransfer) and its type. The API token needs the "Zone Read" permission on the zone.`)
}

func (a *GetZoneArgs) Annotate(an infer.Annotator) {
	an.Describe(&a.Name, "The zone's DNS name, e.g. \"example.com\" (a final dot is ignored).")
	an.Describe(&a.AccountID, "The account that holds the zone ("+kinds.HexID+"). Defaults to the provider's accountId; "+
		"with neither, every account the credentials may use is searched.")
}

func (z *ZoneInfo) Annotate(an infer.Annotator) {
	an.Describe(z, "A Cloudflare zone.")
	an.Describe(&z.ID, "The zone's ID ("+kinds.HexID+").")
	an.Describe(&z.Name, "The zone's name, as Cloudflare writes it.")
	an.Describe(&z.Type, "Who serves the zone's DNS: \"full\" or \"partial\" (Cloudflare; it can be a primary, see OutgoingTransfer) "+
		"or \"secondary\" (transferred in, see IncomingTransfer).")
	an.Describe(&z.NameServers, "The Cloudflare nameservers assigned to the zone.")
}

func (GetZone) Invoke(ctx context.Context, req infer.FunctionRequest[GetZoneArgs]) (infer.FunctionResponse[ZoneInfo], error) {
	in := req.Input
	if err := kinds.ValidateDNSName(in.Name); err != nil {
		return infer.FunctionResponse[ZoneInfo]{}, argumentError("name", err)
	}
	if in.AccountID != "" {
		if err := kinds.ValidateAccountID(in.AccountID); err != nil {
			return infer.FunctionResponse[ZoneInfo]{}, argumentError("accountId", err)
		}
	}
	cfg := infer.GetConfig[*Config](ctx)
	if cfg.client == nil {
		_, _, err := clientFor(ctx, "")
		return infer.FunctionResponse[ZoneInfo]{}, err
	}
	account := firstSet(in.AccountID, cfg.account)
	found, err := kinds.FindZones(ctx, cfg.client, in.Name, account)
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
