# BIND and Knot DNS configurations from the declared key

# What to add to your BIND primary and to your Knot DNS secondary, rendered from the key and
# the zones declared here. Both texts hold the key: they are secrets.
resource transferKey "cloudflare-secondary-dns:index:Tsig" {
  name = "transfer.example.com."
  algo = "hmac-sha512."
}

bind = invoke("cloudflare-secondary-dns:index:nameserverConfig", {
  software   = "bind"
  role       = "primary"
  zoneName   = "example.com"
  tsigName   = transferKey.name
  tsigAlgo   = transferKey.algo
  tsigSecret = transferKey.secret
})

knot = invoke("cloudflare-secondary-dns:index:nameserverConfig", {
  software   = "knot"
  role       = "secondary"
  zoneName   = "example.net"
  tsigName   = transferKey.name
  tsigAlgo   = transferKey.algo
  tsigSecret = transferKey.secret
})

output namedConf {
  value = bind.config
}
output knotConf {
  value = knot.config
}
