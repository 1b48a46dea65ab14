"""The parcel fabric: zones, blocks, parcels, their versions and lineage."""
