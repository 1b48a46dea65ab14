SELECT id, code, parcel_id, treasury_type, construction_class, floor_area_m2, year_completed
  FROM buildings
 WHERE lao_id = :lao_id AND valid_from <= :as_of AND (valid_to IS NULL OR valid_to > :as_of)
   AND (year_completed IS NULL OR year_completed < :year)
 ORDER BY code
