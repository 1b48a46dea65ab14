-- Buildings standing on 1 January (completed before the tax year); floor area in hundredths.
SELECT id, code, parcel_id, coalesce(treasury_type, 0) AS treasury_type, construction_class,
       round(floor_area_m2 * 100)::bigint AS floor_centi, coalesce(year_completed, 0) AS year_completed
  FROM buildings
 WHERE lao_id = %(lao_id)s AND valid_from <= %(as_of)s
   AND (valid_to IS NULL OR valid_to > %(as_of)s)
   AND (year_completed IS NULL OR year_completed < %(year)s)
 ORDER BY code
