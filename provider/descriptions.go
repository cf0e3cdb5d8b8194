package provider

import "github.com/pulumi/pulumi-go-provider/infer"

// What properties accept and mean, written once for every resource and function that has them.

// hexID is the shape of every Cloudflare ID: accounts, zones, TSIG keys, peers and ACLs.
const hexID = "32 lowercase hexadecimal characters"

const (
	acceptsAccountID = "a Cloudflare account ID (" + hexID + ")"
	acceptsZoneID    = "a Cloudflare zone ID (" + hexID + ")"

	accountArgDescription = "The Cloudflare account (" + hexID + "). Defaults to the provider's accountId."
	zoneArgDescription    = "The zone's ID (" + hexID + "), e.g. from the getZone function or the dashboard's zone overview."
)

// describeAccount describes the accountId of an object owned by an account; as an input it
// defaults to the provider's and replaces the object when changed.
func describeAccount(an infer.Annotator, accountID *string, owned string, input bool) {
	text := "The Cloudflare account that owns the " + owned + " (" + hexID + ")."
	if input {
		text += " Defaults to the provider's accountId. Changing it replaces the " + owned + "."
	}
	an.Describe(accountID, text)
}

// describeID describes an output holding an object's Cloudflare ID.
func describeID(an infer.Annotator, id *string, owned string) {
	an.Describe(id, "The "+owned+"'s ID ("+hexID+").")
}
