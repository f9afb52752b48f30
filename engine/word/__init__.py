"""DOCX files: archive safety and deterministic zip writing, compiled sandboxed docxtpl
rendering, Phụ lục tables, the decree's lines sized from font metrics, reading any DOCX back.
May import: errors, base, decree, campaign.
"""
