"""Series over the imported months: a municipality, a prefecture or the whole country."""
