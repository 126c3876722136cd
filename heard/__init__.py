"""heard: a public register of appeals to an authority."""
