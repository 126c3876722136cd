"""The site's own pages: about, the moderation rules, privacy, accessibility, contact. Each reads
its figures from the code and settings that enforce them, so that the page stays true."""
