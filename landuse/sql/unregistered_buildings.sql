-- Buildings seen on the map (a building_observed layer) that no registered footprint covers.
SELECT f.id AS feature_id, ST_Area(f.geom) AS area_m2,
       coalesce(sum(ST_Area(ST_Intersection(f.geom, b.footprint))), 0) / ST_Area(f.geom)
           AS covered_share,
       (SELECT p.id FROM parcels p
         WHERE p.lao_id = f.lao_id AND p.status = 'active'
           AND ST_Intersects(p.geom, ST_PointOnSurface(f.geom)) LIMIT 1) AS parcel_id,
       ST_X(ST_PointOnSurface(f.geom)) AS x, ST_Y(ST_PointOnSurface(f.geom)) AS y
  FROM layer_features f
  LEFT JOIN buildings b
    ON b.lao_id = f.lao_id AND b.valid_to IS NULL AND b.status = 'active'
   AND b.footprint IS NOT NULL AND ST_Intersects(b.footprint, f.geom)
 WHERE f.lao_id = :lao AND f.layer_id = :layer AND ST_Dimension(f.geom) = 2
 GROUP BY f.id, f.lao_id, f.geom
HAVING coalesce(sum(ST_Area(ST_Intersection(f.geom, b.footprint))), 0) / ST_Area(f.geom)
       < :share
 ORDER BY f.id
