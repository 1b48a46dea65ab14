"""Map tiles: Mapbox Vector Tiles of an LAO's layers made in PostGIS, and their invalidation."""
