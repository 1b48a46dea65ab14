-- Parcels in force on 1 January with zone, tambon and the land price of the round covering
-- the tax year, in satang (NULL: no price).
SELECT p.id, p.code, coalesce(z.code, left(p.code, 2)) AS zone, coalesce(p.tambon, '') AS tambon,
       round(lp.price_per_sq_wah * 100)::bigint AS price_satang
  FROM parcels p
  LEFT JOIN blocks b ON b.lao_id = p.lao_id AND b.id = p.block_id
  LEFT JOIN zones z ON z.lao_id = b.lao_id AND z.id = b.zone_id
  LEFT JOIN appraisal_rounds r
         ON r.lao_id = p.lao_id AND %(year)s BETWEEN r.first_year AND r.last_year
  LEFT JOIN land_prices lp
         ON lp.lao_id = p.lao_id AND lp.round_id = r.id AND lp.parcel_id = p.id
 WHERE p.lao_id = %(lao_id)s AND p.valid_from <= %(as_of)s
   AND (p.valid_to IS NULL OR p.valid_to > %(as_of)s)
 ORDER BY p.code
