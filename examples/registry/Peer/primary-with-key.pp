# A primary nameserver signing with a TSIG key

# Your primary nameserver, which Cloudflare pulls secondary zones from, signing with the key.
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

output peerId {
  value = primary.id
}
