-- An LAO's names and the extent of its map in WGS 84: its boundary, else its blocks, else its
-- parcels (COALESCE evaluates only what it needs).
SELECT l.id, l.code, l.name_th, l.name_en,
       ST_XMin(e.box) AS west, ST_YMin(e.box) AS south,
       ST_XMax(e.box) AS east, ST_YMax(e.box) AS north
  FROM laos l,
       LATERAL (SELECT ST_Transform(ST_SetSRID(coalesce(
                    ST_Envelope(l.boundary),
                    (SELECT ST_Extent(b.geom)::geometry FROM blocks b WHERE b.lao_id = l.id),
                    (SELECT ST_Extent(p.geom)::geometry FROM parcels p
                      WHERE p.lao_id = l.id AND p.status = 'active')), l.srid), 4326) AS box) e
 WHERE l.code = :code
