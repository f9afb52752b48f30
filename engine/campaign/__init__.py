"""Campaign and body-profile files: YAML read without retyping (and written back), the
JSON Schemas, validation with every problem at once, the frozen models, the body tree.
May import: errors, base, decree.
"""
