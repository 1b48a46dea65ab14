-- Parcels not priced yet that lie wholly inside an appraisal unit take its price, share 1
-- (§2.1, second choice): most parcels do. Units drive the join, so each unit's polygon is
-- prepared once and tested against the parcels the GiST index finds in it; where units
-- overlap, the lowest unit id wins, as in assign_by_unit.sql. The rest go there.
INSERT INTO land_prices (lao_id, round_id, parcel_id, source, price_per_sq_wah,
                         appraisal_unit_id, overlap_share)
SELECT DISTINCT ON (p.id) p.lao_id, :round_id, p.id, 'appraisal_unit', u.price_per_sq_wah,
       u.id, 1.0
  FROM appraisal_units u
  JOIN parcels p ON p.lao_id = u.lao_id AND p.geom && u.geom AND ST_Covers(u.geom, p.geom)
 WHERE u.lao_id = :lao_id AND u.round_id = :round_id AND p.status = 'active'
   AND NOT EXISTS (SELECT 1 FROM land_prices lp
                    WHERE lp.lao_id = p.lao_id AND lp.round_id = :round_id AND lp.parcel_id = p.id)
 ORDER BY p.id, u.id
