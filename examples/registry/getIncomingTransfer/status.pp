# Reading a zone's incoming transfer configuration

# What Cloudflare last pulled for example.org, whose transfers another stack configures.
zone = invoke("cloudflare-secondary-dns:index:getZone", {
  name = "example.org"
})

incoming = invoke("cloudflare-secondary-dns:index:getIncomingTransfer", {
  zoneId = zone.zoneId
})

output soaSerial {
  value = incoming.soaSerial
}
output primaries {
  value = incoming.peers
}
