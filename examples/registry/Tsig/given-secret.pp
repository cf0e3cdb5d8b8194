# A TSIG key with your own secret

# The key's secret (base64) as your nameserver has it, kept encrypted in the stack's
# configuration by `pulumi config set --secret tsigSecret`.
config tsigSecret "string" {
  secret = true
}

resource transferKey "cloudflare-secondary-dns:index:Tsig" {
  name   = "transfer.example.com."
  algo   = "hmac-sha512."
  secret = tsigSecret
}

output tsigId {
  value = transferKey.id
}
