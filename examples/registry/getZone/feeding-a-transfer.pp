# A zone found by name, feeding a transfer and your primary's configuration

# The zone's ID, found by its name, for the transfer configuration; your BIND primary's
# configuration for the same zone and key (a secret: it holds the key).
zone = invoke("cloudflare-secondary-dns:index:getZone", {
  name = "example.com"
})

resource transferKey "cloudflare-secondary-dns:index:Tsig" {
  name = "transfer.example.com."
  algo = "hmac-sha512."
}

resource primary "cloudflare-secondary-dns:index:Peer" {
  name       = "ns1-primary"
  ip         = "192.0.2.53"
  port       = 53
  ixfrEnable = true
  tsigId     = transferKey.id
}

resource incoming "cloudflare-secondary-dns:index:IncomingTransfer" {
  zoneId = zone.zoneId
  name   = zone.name
  peers  = [primary.id]
}

bind = invoke("cloudflare-secondary-dns:index:nameserverConfig", {
  software   = "bind"
  role       = "primary"
  zoneName   = zone.name
  tsigName   = transferKey.name
  tsigAlgo   = transferKey.algo
  tsigSecret = transferKey.secret
})

output zoneType {
  value = zone.type
}
output namedConf {
  value = bind.config
}
