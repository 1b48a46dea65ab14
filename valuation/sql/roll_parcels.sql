-- Parcels as they were on 1 January, with the land price of the round covering the tax year.
SELECT p.id, p.code, p.tambon, lp.price_per_sq_wah AS price
  FROM parcels_as_of(%(lao_id)s, %(as_of)s) p
  LEFT JOIN appraisal_rounds r
         ON r.lao_id = %(lao_id)s AND %(year)s BETWEEN r.first_year AND r.last_year
  LEFT JOIN land_prices lp
         ON lp.lao_id = %(lao_id)s AND lp.round_id = r.id AND lp.parcel_id = p.id
 ORDER BY p.code
