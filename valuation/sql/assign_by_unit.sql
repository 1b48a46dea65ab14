-- Parcels not priced yet take the price of the appraisal unit they overlap most (§2.1, second
-- choice), with the overlap share recorded. The explicit && lets the GiST index pick units.
INSERT INTO land_prices (lao_id, round_id, parcel_id, source, price_per_sq_wah,
                         appraisal_unit_id, overlap_share)
SELECT p.lao_id, :round_id, p.id, 'appraisal_unit', best.price_per_sq_wah, best.id,
       round(best.share::numeric, 6)
  FROM parcels p
 CROSS JOIN LATERAL (
       SELECT u.id, u.price_per_sq_wah,
              -- Most parcels lie wholly in one unit: ST_Covers (prepared, cached while the
              -- same unit repeats) answers that without intersecting a large polygon.
              CASE WHEN ST_Covers(u.geom, p.geom) THEN 1.0
                   ELSE ST_Area(ST_Intersection(p.geom, u.geom)) / NULLIF(ST_Area(p.geom), 0)
              END AS share
         FROM appraisal_units u
        WHERE u.lao_id = p.lao_id AND u.round_id = :round_id
          AND u.geom && p.geom AND ST_Intersects(u.geom, p.geom)
        ORDER BY share DESC, u.id
        LIMIT 1) best
 WHERE p.lao_id = :lao_id AND p.status = 'active' AND best.share > 0
   AND NOT EXISTS (SELECT 1 FROM land_prices lp
                    WHERE lp.lao_id = p.lao_id AND lp.round_id = :round_id AND lp.parcel_id = p.id)
