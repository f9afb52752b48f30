"""Award dossiers: nominees, the campaign's rules, and the documents of a dossier."""
