package kinds

import (
	"context"

	"github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/cfapi"
)

// Cloudflare's actions on a zone's transfers: calls that belong to no object's life cycle.

// actionBody is the body of Cloudflare's action endpoints: they require a JSON object with no
// fields. An empty struct, not an empty map: the SDK's encoder of map types shares state between
// concurrent calls (a data race the race detector finds when two actions run at once).
func actionBody() struct{} { return struct{}{} }

// action runs a call that belongs to no object's life cycle (an action such as enabling
// transfers, or reading the switch) on a zone's configuration of kind.
func action(ctx context.Context, client *cfapi.Client, verb, kind, zoneID string, call func(context.Context) error) error {
	return client.Do(ctx, cfapi.Operation{Verb: verb, Kind: kind, Scope: cfapi.Zone, ScopeID: zoneID}, call)
}
