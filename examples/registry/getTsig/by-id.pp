# Reading a TSIG key by ID

# A key another stack manages, read by its ID; its secret stays a secret.
config tsigId "string" {
}

key = invoke("cloudflare-secondary-dns:index:getTsig", {
  tsigId = tsigId
})

output keyName {
  value = key.name
}
output keySecret {
  value = key.secret
}
