"""Verified identity through OpenID Connect (issue 17): a one-off proof for one action (signing
an appeal, sending an address), never an account. Decisions 0544 (library), 0545 (what is kept)."""
