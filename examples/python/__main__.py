"""Entry point of the Pulumi program: the resources live in secondary_dns.py."""

from secondary_dns import program

program()
