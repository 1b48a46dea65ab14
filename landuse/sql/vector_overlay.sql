-- Area and share of each class of one vector layer in each active parcel of the LAO.
-- Features of one class are dissolved first (overlapping features are not counted twice) and
-- cut into small pieces so the intersections stay cheap; areas are planar m² in the LAO's CRS.
WITH pieces AS (
    SELECT f.class_code,
           ST_Subdivide(ST_UnaryUnion(ST_Collect(ST_CollectionExtract(f.geom, 3))), 256) AS geom
      FROM layer_features f
     WHERE f.lao_id = :lao AND f.layer_id = :layer AND ST_Dimension(f.geom) = 2
     GROUP BY f.class_code
),
cut AS (
    SELECT p.id AS parcel_id, k.class_code,
           sum(ST_Area(ST_Intersection(p.geom, k.geom))) AS area_m2,
           ST_Area(p.geom) AS parcel_m2
      FROM parcels p
      JOIN pieces k ON ST_Intersects(p.geom, k.geom)
     WHERE p.lao_id = :lao AND p.status = 'active'
     GROUP BY p.id, k.class_code, p.geom
)
INSERT INTO parcel_layer_classes (lao_id, layer_id, parcel_id, class_code, area_m2, share)
SELECT :lao, :layer, parcel_id, class_code, area_m2, area_m2 / parcel_m2
  FROM cut
 WHERE area_m2 > 0
