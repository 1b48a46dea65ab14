"""The property register: parties, rights, land use, buildings, condo units, signs, trades."""
