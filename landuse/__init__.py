"""Planning layers for planners: land use, zoning, land cover, flood areas, overlays."""
