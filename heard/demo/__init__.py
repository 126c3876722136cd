"""Demo data: generators that build a believable site through the real services. Data, not
code paths: kept out of the apps, which never import it."""
