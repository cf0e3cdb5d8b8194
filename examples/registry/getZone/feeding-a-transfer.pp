# A zone found by name, feeding a transfer

# The zone's ID found by its name, for the transfer configuration.
zone = invoke("cloudflare-secondary-dns:index:getZone", {
  name = "example.com"
})

resource primary "cloudflare-secondary-dns:index:Peer" {
  name = "ns1-primary"
  ip   = "192.0.2.53"
  port = 53
}

resource incoming "cloudflare-secondary-dns:index:IncomingTransfer" {
  zoneId = zone.zoneId
  name   = zone.name
  peers  = [primary.id]
}

output zoneType {
  value = zone.type
}
