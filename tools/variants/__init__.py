"""Form variants typeset and filled by other hands (see docs/variants.md)."""
