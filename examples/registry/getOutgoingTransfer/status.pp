# Reading a zone's outgoing transfer configuration

# Whether Cloudflare serves eu.example.net to its secondaries, configured by another stack.
zone = invoke("cloudflare-secondary-dns:index:getZone", {
  name = "eu.example.net"
})

outgoing = invoke("cloudflare-secondary-dns:index:getOutgoingTransfer", {
  zoneId = zone.zoneId
})

output enabled {
  value = outgoing.enabled
}
output secondaries {
  value = outgoing.peers
}
