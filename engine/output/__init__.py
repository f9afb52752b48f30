"""Batches of documents on disk: the plan, the one render -> write -> manifest path (build),
generate, regenerate, the manifest and its journal, the render worker pool.
May import: errors, base, decree, campaign, document, word, pdf.
"""
