package provider

import "github.com/cfsecdns/pulumi-cloudflare-secondary-dns/internal/kinds"

// What the properties the provider adds to its kinds' accept and mean (kinds holds the rest).
const (
	accountArgDescription  = "The Cloudflare account (" + kinds.HexID + "). Defaults to the provider's accountId."
	zoneIDInputDescription = kinds.ZoneArgDescription + " The configuration belongs to the zone and is its ID. Changing it replaces the configuration."
	triggersDescription    = "Any values: when they change, the provider runs the action once (after writing the configuration, " +
		"if anything else changed too). A change of triggers alone writes nothing else. A new configuration does not run it."

	acceptsZoneName = "the zone's DNS name, e.g. \"example.com\" or \"example.com.\""
	acceptsPeers    = "a set of at most 30 distinct peer IDs (" + kinds.HexID + "), e.g. the id of Peer resources"
	acceptsTriggers = "a list of strings; any change to it runs the action once"
)
