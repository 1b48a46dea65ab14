"""Pure tax and valuation rules: the mechanism; the numbers come from data/tax (rule book)."""
