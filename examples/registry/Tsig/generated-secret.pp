# A TSIG key with a generated secret

# Without a secret, the provider generates one and keeps it encrypted in the state; configure
# your nameserver with it: pulumi stack output tsigSecret --show-secrets
resource transferKey "cloudflare-secondary-dns:index:Tsig" {
  name = "transfer.example.com."
  algo = "hmac-sha512."
}

output tsigSecret {
  value = transferKey.secret
}
