# Reading a peer by ID

# A peer another stack manages, read by its ID.
config peerId "string" {
}

peer = invoke("cloudflare-secondary-dns:index:getPeer", {
  peerId = peerId
})

output peerAddress {
  value = peer.ip
}
