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

// Shared descriptions of the zone transfer configurations (IncomingTransfer, OutgoingTransfer
// and their functions).
const (
	zoneIDInputDescription = zoneArgDescription + " The configuration belongs to the zone and is its ID. Changing it replaces the configuration."
	zoneNameDescription    = "The zone's DNS name, e.g. \"example.com.\" (with or without the final dot)."
	triggersDescription    = "Any values: when they change, the provider runs the action once (after writing the configuration, " +
		"if anything else changed too). A change of triggers alone writes nothing else. A new configuration does not run it."
	soaSerialDescription   = "The serial of the zone's SOA record as Cloudflare last saw it."
	checkedTimeDescription = "When Cloudflare last checked the zone's SOA serial."
	createdTimeDescription = "When the configuration was created."
)

// describeTransferFields describes what both transfer configurations have.
func describeTransferFields(an infer.Annotator, zoneID, name *string, peers *[]string, input bool, peersText string) {
	if input {
		an.Describe(zoneID, zoneIDInputDescription)
	} else {
		an.Describe(zoneID, zoneArgDescription)
	}
	an.Describe(name, zoneNameDescription)
	an.Describe(peers, peersText+" A set: the order has no meaning. At most 30, each "+hexID+", from the account of the zone.")
}
