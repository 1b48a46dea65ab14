-- The bounding box of everything a case changed: the parcels it wrote (new shapes, and retired
-- ones as they were) and the versions those parcels had just before it (old shapes).
INSERT INTO tile_edits (lao_id, case_id, bbox)
SELECT :lao_id, :case_id, ST_SetSRID(ST_Extent(g.geom)::geometry, l.srid)
  FROM laos l,
       LATERAL (SELECT p.geom FROM parcels p
                 WHERE p.lao_id = l.id AND p.case_id = :case_id
                UNION ALL
                SELECT v.geom FROM parcels p
                  JOIN parcel_versions v
                    ON v.lao_id = p.lao_id AND v.parcel_id = p.id AND v.version = p.version - 1
                 WHERE p.lao_id = l.id AND p.case_id = :case_id) g
 WHERE l.id = :lao_id
 GROUP BY l.srid
