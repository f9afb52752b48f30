"""What a document prints: its template context (every legal formatting applied, pure) and
which template it uses. May import: errors, base, decree, campaign.
"""
