"""Electronic issuance: PAdES signatures on the rendered PDF with the appearance Decree 30
describes (the signer's image, the body's seal, the attachment's text), keys from PKCS#12
files or PKCS#11 tokens, and verification of received PDFs (pyHanko).

May import: errors, base, decree, campaign, document, word, pdf.
"""
