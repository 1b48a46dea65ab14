-- Per tambon: parcels and buildings touching the flood-prone features of a layer, the parcel
-- area inside them and the assessed value (appraised value on the newest roll) at risk.
WITH flood AS (
    SELECT ST_UnaryUnion(ST_Collect(ST_CollectionExtract(geom, 3))) AS geom
      FROM layer_features WHERE lao_id = :lao AND layer_id = :layer
),
roll AS (
    SELECT id FROM tax_rolls WHERE lao_id = :lao ORDER BY tax_year DESC LIMIT 1
),
hit_parcels AS (
    SELECT p.id, p.tambon, ST_Area(ST_Intersection(p.geom, flood.geom)) AS inside_m2
      FROM parcels p, flood
     WHERE p.lao_id = :lao AND p.status = 'active' AND ST_Intersects(p.geom, flood.geom)
       AND ST_Area(ST_Intersection(p.geom, flood.geom)) > 0
),
hit_buildings AS (
    SELECT b.id, p.tambon
      FROM buildings b
      JOIN parcels p ON (p.lao_id, p.id) = (b.lao_id, b.parcel_id), flood
     WHERE b.lao_id = :lao AND b.valid_to IS NULL AND b.status = 'active'
       AND b.footprint IS NOT NULL AND ST_Intersects(b.footprint, flood.geom)
)
SELECT t.tambon,
       (SELECT count(*) FROM hit_parcels h WHERE h.tambon = t.tambon) AS parcels,
       (SELECT coalesce(sum(inside_m2), 0) FROM hit_parcels h WHERE h.tambon = t.tambon)
           AS parcel_area_m2,
       (SELECT coalesce(sum(l.value), 0) FROM assessment_lines l, roll
         WHERE l.lao_id = :lao AND l.roll_id = roll.id
           AND l.parcel_id IN (SELECT id FROM hit_parcels h WHERE h.tambon = t.tambon))
           AS parcel_value,
       (SELECT count(*) FROM hit_buildings h WHERE h.tambon = t.tambon) AS buildings,
       (SELECT coalesce(sum(l.value), 0) FROM assessment_lines l, roll
         WHERE l.lao_id = :lao AND l.roll_id = roll.id
           AND l.building_id IN (SELECT id FROM hit_buildings h WHERE h.tambon = t.tambon))
           AS building_value
  FROM (SELECT DISTINCT tambon FROM parcels WHERE lao_id = :lao AND tambon IS NOT NULL) t
 ORDER BY t.tambon
