-- Parcels as they were on 1 January (parcels_as_of: later edits and retirements undone), with
-- zone, tambon and the land price of the round covering the tax year, in satang (NULL: none).
SELECT p.id, p.code, coalesce(z.code, left(p.code, 2)) AS zone, coalesce(p.tambon, '') AS tambon,
       round(lp.price_per_sq_wah * 100)::bigint AS price_satang
  FROM parcels_as_of(%(lao_id)s, %(as_of)s) p
  LEFT JOIN blocks b ON b.lao_id = %(lao_id)s AND b.id = p.block_id
  LEFT JOIN zones z ON z.lao_id = b.lao_id AND z.id = b.zone_id
  LEFT JOIN appraisal_rounds r
         ON r.lao_id = %(lao_id)s AND %(year)s BETWEEN r.first_year AND r.last_year
  LEFT JOIN land_prices lp
         ON lp.lao_id = %(lao_id)s AND lp.round_id = r.id AND lp.parcel_id = p.id
 ORDER BY p.code
