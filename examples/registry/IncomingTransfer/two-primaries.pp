# Cloudflare as secondary, pulling from two primaries

# Cloudflare as secondary of example.com, pulling it from two primaries, checking every hour.
resource transferKey "cloudflare-secondary-dns:index:Tsig" {
  name = "transfer.example.com."
  algo = "hmac-sha512."
}

resource ns1 "cloudflare-secondary-dns:index:Peer" {
  name       = "ns1-primary"
  ip         = "192.0.2.53"
  port       = 53
  ixfrEnable = true
  tsigId     = transferKey.id
}

resource ns2 "cloudflare-secondary-dns:index:Peer" {
  name       = "ns2-primary"
  ip         = "203.0.113.53"
  port       = 53
  ixfrEnable = true
  tsigId     = transferKey.id
}

zone = invoke("cloudflare-secondary-dns:index:getZone", {
  name = "example.com"
})

resource incoming "cloudflare-secondary-dns:index:IncomingTransfer" {
  zoneId             = zone.zoneId
  name               = zone.name
  peers              = [ns1.id, ns2.id]
  autoRefreshSeconds = 3600
  # Change the list to ask Cloudflare to pull the whole zone now (force AXFR), once.
  triggers = ["2026-12-01"]
}

output soaSerial {
  value = incoming.soaSerial
}
