"""The parcel fabric (geometry, topology, edits, lineage) and the property register."""
