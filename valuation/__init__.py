"""Valuation (appraisal, depreciation) and the tax engine."""
