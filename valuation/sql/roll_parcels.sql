-- Parcels in force on 1 January, with the land price of the round covering the tax year.
SELECT p.id, p.code, p.tambon, lp.price_per_sq_wah AS price
  FROM parcels p
  LEFT JOIN appraisal_rounds r
         ON r.lao_id = p.lao_id AND :year BETWEEN r.first_year AND r.last_year
  LEFT JOIN land_prices lp
         ON lp.lao_id = p.lao_id AND lp.round_id = r.id AND lp.parcel_id = p.id
 WHERE p.lao_id = :lao_id AND p.valid_from <= :as_of AND (p.valid_to IS NULL OR p.valid_to > :as_of)
 ORDER BY p.code
