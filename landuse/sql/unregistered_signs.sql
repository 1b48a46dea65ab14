-- Signs found in the field (a sign_observed layer) with no registered sign within :distance m.
SELECT f.id AS feature_id, f.attributes,
       (SELECT p.id FROM parcels p
         WHERE p.lao_id = f.lao_id AND p.status = 'active' AND ST_Intersects(p.geom, f.geom)
         LIMIT 1) AS parcel_id,
       ST_X(ST_PointOnSurface(f.geom)) AS x, ST_Y(ST_PointOnSurface(f.geom)) AS y
  FROM layer_features f
 WHERE f.lao_id = :lao AND f.layer_id = :layer
   AND NOT EXISTS (
       SELECT 1 FROM signs s
        WHERE s.lao_id = f.lao_id AND s.valid_to IS NULL AND s.position IS NOT NULL
          AND ST_DWithin(s.position, f.geom, :distance))
 ORDER BY f.id
