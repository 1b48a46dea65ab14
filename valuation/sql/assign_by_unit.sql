-- Parcels not priced yet take the price of the appraisal unit they overlap most (§2.1, second
-- choice), with the overlap share recorded. The parcels left are found first (after
-- assign_covered.sql only those crossing a unit boundary remain), so the per-parcel search
-- runs for them alone; the explicit && lets the GiST index pick units.
WITH todo AS MATERIALIZED (
    SELECT p.lao_id, p.id, p.geom
      FROM parcels p
     WHERE p.lao_id = :lao_id AND p.status = 'active'
       AND NOT EXISTS (SELECT 1 FROM land_prices lp
                        WHERE lp.lao_id = p.lao_id AND lp.round_id = :round_id
                          AND lp.parcel_id = p.id)
)
INSERT INTO land_prices (lao_id, round_id, parcel_id, source, price_per_sq_wah,
                         appraisal_unit_id, overlap_share)
SELECT p.lao_id, :round_id, p.id, 'appraisal_unit', best.price_per_sq_wah, best.id,
       round(best.share::numeric, 6)
  FROM todo p
 CROSS JOIN LATERAL (
       SELECT u.id, u.price_per_sq_wah,
              CASE WHEN ST_Covers(u.geom, p.geom) THEN 1.0
                   ELSE ST_Area(ST_Intersection(p.geom, u.geom)) / NULLIF(ST_Area(p.geom), 0)
              END AS share
         FROM appraisal_units u
        WHERE u.lao_id = p.lao_id AND u.round_id = :round_id
          AND u.geom && p.geom AND ST_Intersects(u.geom, p.geom)
        ORDER BY share DESC, u.id
        LIMIT 1) best
 WHERE best.share > 0
