# Cloudflare as primary, transfers switched on

# Cloudflare as primary of example.net: transfers switched on, and NOTIFY sent again whenever
# the triggers change.
resource transferKey "cloudflare-secondary-dns:index:Tsig" {
  name = "transfer.example.net."
  algo = "hmac-sha256."
}

resource secondary "cloudflare-secondary-dns:index:Peer" {
  name   = "ns1-secondary"
  ip     = "198.51.100.53"
  port   = 53
  tsigId = transferKey.id
}

zone = invoke("cloudflare-secondary-dns:index:getZone", {
  name = "example.net"
})

resource outgoing "cloudflare-secondary-dns:index:OutgoingTransfer" {
  zoneId   = zone.zoneId
  name     = zone.name
  peers    = [secondary.id]
  enabled  = true
  triggers = ["2026-12-01"]
}

output enabled {
  value = outgoing.enabled
}
